package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
	"github.com/jxzp/jxzp/templates"
)

// templateCommand is `jxzp template`: the blank form for a profile, for units to fill in.
func templateCommand() *cli.Command {
	return &cli.Command{
		Name:      "template",
		Usage:     "生成空白的《项目支出绩效自评表》表样（含下拉选项、自动计算公式和填表说明），发给各单位填写",
		UsageText: "jxzp template [--profile 规则名或文件] [--year 年度] [-o 文件]",
		Description: "表样按评分规则生成：默认全国表样；规则采用 2021 版指标体系时成本指标为一级指标；云南规则为无分值列的表样。\n" +
			"   执行率、执行率得分、总分和自评等级由公式自动计算；表下方印有该规则的评分说明。",
		OnUsageError: usageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "profile", Usage: "评分规则：内置规则名或 TOML 文件路径", Value: scoring.DefaultProfileName(), DefaultText: scoring.DefaultProfileName()},
			&cli.IntFlag{Name: "year", Usage: "填入表头的年度", DefaultText: "留空由单位填写"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "写入这个文件（已存在时不覆盖）", DefaultText: "当前文件夹下的「项目支出绩效自评表（规则名）.xlsx」"},
		},
		Action: templateAction,
	}
}

// templateAction writes the template and says where it went.
func templateAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return cli.Exit("用法错误：jxzp template 不接受参数，多余的参数："+c.Args().First()+"\n请运行 jxzp template --help 查看用法。", exitUsage)
	}
	year := c.Int("year")
	if c.IsSet("year") && (year < 1990 || year > 2100) {
		return cli.Exit(fmt.Sprintf("用法错误：年度 %d 不合理，请写四位年份，如 --year 2024", year), exitUsage)
	}
	arg := c.String("profile")
	p, err := scoring.LoadProfile(arg)
	if err != nil {
		return cli.Exit(fmt.Sprintf("无法加载评分规则「%s」：%v", arg, err), exitUsage)
	}
	builtin := ""
	if slices.Contains(scoring.ProfileNames(), arg) {
		builtin = arg
	}
	dst := c.String("out")
	if dst == "" {
		dst = templateName(profileLabel(arg), year)
	}
	// A filled form saved under the template's name must never be replaced by a blank one.
	if _, err := os.Lstat(dst); err == nil {
		return cli.Exit(fmt.Sprintf("用法错误：%s 已存在，未覆盖（以免覆盖已填写的表）。请换一个文件名，或先删除该文件。", dst), exitUsage)
	}
	data, err := templates.Template(p, builtin, year)
	if err != nil {
		return cli.Exit("无法生成表样："+err.Error(), exitFileFailed)
	}
	if err := fsx.WriteFile(dst, data); err != nil {
		return cli.Exit(fmt.Sprintf("无法写出表样 %s：%s", dst, fsx.WriteFailureReason(err, filepath.Base(dst))), exitFileFailed)
	}
	fmt.Fprintf(c.App.Writer, "已写出空白表样 %s（评分规则 %s）。单位填好后可运行 jxzp check 文件名 自查。\n", dst, p.Name)
	return nil
}

// templateName is the default file name of a template: the form's title, the year when given,
// and the profile, so templates for two profiles or years do not clash in one folder.
func templateName(profile string, year int) string {
	base := profile
	if ext := filepath.Ext(base); ext != "" {
		base = base[:len(base)-len(ext)]
	}
	if year != 0 {
		return fmt.Sprintf("%d年度项目支出绩效自评表（%s）.xlsx", year, base)
	}
	return fmt.Sprintf("项目支出绩效自评表（%s）.xlsx", base)
}
