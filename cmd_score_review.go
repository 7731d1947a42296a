package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/excelio"
)

// reviewInputs reads --decisions and --previous before any file of the inbox is read: a file
// that cannot be used is a usage error (status 2), not a surprise after the whole batch.
func reviewInputs(c *cli.Context) (decisions []excelio.Decision, previous *batch.Document, err error) {
	if p := strings.TrimSpace(c.String("decisions")); p != "" {
		if decisions, err = batch.ReadDecisions(p); err != nil {
			return nil, nil, cli.Exit("用法错误：--decisions："+err.Error(), exitUsage)
		}
	}
	if p := strings.TrimSpace(c.String("previous")); p != "" {
		if previous, err = batch.ReadPrevious(p); err != nil {
			return nil, nil, cli.Exit("用法错误：--previous："+err.Error(), exitUsage)
		}
	}
	return decisions, previous, nil
}

// printDecisions adds the decisions workbook to the terminal summary, with what the decisions
// read back did; a stale decision is named so it is never lost without a word.
func printDecisions(w io.Writer, rep *batch.Report) {
	if rep.DecisionsPath == "" {
		return
	}
	fmt.Fprintf(w, "  复核意见：%s", rep.DecisionsPath)
	if rep.Accepted > 0 || rep.Stale > 0 {
		fmt.Fprintf(w, "（已认可 %d 条", rep.Accepted)
		if rep.Stale > 0 {
			fmt.Fprintf(w, "；%d 条复核意见对应的问题已不存在，见其中的“已失效的复核意见”工作表", rep.Stale)
		}
		fmt.Fprint(w, "）")
	}
	fmt.Fprintln(w)
}
