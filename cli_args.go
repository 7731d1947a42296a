package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

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
