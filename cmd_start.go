package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/console"
)

// encodingName is the option that picks the encoding of redirected output. It is taken off the
// command line before anything else, because it decides the writers every later message uses.
const encodingName = "encoding"

// encodingFlag shows --encoding on the help page; startProcess has already handled it by then.
func encodingFlag() cli.Flag {
	return &cli.StringFlag{Name: encodingName, Usage: "输出重定向到文件或管道时的编码：utf-8、gbk 或 gb18030（控制台窗口总是正确显示中文，不受此项影响）", DefaultText: "utf-8"}
}

// startProcess is main's body: it picks the output encoding, then runs jxzp as start does.
func startProcess(args []string, host console.Host) int {
	args, enc, err := takeEncoding(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "用法错误：%v\n请运行 jxzp --help 查看用法。\n", err)
		return exitUsage
	}
	stdout := console.Writer(host, os.Stdout, enc)
	stderr := console.Writer(host, os.Stderr, enc)
	return start(args, host.OwnConsole(), os.Stdin, stdout, stderr)
}

// takeEncoding removes --encoding (or --encoding=…) from args and returns its value.
func takeEncoding(args []string) ([]string, console.Encoding, error) {
	out := []string{}
	value := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != encodingName {
			out = append(out, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, console.UTF8, fmt.Errorf("选项缺少取值：--%s", encodingName)
			}
			i++
			v = args[i]
		}
		value = v
	}
	if value == "" {
		return out, console.UTF8, nil
	}
	enc, err := console.ParseEncoding(value)
	return out, enc, err
}

// start runs jxzp with args. With ownConsole (started from Explorer, so the window closes when
// jxzp exits) it asks for the inbox when no argument was given, and waits for Enter before
// returning, whatever the outcome, so the summary or the error can be read.
func start(args []string, ownConsole bool, stdin io.Reader, stdout, stderr io.Writer) int {
	in := bufio.NewReader(stdin)
	code := exitOK
	switch {
	case len(args) == 1 && ownConsole:
		code = promptAndScore(args[0], in, stdout, stderr)
	default:
		a, err := folderArgs(args)
		if err != nil {
			fmt.Fprintln(stderr, err)
			code = exitUsage
		} else {
			code = run(a, stdout, stderr)
		}
	}
	if ownConsole {
		fmt.Fprint(stderr, "\n按回车键关闭窗口……")
		_, _ = in.ReadString('\n')
	}
	return code
}

// folderArgs turns `jxzp 文件夹 [选项]` into `jxzp score 文件夹 [选项]`: Windows starts the
// program that way when a folder is dropped on jxzp.exe. A dropped file gets a message saying to
// drop the folder instead.
func folderArgs(args []string) ([]string, error) {
	if len(args) < 2 || strings.HasPrefix(args[1], "-") || isCommand(args[1]) {
		return args, nil
	}
	st, err := os.Stat(args[1])
	switch {
	case err != nil:
		return args, nil
	case !st.IsDir():
		return nil, fmt.Errorf("用法错误：「%s」是一个文件。请把收件箱文件夹（放着各单位自评表的文件夹）拖到 jxzp.exe 上，或运行 jxzp score 收件箱文件夹。", args[1])
	}
	return append([]string{args[0], "score"}, args[1:]...), nil
}

// isCommand reports whether name is one of jxzp's commands, which win over a folder of that name.
func isCommand(name string) bool {
	return findCommand([]*cli.Command{scoreCommand(), profileCommand(), helpCommand()}, name) != nil
}

// promptAndScore asks for the inbox folder until it gets one (a path typed, pasted, or dropped
// on the window, which types it in quotes), then scores it with the default output folder.
func promptAndScore(prog string, in *bufio.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "jxzp 项目支出绩效自评表批量审核工具（版本 %s）\n\n", batch.Version)
	fmt.Fprintln(stderr, "请把收件箱文件夹（放着各单位自评表的文件夹）拖到本窗口中，或粘贴它的路径，然后按回车键：")
	for {
		line, err := in.ReadString('\n')
		folder := unquotePath(line)
		if folder != "" {
			if st, serr := os.Stat(folder); serr == nil && st.IsDir() {
				return run([]string{prog, "score", folder}, stdout, stderr)
			}
			fmt.Fprintf(stderr, "找不到文件夹「%s」。请重新拖入或粘贴收件箱文件夹，然后按回车键：\n", folder)
		}
		if err != nil {
			fmt.Fprintln(stderr, "用法错误：没有输入收件箱文件夹。")
			return exitUsage
		}
	}
}

// unquotePath trims what a drop or a paste adds around a path: spaces, the line end, and the
// quotes Windows puts around a path with spaces ("…" in cmd, '…' or & '…' in PowerShell).
func unquotePath(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "& "))
	for _, q := range []string{`"`, `'`} {
		if len(s) >= 2 && strings.HasPrefix(s, q) && strings.HasSuffix(s, q) {
			return strings.TrimSpace(s[1 : len(s)-1])
		}
	}
	return s
}
