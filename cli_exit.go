package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"
)

// Exit statuses of outputs.md §5, plus the conventional one for an interrupted run.
const (
	exitOK          = 0
	exitFileFailed  = 1
	exitUsage       = 2
	exitInterrupted = 130
)

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
