package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// profileCommand is `jxzp profile list|show`: the built-in rules profiles, so a bureau can copy
// one, change a number and pass the file to --profile.
func profileCommand() *cli.Command {
	return &cli.Command{
		Name:            "profile",
		Usage:           "查看内置评分规则（可导出后修改，再用 --profile 指定）",
		UsageText:       "jxzp profile list | jxzp profile show 规则名 [-o 文件]",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Subcommands: []*cli.Command{
			{
				Name: "list",
				// Set here, not left to the library, so `jxzp help profile list` names it too.
				HelpName:     "jxzp profile list",
				Usage:        "列出内置评分规则",
				UsageText:    "jxzp profile list",
				OnUsageError: usageError,
				Action:       profileList,
			},
			{
				Name:         "show",
				HelpName:     "jxzp profile show",
				Usage:        "输出一个内置评分规则的 TOML 文本（可用 -o 存为文件，修改后用 --profile 指定）",
				UsageText:    "jxzp profile show 规则名 [-o 我的规则.toml]",
				ArgsUsage:    "规则名",
				OnUsageError: usageError,
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "写入这个文件（UTF-8 编码；文件已存在时不覆盖）", DefaultText: "输出到屏幕"},
				},
				Action: profileShow,
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

// profileShow prints the embedded TOML of one built-in profile byte for byte, or with -o writes
// it to a file. The file option exists because redirecting is not byte for byte on Windows:
// `> 文件` in Windows PowerShell 5.1 writes UTF-16, which the profile loader rejects, and
// PowerShell 7 decodes the output by the console's code page (GBK), mangling every Chinese comment.
func profileShow(c *cli.Context) error {
	if c.NArg() != 1 {
		return cli.Exit("用法错误：请指定一个规则名，如 jxzp profile show "+scoring.DefaultProfileName()+" -o 我的规则.toml。", exitUsage)
	}
	name := c.Args().First()
	data, err := scoring.BuiltinProfileTOML(name)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	dst := c.String("out")
	if dst == "" {
		if _, err := c.App.Writer.Write(data); err != nil {
			return cli.Exit("无法输出规则文本："+err.Error(), exitFileFailed)
		}
		return nil
	}
	return writeProfileFile(c, dst, data)
}

// writeProfileFile writes a profile's TOML to dst and says where it went and what to do next.
func writeProfileFile(c *cli.Context, dst string, data []byte) error {
	// A bureau runs the README steps again next year; overwriting would silently throw away the
	// rules it edited, so an existing file (or folder) is left alone.
	if _, err := os.Lstat(dst); err == nil {
		return cli.Exit(fmt.Sprintf("用法错误：%s 已存在，未覆盖（以免丢掉已修改的规则）。请换一个文件名，或先删除该文件。", dst), exitUsage)
	}
	if err := fsx.WriteFile(dst, data); err != nil {
		return cli.Exit(fmt.Sprintf("无法写出规则文件 %s：%s", dst, fsx.WriteFailureReason(err, filepath.Base(dst))), exitFileFailed)
	}
	arg := dst
	if strings.ContainsAny(arg, " \t") {
		arg = `"` + arg + `"` // so the line can be copied into the console as it stands
	}
	fmt.Fprintf(c.App.ErrWriter, "已写出 %s（UTF-8 编码）。修改后这样使用：jxzp score 收件箱 --profile %s\n", dst, arg)
	return nil
}
