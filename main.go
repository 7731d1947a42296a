// Command jxzp reads, checks and rescores the 项目支出绩效自评表 workbooks a finance bureau
// receives. This file only wires the command line; the work is in packages batch, excelio and
// scoring.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/console"
)

// Exit statuses of outputs.md §5, plus the conventional one for an interrupted run.
const (
	exitOK          = 0
	exitFileFailed  = 1
	exitUsage       = 2
	exitInterrupted = 130
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

// helpCommand is `jxzp help [命令 [子命令]]`. The library's own help command is disabled
// (HideHelpCommand) because its usage line is English and, for an app with HideHelpCommand
// unset, it also adds an English "help" entry to every command group.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:         "help",
		Usage:        "显示帮助；jxzp help 命令 显示该命令的帮助",
		UsageText:    "jxzp help [命令 [子命令]]",
		ArgsUsage:    "[命令 [子命令]]",
		OnUsageError: usageError,
		Action:       helpAction,
	}
}

// helpAction shows the help page of the app, a command or a command's subcommand.
func helpAction(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return cli.ShowAppHelp(c)
	}
	// ShowCommandHelp looks a name up among ctx.Command's subcommands when it has any, else among
	// the app's commands; so "profile show" needs a context whose command is profile.
	ctx := cli.NewContext(c.App, nil, c)
	ctx.Command = &cli.Command{}
	list := c.App.Commands
	for i, name := range args {
		cmd := findCommand(list, name)
		if cmd == nil {
			return cli.Exit(fmt.Sprintf("用法错误：没有「%s」这个命令。请运行 jxzp help 查看可用命令。", strings.Join(args[:i+1], " ")), exitUsage)
		}
		if i == len(args)-1 {
			break
		}
		ctx = cli.NewContext(c.App, nil, ctx)
		ctx.Command = cmd
		list = cmd.Subcommands
	}
	return cli.ShowCommandHelp(ctx, args[len(args)-1])
}

// findCommand returns the command of that name or alias in list, or nil.
func findCommand(list []*cli.Command, name string) *cli.Command {
	for _, cmd := range list {
		if cmd.HasName(name) {
			return cmd
		}
	}
	return nil
}

// usageError replaces urfave/cli's "Incorrect Usage" plus the full help page with one Chinese
// line that says what was wrong and where to look.
func usageError(c *cli.Context, err error, isSubcommand bool) error {
	cmd := "jxzp"
	if isSubcommand && c.Command != nil && c.Command.Name != "" {
		cmd = "jxzp " + c.Command.Name
		// HelpName is the full path, "jxzp profile show", where a subcommand's Name is only "show".
		if c.Command.HelpName != "" {
			cmd = c.Command.HelpName
		}
	}
	return cli.Exit(fmt.Sprintf("用法错误：%s\n请运行 %s --help 查看用法。", translateFlagError(err), cmd), exitUsage)
}

// translateFlagError puts the standard library's flag errors into Chinese.
func translateFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "没有这个选项：" + dashed(strings.TrimPrefix(msg, "flag provided but not defined: "))
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "选项缺少取值：" + dashed(strings.TrimPrefix(msg, "flag needs an argument: "))
	case strings.HasPrefix(msg, "invalid value "):
		// invalid value "abc" for flag -year: parse error
		rest := strings.TrimPrefix(msg, "invalid value ")
		if value, flag, ok := strings.Cut(rest, " for flag "); ok {
			flag, _, _ = strings.Cut(flag, ":")
			return "选项 " + dashed(flag) + " 的取值 " + value + " 无效"
		}
		return "选项取值无效：" + rest
	}
	return msg
}

// dashed writes an option as the help page and README do: the flag package names every option
// with one dash (-year), which is not how a long option is written here (--year).
func dashed(flag string) string {
	name := strings.TrimLeft(flag, "-")
	if utf8.RuneCountInString(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// permuteArgs moves the options of a command (`jxzp score`, `jxzp profile show`) in front of
// its arguments: the standard flag parser stops at the first argument, and `jxzp score 收件箱 -o
// 结果` is how people type it.
func permuteArgs(args []string, app *cli.App) []string {
	// Walk down to the command being run: "jxzp profile show …" permutes after "show".
	n := 1
	var cmd *cli.Command
	list := app.Commands
	for n < len(args) {
		c := findCommand(list, args[n])
		if c == nil {
			break
		}
		cmd, list, n = c, c.Subcommands, n+1
	}
	if cmd == nil || len(cmd.Subcommands) > 0 {
		return args
	}
	flags, positional, dangling := splitFlags(args[n:], takesValue(cmd))
	out := append([]string{}, args[:n]...)
	out = append(out, flags...)
	if dangling != "" {
		// An option missing its value (`jxzp score 收件箱 -o`) goes last, so the flag parser
		// reports it instead of taking the "--" below, or the folder, as its value.
		return append(out, dangling)
	}
	if len(positional) > 0 {
		// "--" keeps a folder whose name starts with "-" from being read as an option.
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

// takesValue tells, for each option name of cmd, whether it is followed by a value.
func takesValue(cmd *cli.Command) map[string]bool {
	m := map[string]bool{}
	for _, f := range cmd.Flags {
		dg, ok := f.(cli.DocGenerationFlag)
		for _, n := range f.Names() {
			m[n] = ok && dg.TakesValue()
		}
	}
	return m
}

// splitFlags separates options (with their values) from arguments. dangling is a last option
// that needs a value and has none.
func splitFlags(rest []string, takesValue map[string]bool) (flags, positional []string, dangling string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") || !takesValue[name] {
			flags = append(flags, a)
			continue
		}
		if i+1 == len(rest) {
			return flags, positional, a
		}
		i++
		flags = append(flags, a, rest[i])
	}
	return flags, positional, ""
}

// localizeHelp puts urfave/cli's help pages and flag lines into Chinese.
func localizeHelp() {
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助", DisableDefaultText: true}
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "显示版本", DisableDefaultText: true}
	cli.FlagStringer = flagString
	cli.VersionPrinter = func(c *cli.Context) {
		fmt.Fprintf(c.App.Writer, "%s 版本 %s\n", c.App.Name, c.App.Version)
	}
	cli.AppHelpTemplate = `名称：
   {{.Name}} - {{.Usage}}

用法：
   {{.UsageText}}{{if .Description}}

说明：
   {{.Description}}{{end}}{{if .VisibleCommands}}

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}{{if .Version}}

版本：{{.Version}}{{end}}
`
	cli.CommandHelpTemplate = `名称：
   {{.HelpName}} - {{.Usage}}

用法：
   {{if .UsageText}}{{.UsageText}}{{else}}{{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}{{if .Description}}

说明：
   {{.Description}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`
	cli.SubcommandHelpTemplate = `名称：
   {{.HelpName}} - {{.Usage}}

用法：
   {{if .UsageText}}{{.UsageText}}{{else}}{{.HelpName}} 子命令{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}{{if .Description}}

说明：
   {{.Description}}{{end}}{{if .VisibleCommands}}

子命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}{{end}}
`
}

// flagString renders one option for the help page, with its default in Chinese.
func flagString(f cli.Flag) string {
	dg, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return strings.Join(f.Names(), ", ")
	}
	var names []string
	for _, n := range f.Names() {
		p := "--" + n
		if len(n) == 1 {
			p = "-" + n
		}
		if dg.TakesValue() {
			p += " 值"
		}
		names = append(names, p)
	}
	s := strings.Join(names, ", ") + "\t" + dg.GetUsage()
	if bf, isBool := f.(*cli.BoolFlag); isBool && bf.DisableDefaultText {
		return s
	}
	if d := dg.GetDefaultText(); d != "" {
		s += "（默认：" + d + "）"
	}
	return s
}
