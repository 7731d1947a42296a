package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/jxzp/jxzp/mail"
)

// passwordEnv is the environment variable holding the SMTP password: a flag would leave it in
// the shell's history and the process list.
const passwordEnv = "JXZP_SMTP_PASSWORD"

// sendCommand is `jxzp send OUT`.
func sendCommand() *cli.Command {
	return &cli.Command{
		Name:      "send",
		Usage:     "通过邮件服务器发送 <输出>/邮件/ 下尚未发送的回复和催报邮件",
		ArgsUsage: "输出文件夹",
		UsageText: "jxzp send 输出文件夹 --smtp 主机:端口 --from 发件地址 [--user 用户名] [--tls starttls|tls|none] [--dry-run] [--config jxzp.toml]",
		Description: "逐封发送，每封被服务器接收后立即记入 <输出>/邮件/发送记录.csv；再次运行只发送尚未发出的邮件，不会重复发送。\n" +
			"   密码取自环境变量 " + passwordEnv + "，未设置时在终端上询问。\n" +
			"   退出码：0 全部发出；1 有邮件未发出；2 用法错误。",
		OnUsageError: usageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "smtp", Usage: "邮件服务器，主机:端口（如 smtp.example.cn:587）"},
			&cli.StringFlag{Name: "from", Usage: "发件地址（财政局的邮箱）"},
			&cli.StringFlag{Name: "user", Usage: "登录用户名", DefaultText: "不登录"},
			&cli.StringFlag{Name: "tls", Usage: "加密方式：starttls（端口 587）、tls（端口 465）或 none", DefaultText: "starttls"},
			&cli.BoolFlag{Name: "dry-run", Usage: "只列出将要发送的邮件，不连接服务器", DefaultText: "否"},
			&cli.StringFlag{Name: "config", Usage: "含 [smtp] 设置的 TOML 文件", DefaultText: "输出文件夹旁或当前文件夹中的 jxzp.toml（如有）"},
		},
		Action: sendAction,
	}
}

// smtpSettings is the [smtp] table of the config file.
type smtpSettings struct {
	Server string `toml:"server"`
	From   string `toml:"from"`
	User   string `toml:"user"`
	TLS    string `toml:"tls"`
}

// sendAction sends the drafts and reports each.
func sendAction(c *cli.Context) error {
	out, cfg, err := sendConfig(c)
	if err != nil {
		return err
	}
	ctx, stop := interruptible(c.App.ErrWriter)
	defer stop()
	outcomes, err := mail.Send(ctx, out, cfg)
	if err != nil {
		return cli.Exit("发送未完成："+err.Error(), exitFileFailed)
	}
	return reportSend(c, outcomes)
}

// reportSend prints one line per draft and the counts; status 1 when any failed.
func reportSend(c *cli.Context, outcomes []mail.Outcome) error {
	w := c.App.Writer
	counts := map[string]int{}
	for _, o := range outcomes {
		counts[o.Status]++
		line := fmt.Sprintf("  %s  %s → %s", o.Status, o.Unit, strings.Join(o.To, "; "))
		if o.Reason != "" {
			line += "：" + o.Reason
		}
		fmt.Fprintln(w, line)
	}
	if len(outcomes) == 0 {
		fmt.Fprintln(w, "没有待发送的邮件（请先运行 jxzp score … --mail）。")
	}
	fmt.Fprintf(w, "发送完成：本次发送 %d 封，此前已发送 %d 封，失败 %d 封", counts[mail.OutcomeSent], counts[mail.OutcomeAlready], counts[mail.OutcomeFailed])
	if n := counts[mail.OutcomeDryRun]; n > 0 {
		fmt.Fprintf(w, "，试运行待发送 %d 封", n)
	}
	fmt.Fprintln(w, "。")
	if counts[mail.OutcomeFailed] > 0 {
		return cli.Exit("有邮件未发出：问题解决后再次运行同一命令，只会发送尚未发出的邮件。", exitFileFailed)
	}
	return nil
}

// sendConfig merges the config file's [smtp] table with the flags (the flags win) and gets the
// password. Every problem is a usage error, found before connecting.
func sendConfig(c *cli.Context) (string, mail.SendConfig, error) {
	bad := func(msg string) error {
		return cli.Exit("用法错误："+msg+"\n用法：jxzp send 输出文件夹 --smtp 主机:端口 --from 发件地址 [选项]；请运行 jxzp send --help 查看全部选项。", exitUsage)
	}
	if c.NArg() != 1 {
		return "", mail.SendConfig{}, bad("请指定一个输出文件夹（jxzp score 的 -o）")
	}
	out := c.Args().First()
	if st, err := os.Stat(out); err != nil || !st.IsDir() {
		return "", mail.SendConfig{}, bad(fmt.Sprintf("输出文件夹「%s」不存在", out))
	}
	set, err := loadSMTPSettings(c, out)
	if err != nil {
		return "", mail.SendConfig{}, bad(err.Error())
	}
	pick := func(flag, fromFile string) string {
		if c.IsSet(flag) {
			return c.String(flag)
		}
		return fromFile
	}
	cfg := mail.SendConfig{Addr: pick("smtp", set.Server), From: pick("from", set.From), User: pick("user", set.User),
		TLS: strings.ToLower(pick("tls", set.TLS)), DryRun: c.Bool("dry-run")}
	if cfg.TLS == "" {
		cfg.TLS = "starttls"
	}
	switch {
	case cfg.TLS != "starttls" && cfg.TLS != "tls" && cfg.TLS != "none":
		return "", cfg, bad("--tls 只能是 starttls、tls 或 none")
	case cfg.DryRun:
		return out, cfg, nil
	case cfg.Addr == "":
		return "", cfg, bad("缺少 --smtp（邮件服务器 主机:端口）")
	case cfg.From == "" || !strings.Contains(cfg.From, "@") || strings.ContainsAny(cfg.From, "\r\n<>"):
		return "", cfg, bad("缺少 --from 或发件地址无效")
	}
	if cfg.User != "" {
		if cfg.Password, err = password(c); err != nil {
			return "", cfg, bad(err.Error())
		}
	}
	return out, cfg, nil
}

// loadSMTPSettings reads [smtp] from --config, else from jxzp.toml beside OUT (where the inbox
// is) or in the current folder when present.
func loadSMTPSettings(c *cli.Context, out string) (smtpSettings, error) {
	file, err := loadConfig(c.String("config"), out)
	return file.SMTP, err
}

// password is the SMTP password: from the environment, else asked on the terminal without echo.
func password(c *cli.Context) (string, error) {
	if pw, ok := os.LookupEnv(passwordEnv); ok {
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", fmt.Errorf("需要邮箱密码：请设置环境变量 %s", passwordEnv)
	}
	fmt.Fprintf(c.App.ErrWriter, "请输入 %s 的邮箱密码（不显示）：", c.String("user"))
	pw, err := term.ReadPassword(fd)
	fmt.Fprintln(c.App.ErrWriter)
	if err != nil {
		return "", fmt.Errorf("无法读取密码：%v", err)
	}
	return string(pw), nil
}
