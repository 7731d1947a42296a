package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

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
