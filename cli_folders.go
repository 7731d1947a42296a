// The inbox and output folder of `jxzp score` and `jxzp watch` are checked here, once, before
// any file is read.

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/urfave/cli/v2"
)

// scoreTarget is what `jxzp score` was asked to review: a folder (the inbox), or a single
// workbook, which is reviewed as the only file of its folder. defOut is the output folder used
// when -o is not given: empty for a folder (beside it, as always), <name>-审核结果 beside a file.
// `jxzp watch` (fileOK false) watches folders only, so there a file is a usage error.
func scoreTarget(c *cli.Context, fileOK bool) (inbox string, only []string, defOut string, err error) {
	if c.NArg() == 1 {
		arg := c.Args().First()
		if st, statErr := os.Stat(arg); !fileOK && statErr == nil && !st.IsDir() {
			return "", nil, "", usage(fmt.Sprintf("「%s」是文件；jxzp watch 监视的是收件箱文件夹", arg))
		} else if statErr == nil && st.Mode().IsRegular() {
			dir := filepath.Dir(arg)
			stem := strings.TrimSuffix(arg, filepath.Ext(arg))
			fmt.Fprintf(c.App.ErrWriter, "「%s」是一个文件：只审核这一个工作簿。审核整个收件箱请指定文件夹；单位报送前自查请用 jxzp check。\n", arg)
			return dir, []string{filepath.Base(arg)}, stem + "-审核结果", nil
		}
	}
	inbox, err = inboxArg(c)
	return inbox, nil, "", err
}

// inboxArg is the one folder argument of `jxzp score`.
func inboxArg(c *cli.Context) (string, error) {
	if c.NArg() == 0 {
		return "", usage("缺少收件箱文件夹")
	}
	if c.NArg() > 1 {
		return "", usage("只能指定一个收件箱文件夹，多余的参数：" + strings.Join(c.Args().Slice()[1:], " "))
	}
	inbox := c.Args().First()
	if st, err := os.Stat(inbox); err != nil || !st.IsDir() {
		return "", usage(fmt.Sprintf("收件箱「%s」不存在或不是文件夹", inbox))
	}
	return inbox, nil
}

// outFolder is the output folder asked for (or the default beside the inbox), created and proved
// writable now: finding out after every file has been read would waste the whole run.
func outFolder(out, inbox string) (string, error) {
	if out == "" {
		out = defaultOut(inbox)
	}
	if sameFolder(out, inbox) {
		return "", usage("输出文件夹不能就是收件箱")
	}
	if err := fsx.CheckOutFolder(out); err != nil {
		return "", cli.Exit("用法错误："+err.Error()+"\n请用 -o 指定一个可以写入的输出文件夹。", exitUsage)
	}
	return out, nil
}

// defaultOut is the output folder beside the inbox: samples → samples-审核结果. An inbox given
// as "." or ".." is named by its real folder name, so the output never lands inside it.
func defaultOut(inbox string) string {
	clean := filepath.Clean(inbox)
	switch filepath.Base(clean) {
	case ".", "..", string(filepath.Separator):
		if abs, err := filepath.Abs(clean); err == nil {
			clean = abs
		}
	}
	return clean + "-审核结果"
}

// sameFolder reports whether a and b name one folder; the outputs must not land among the inputs.
func sameFolder(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
