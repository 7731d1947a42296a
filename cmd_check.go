package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/internal/membudget"
	"github.com/jxzp/jxzp/scoring"
)

// checkCommand is `jxzp check FILE…`: the check a unit runs on its own forms before sending them.
func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "报送前自查：逐表列出问题（错误在前）和复核得分，可同时写出审核副本",
		ArgsUsage: "工作簿…",
		UsageText: "jxzp check 工作簿… [-o 输出文件夹] [--profile 规则名或文件] [--year 年度] [--password 密码]",
		Description: "按财政局的审核规则检查一个或几个自评表文件，把每张表的问题按单元格列在屏幕上，并给出复核总分和等级。\n" +
			"   退出码：0 没有错误；1 有表需要修改（或有文件无法读取）；2 用法错误。",
		OnUsageError: usageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "把审核副本写到这个文件夹", DefaultText: "不写"},
			&cli.StringFlag{Name: "profile", Usage: "评分规则：内置规则名或 TOML 文件路径", Value: scoring.DefaultProfileName(), DefaultText: scoring.DefaultProfileName()},
			&cli.IntFlag{Name: "year", Usage: "本次报送的年度：与表上年度核对（S07）", DefaultText: "不核对"},
			&cli.StringFlag{Name: "password", Usage: "加密工作簿的打开密码", DefaultText: "无"},
		},
		Action: checkAction,
	}
}

// checkAction checks the files and prints what it found; status 1 when a form must be corrected.
func checkAction(c *cli.Context) error {
	cfg, err := checkConfig(c)
	if err != nil {
		return err
	}
	ctx, stop := interruptible(c.App.ErrWriter)
	defer stop()
	defer membudget.Start()()
	files, err := batch.Check(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return cli.Exit("已中断。", exitInterrupted)
		}
		return cli.Exit("检查未完成："+err.Error(), exitFileFailed)
	}
	pr := newCheckPrinter(c.App.Writer, useColour(c.App.Writer), cfg.Profile.ScorePlaces)
	if pr.report(cfg.Profile.Name, files) {
		return cli.Exit("", exitFileFailed)
	}
	return nil
}

// checkConfig turns the command line into a check; every problem is a usage error (status 2).
func checkConfig(c *cli.Context) (batch.CheckConfig, error) {
	bad := func(msg string) error {
		return cli.Exit("用法错误："+msg+"\n用法：jxzp check 工作簿… [-o 输出文件夹] [选项]；请运行 jxzp check --help 查看全部选项。", exitUsage)
	}
	if c.NArg() == 0 {
		return batch.CheckConfig{}, bad("缺少要检查的工作簿")
	}
	for _, f := range c.Args().Slice() {
		st, err := os.Stat(f)
		switch {
		case err != nil:
			return batch.CheckConfig{}, bad(fmt.Sprintf("「%s」不存在", f))
		case st.IsDir():
			return batch.CheckConfig{}, bad(fmt.Sprintf("「%s」是文件夹；jxzp check 检查单个文件，审核整个文件夹请用 jxzp score %s", f, f))
		}
	}
	year := c.Int("year")
	if c.IsSet("year") && (year < 1990 || year > 2100) {
		return batch.CheckConfig{}, bad(fmt.Sprintf("年度 %d 不合理，请写四位年份，如 --year 2024", year))
	}
	arg := c.String("profile")
	p, err := scoring.LoadProfile(arg)
	if err != nil {
		return batch.CheckConfig{}, cli.Exit(fmt.Sprintf("无法加载评分规则「%s」：%v", arg, err), exitUsage)
	}
	out := c.String("out")
	if out != "" {
		if err := fsx.CheckOutFolder(out); err != nil {
			return batch.CheckConfig{}, cli.Exit("用法错误："+err.Error(), exitUsage)
		}
	}
	return batch.CheckConfig{Files: c.Args().Slice(), Out: out, Profile: p, Year: year, Password: c.String("password")}, nil
}

// useColour reports whether w is a terminal that shows colours: a console, and NO_COLOR unset
// (https://no-color.org). Redirected to a file, the output stays plain text.
func useColour(w any) bool {
	if os.Getenv("NO_COLOR") != "" || strings.EqualFold(os.Getenv("TERM"), "dumb") {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	return enableColour(f)
}
