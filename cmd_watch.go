package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/membudget"
	"github.com/jxzp/jxzp/scoring"
	"github.com/jxzp/jxzp/watch"
)

// watchOptions are the timings `jxzp watch` uses; tests replace them with short ones.
var watchOptions = watch.Options{Quiet: 3 * time.Second, Stable: 2 * time.Second}

// watchCommand is `jxzp watch INBOX`: score once, then again whenever the inbox changes.
func watchCommand() *cli.Command {
	return &cli.Command{
		Name:      "watch",
		Usage:     "监视收件箱：先审核一次，之后每有文件到达或改动就只重审改动的文件",
		ArgsUsage: "收件箱文件夹",
		UsageText: "jxzp watch 收件箱 [-o 输出文件夹] [--profile 规则名或文件] [--year 年度] [--title 标题] [--workers 数量] [--password 密码]",
		Description: "文件复制或保存完毕（大小和修改时间几秒内不再变化）后才审核；锁定文件和临时文件不理会。\n" +
			"   每次审核在屏幕上打印一行。按 Ctrl-C 停止：正在进行的审核会先做完，输出文件不会只写一半。",
		OnUsageError: usageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "输出文件夹", DefaultText: "收件箱旁的「<收件箱>-审核结果」"},
			&cli.StringFlag{Name: "profile", Usage: "评分规则：内置规则名（" + strings.Join(scoring.ProfileNames(), "、") + "）或 TOML 文件路径", Value: scoring.DefaultProfileName(), DefaultText: scoring.DefaultProfileName()},
			&cli.IntFlag{Name: "year", Usage: "本批次年度", DefaultText: "不核对"},
			&cli.StringFlag{Name: "title", Usage: "汇总表标题", DefaultText: "<年度>年度项目支出绩效自评审核汇总表"},
			&cli.IntFlag{Name: "workers", Usage: "同时读取的文件数", Value: runtime.NumCPU(), DefaultText: fmt.Sprintf("CPU 核数，本机 %d", runtime.NumCPU())},
			&cli.StringFlag{Name: "password", Usage: "加密工作簿的打开密码", DefaultText: "无"},
		},
		Action: watchAction,
	}
}

// watchAction runs the watch until Ctrl-C.
func watchAction(c *cli.Context) error {
	cfg, err := scoreConfig(c, false)
	if err != nil {
		return err
	}
	cfg.Progress = nil // one line per run instead of a progress bar
	ctx, stop := interruptible(c.App.ErrWriter)
	defer stop()
	w := c.App.Writer
	fmt.Fprintf(w, "正在监视 %s，结果写到 %s。按 Ctrl-C 停止。\n", cfg.Inbox, cfg.Out)
	opts := watchOptions
	opts.Exclude = cfg.Out
	runs := 0
	err = watch.Watch(ctx, cfg.Inbox, opts, func(ch watch.Change) error {
		runs++
		// Not ctx: a run is never cut short, so Ctrl-C leaves whole outputs behind.
		// Under the budget for the run alone: between runs the watch waits with little memory.
		stopBudget := membudget.Start()
		rep, err := batch.Run(context.Background(), cfg)
		stopBudget()
		printRunLine(w, time.Now(), runs, ch, rep, err)
		return nil
	})
	if err != nil {
		return cli.Exit("无法监视收件箱："+err.Error(), exitFileFailed)
	}
	fmt.Fprintln(w, "已停止监视。")
	return nil
}

// printRunLine prints the one line of a run: when, what changed, and the forms' verdicts.
func printRunLine(w io.Writer, now time.Time, n int, ch watch.Change, rep *batch.Report, err error) {
	what := "首次审核"
	if n > 1 {
		what = fmt.Sprintf("新增 %d、修改 %d、删除 %d 个文件", ch.New, ch.Changed, ch.Removed)
	}
	if err != nil {
		fmt.Fprintf(w, "%s  %s；审核未完成：%v\n", now.Format("15:04:05"), what, err)
		return
	}
	line := fmt.Sprintf("%s  %s；共 %d 个文件，自评表 %d 张：通过 %d 张，需修改 %d 张", now.Format("15:04:05"), what, rep.Files, rep.Forms, rep.Passed, rep.Revise)
	if rep.Failed > 0 {
		line += fmt.Sprintf("；未处理 %d 个文件", rep.Failed)
	}
	fmt.Fprintln(w, line)
}
