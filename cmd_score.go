package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/membudget"
	"github.com/jxzp/jxzp/scoring"
)

// maxListedProblems bounds the failed files listed on screen, so the summary fits one screen;
// the summary workbook's 未处理文件 sheet lists them all.
const maxListedProblems = 15

// scoreCommand is `jxzp score INBOX`.
func scoreCommand() *cli.Command {
	return &cli.Command{
		Name:      "score",
		Usage:     "审核收件箱中的全部自评表，生成审核副本、汇总表和 results.json",
		ArgsUsage: "收件箱文件夹",
		UsageText: "jxzp score 收件箱 [-o 输出文件夹] [--profile 规则名或文件] [--year 年度] [--title 标题] [--bureau 制表单位] [--config jxzp.toml] [--date 制表日期] [--decisions 复核意见.xlsx] [--previous 上次/results.json] [--json] [--workers 数量] [--password 密码] [--full] [--units 单位名录] [--mail] [--remind] [--deadline 日期] [--contact 联系人]",
		Description: "逐个读取收件箱（含子文件夹）中的 .xlsx/.xlsm/.xls/.et 文件，复核每张自评表。\n" +
			"   输出：<输出>/审核结果/<实施单位>/<原文件名>（审核）.xlsx、<输出>/绩效自评汇总表.xlsx、<输出>/results.json。\n" +
			"   退出码：0 全部文件已处理；1 有文件未处理；2 用法错误或评分规则无法加载。",
		OnUsageError: usageError,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "输出文件夹", DefaultText: "收件箱旁的「<收件箱>-审核结果」"},
			&cli.StringFlag{Name: "profile", Usage: "评分规则：内置规则名（" + strings.Join(scoring.ProfileNames(), "、") + "）或 TOML 文件路径", Value: scoring.DefaultProfileName(), DefaultText: scoring.DefaultProfileName()},
			&cli.IntFlag{Name: "year", Usage: "本批次年度：与各表年度核对（S07），并用于汇总表标题", DefaultText: "不核对，标题取多数表的年度"},
			&cli.StringFlag{Name: "title", Usage: "汇总表标题", DefaultText: "<年度>年度项目支出绩效自评审核汇总表"},
			&cli.StringFlag{Name: "bureau", Usage: "制表单位，印在汇总表标题下", DefaultText: "设置文件 [summary] 的 bureau，没有时不印"},
			&cli.StringFlag{Name: "config", Usage: "设置文件（TOML：[summary] bureau，[smtp] 见 jxzp send）", DefaultText: "收件箱旁或当前文件夹中的 jxzp.toml（如有）"},
			&cli.StringFlag{Name: "date", Usage: "制表日期，印在汇总表标题下，如 2024-03-15", DefaultText: "不印（重新运行结果不变）"},
			&cli.StringFlag{Name: "decisions", Usage: "审核人员填好的复核意见工作簿（上次运行写出的 " + batch.DecisionsName + "）：认可的问题不再计入状态", DefaultText: "无"},
			&cli.StringFlag{Name: "previous", Usage: "上一次运行或上一年度的 results.json：汇总表增加“与上年对比”或“与上次对比”", DefaultText: "无"},
			&cli.BoolFlag{Name: "json", Usage: "把 results.json 输出到标准输出，代替屏幕摘要", DefaultText: "否"},
			&cli.IntFlag{Name: "workers", Usage: "同时读取的文件数", Value: runtime.NumCPU(), DefaultText: fmt.Sprintf("CPU 核数，本机 %d", runtime.NumCPU())},
			&cli.StringFlag{Name: "password", Usage: "加密工作簿的打开密码", DefaultText: "无"},
			&cli.BoolFlag{Name: "full", Usage: "全部重新读取，不沿用上次运行保存在输出文件夹中的结果", DefaultText: "否，未改动的文件沿用上次的结果"},
		}, mailFlags()...),
		Action: scoreAction,
	}
}

// scoreAction checks the command line, runs the batch and reports.
func scoreAction(c *cli.Context) error {
	cfg, err := scoreConfig(c, true)
	if err != nil {
		return err
	}
	stderr := c.App.ErrWriter
	fmt.Fprintf(stderr, "收件箱：%s\n输出到：%s\n", cfg.Inbox, cfg.Out)
	mopts := mailOptionsOf(c)
	rep, err := runBatch(cfg, stderr)
	if err != nil {
		return err
	}
	var mr *mailReport
	if mopts.replies || mopts.remind {
		mr = writeLetters(rep, mopts)
	}
	err = reportRun(c, rep, cfg.Out)
	w := c.App.Writer
	if c.Bool("json") {
		w = stderr // stdout holds results.json alone
	}
	printMail(w, rep, cfg.Roster != nil, mopts, mr)
	return err
}

// scoreConfig turns the command line into the batch's configuration. Every problem it finds is a
// usage error (status 2), found before any file is read. fileOK allows a single workbook in
// place of the inbox.
func scoreConfig(c *cli.Context, fileOK bool) (batch.Config, error) {
	inbox, only, defOut, err := scoreTarget(c, fileOK)
	if err != nil {
		return batch.Config{}, err
	}
	year := c.Int("year")
	if c.IsSet("year") && (year < 1990 || year > 2100) {
		return batch.Config{}, usage(fmt.Sprintf("年度 %d 不合理，请写四位年份，如 --year 2022", year))
	}
	workers := c.Int("workers")
	if workers < 1 {
		return batch.Config{}, usage("--workers 至少为 1")
	}
	profileArg := c.String("profile")
	profile, err := scoring.LoadProfile(profileArg)
	if err != nil {
		return batch.Config{}, cli.Exit(fmt.Sprintf("无法加载评分规则「%s」：%v", profileArg, err), exitUsage)
	}
	roster, _, err := mailConfig(c)
	if err != nil {
		return batch.Config{}, err
	}
	out, err := outFolder(cmp.Or(c.String("out"), defOut), inbox)
	if err != nil {
		return batch.Config{}, err
	}
	date, err := tableDate(c.String("date"))
	if err != nil {
		return batch.Config{}, err
	}
	decisions, previous, err := reviewInputs(c)
	if err != nil {
		return batch.Config{}, err
	}
	settings, err := loadConfig(c.String("config"), inbox)
	if err != nil {
		return batch.Config{}, usage(err.Error())
	}
	return batch.Config{
		Decisions:   decisions,
		Previous:    previous,
		Inbox:       inbox,
		Out:         out,
		Profile:     profile,
		ProfileName: profileLabel(profileArg),
		Year:        year,
		Title:       c.String("title"),
		Bureau:      strings.TrimSpace(cmp.Or(c.String("bureau"), settings.Summary.Bureau)),
		Date:        date,
		Workers:     workers,
		Password:    c.String("password"),
		Progress:    newProgress(),
		Only:        only,
		Incremental: true,
		Full:        c.Bool("full"),
		Roster:      roster,
	}, nil
}

// runBatch runs the batch, stopping it cleanly on Ctrl-C, and turns its failure into an exit status.
func runBatch(cfg batch.Config, stderr io.Writer) (*batch.Report, error) {
	ctx, stop := interruptible(stderr)
	defer stop()
	defer membudget.Start()()
	rep, err := batch.Run(ctx, cfg)
	if err == nil {
		return rep, nil
	}
	if ctx.Err() != nil {
		return nil, cli.Exit("已中断：本次未生成汇总表和 results.json，输出文件夹中上一次运行的这两个文件保持不变。", exitInterrupted)
	}
	return nil, cli.Exit("审核未完成："+err.Error(), exitFileFailed)
}

// interruptible returns a context cancelled by the first Ctrl-C (or SIGTERM), and the function
// that releases the signal handling once the run is over.
func interruptible(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	finished := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			// Restore the default handling, so a second Ctrl-C ends the program at once if
			// finishing the files being read takes too long.
			signal.Stop(sigs)
			fmt.Fprintln(stderr, "\n正在停止：等待正在读取的文件完成，不再开始新文件……")
			cancel()
		case <-finished:
		}
	}()
	return ctx, func() {
		close(finished)
		signal.Stop(sigs)
		cancel()
	}
}

// reportRun prints the summary (or results.json with --json); status 1 when a file was not
// processed or its annotated copy could not be written.
func reportRun(c *cli.Context, rep *batch.Report, out string) error {
	if c.Bool("json") {
		// Copied from the file, not held: the run streamed it to disk.
		f, err := os.Open(rep.ResultsPath)
		if err == nil {
			_, err = io.Copy(c.App.Writer, f)
			_ = f.Close()
		}
		if err != nil {
			return cli.Exit("无法输出 results.json："+err.Error(), exitFileFailed)
		}
	} else {
		printSummary(c.App.Writer, rep, out)
	}
	if rep.Failed > 0 || len(rep.CopyFailures) > 0 {
		return cli.Exit("", exitFileFailed)
	}
	return nil
}

// usage is a usage error of `jxzp score`: the problem and where to read more, status 2.
func usage(msg string) error {
	return cli.Exit("用法错误："+msg+"\n用法：jxzp score 收件箱 [-o 输出文件夹] [选项]；请运行 jxzp score --help 查看全部选项。", exitUsage)
}

// profileLabel is what results.json calls the profile: the built-in name, or the file's name
// for a profile read from a file (a copy of mof2020 edited by the bureau is no longer mof2020).
func profileLabel(arg string) string {
	if slices.Contains(scoring.ProfileNames(), arg) {
		return arg
	}
	return filepath.Base(arg)
}

// listProblems prints a heading and one line per file, at most maxListedProblems of them; where
// says where the rest are.
func listProblems(w io.Writer, heading, where string, problems []batch.FileProblem) {
	if len(problems) == 0 {
		return
	}
	fmt.Fprintln(w, heading)
	for i, p := range problems {
		if i == maxListedProblems {
			fmt.Fprintf(w, "    …另有 %d 个，%s\n", len(problems)-i, where)
			return
		}
		if p.Code != "" {
			fmt.Fprintf(w, "    %s（%s）：%s\n", p.Path, p.Code, p.Reason)
		} else {
			fmt.Fprintf(w, "    %s：%s\n", p.Path, p.Reason)
		}
	}
}

// printSummary prints the one-screen Chinese summary of a run.
func printSummary(w io.Writer, rep *batch.Report, out string) {
	fmt.Fprintln(w, "审核完成。")
	fmt.Fprintf(w, "  文件：共 %d 个；已审核 %d 个，未处理 %d 个，重复 %d 个，跳过 %d 个（锁定、隐藏或临时文件）\n",
		rep.Files, rep.Processed, rep.Failed, rep.Duplicates, rep.Skipped)
	fmt.Fprintf(w, "  自评表：共 %d 张；通过 %d 张，需修改 %d 张\n", rep.Forms, rep.Passed, rep.Revise)
	listProblems(w, "  未处理的文件：", "见汇总表「未处理文件」", rep.Problems)
	listProblems(w, "  已审核但未能写出审核副本的文件：", "见 results.json 的 output_error", rep.CopyFailures)
	fmt.Fprintf(w, "  汇总表：%s\n", filepath.Join(out, batch.SummaryName))
	fmt.Fprintf(w, "  审核副本：%s（%d 个）\n", filepath.Join(out, batch.ReviewDir)+string(filepath.Separator), len(rep.Outputs))
	fmt.Fprintf(w, "  结果数据：%s\n", filepath.Join(out, batch.ResultsName))
	printDecisions(w, rep)
}

// tableDate reads --date as a bureau writes it (2024-03-15, 2024/3/15, 2024年3月15日) and spells
// it the one way the summary prints dates; empty stays empty, so no date comes from the clock.
func tableDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	norm := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1-2", norm)
	if err != nil {
		return "", usage(fmt.Sprintf("制表日期「%s」无法识别，请写成 2024-03-15 或 2024年3月15日", s))
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()), nil
}
