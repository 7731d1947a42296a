package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
)

// scoreTarget is what `jxzp score` was asked to review: a folder (the inbox), or a single
// workbook, which is reviewed as the only file of its folder. defOut is the output folder used
// when -o is not given: empty for a folder (beside it, as always), <name>-审核结果 beside a file.
func scoreTarget(c *cli.Context) (inbox string, only []string, defOut string, err error) {
	if c.NArg() == 1 {
		arg := c.Args().First()
		if st, statErr := os.Stat(arg); statErr == nil && st.Mode().IsRegular() {
			dir := filepath.Dir(arg)
			stem := strings.TrimSuffix(arg, filepath.Ext(arg))
			fmt.Fprintf(c.App.ErrWriter, "「%s」是一个文件：只审核这一个工作簿。审核整个收件箱请指定文件夹；单位报送前自查请用 jxzp check。\n", arg)
			return dir, []string{filepath.Base(arg)}, stem + "-审核结果", nil
		}
	}
	inbox, err = inboxArg(c)
	return inbox, nil, "", err
}
