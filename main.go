// Command jxzp reads, checks and rescores the 项目支出绩效自评表 workbooks a finance bureau
// receives. This file only wires the command line: the commands are in cmd_*.go, argument
// order, help pages and exit statuses in cli_*.go, and the work in packages batch, excelio and
// scoring.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/console"
)

func main() {
	limitMemory()
	os.Exit(startProcess(os.Args, console.System()))
}

// run executes the command line args and returns the exit status; tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(permuteArgs(args, app))
	if err == nil {
		return exitOK
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return ec.ExitCode()
	}
	// Anything else comes from parsing the command line before an action ran.
	fmt.Fprintf(stderr, "用法错误：%v\n请运行 jxzp --help 查看用法。\n", err)
	return exitUsage
}

// newApp builds the command-line application writing to stdout and stderr.
func newApp(stdout, stderr io.Writer) *cli.App {
	localizeHelp()
	return &cli.App{
		Name:            "jxzp",
		Usage:           "项目支出绩效自评表批量审核工具",
		UsageText:       "jxzp 命令 [选项] [参数…]",
		Description:     "读取各单位报送的《项目支出绩效自评表》，逐项复核得分，标注问题，生成审核副本、汇总表和 results.json。",
		Version:         batch.Version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		// HideHelpCommand keeps the library's English help command out; helpCommand is ours.
		Commands: []*cli.Command{scoreCommand(), checkCommand(), templateCommand(), watchCommand(), sendCommand(), profileCommand(), helpCommand()},
		// The library adds --help itself only when it adds its own help command; with ours in
		// place, --help has to be declared or `jxzp --help` would be an unknown option.
		Flags: []cli.Flag{cli.HelpFlag, encodingFlag()},
		// The library would print its own English message and os.Exit; run maps errors instead.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("用法错误：未知命令「%s」。可用命令：score、check、template、watch、send、profile、help；请运行 jxzp help 查看用法。", c.Args().First()), exitUsage)
			}
			return cli.ShowAppHelp(c)
		},
	}
}
