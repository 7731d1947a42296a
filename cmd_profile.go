package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/scoring"
)

// profileCommand is `jxzp profile list|show`: the built-in rules profiles, so a bureau can copy
// one, change a number and pass the file to --profile.
func profileCommand() *cli.Command {
	return &cli.Command{
		Name:            "profile",
		Usage:           "查看内置评分规则（可导出后修改，再用 --profile 指定）",
		UsageText:       "jxzp profile list | jxzp profile show 规则名",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Subcommands: []*cli.Command{
			{
				Name:         "list",
				Usage:        "列出内置评分规则",
				UsageText:    "jxzp profile list",
				OnUsageError: usageError,
				Action:       profileList,
			},
			{
				Name:         "show",
				Usage:        "输出一个内置评分规则的 TOML 文本",
				UsageText:    "jxzp profile show 规则名 > 我的规则.toml",
				ArgsUsage:    "规则名",
				OnUsageError: usageError,
				Action:       profileShow,
			},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("用法错误：未知子命令「%s」。可用子命令：list、show。", c.Args().First()), exitUsage)
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}

// profileList prints every built-in profile with its description, marking the default.
func profileList(c *cli.Context) error {
	if c.NArg() > 0 {
		return cli.Exit("用法错误：jxzp profile list 不接受参数。", exitUsage)
	}
	w := c.App.Writer
	def := scoring.DefaultProfileName()
	for _, name := range scoring.ProfileNames() {
		desc := ""
		if p, err := scoring.BuiltinProfile(name); err == nil {
			desc = p.Description
		}
		mark := ""
		if name == def {
			mark = "（默认）"
		}
		fmt.Fprintf(w, "%-10s %s%s\n", name, desc, mark)
	}
	return nil
}

// profileShow prints the embedded TOML of one built-in profile, byte for byte.
func profileShow(c *cli.Context) error {
	if c.NArg() != 1 {
		return cli.Exit("用法错误：请指定一个规则名，如 jxzp profile show "+scoring.DefaultProfileName()+"。", exitUsage)
	}
	data, err := scoring.BuiltinProfileTOML(c.Args().First())
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	if _, err := c.App.Writer.Write(data); err != nil {
		return cli.Exit("无法输出："+err.Error(), exitFileFailed)
	}
	return nil
}
