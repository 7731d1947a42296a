package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/scoring"
)

// ANSI colours of the check report; plain text gets none.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// checkPrinter writes the `jxzp check` report.
type checkPrinter struct {
	w      io.Writer
	colour bool
	places int32 // a score's decimal places, so 9.5 prints as the 9.50 the summary shows
}

// newCheckPrinter returns a printer to w, in colour or not, writing scores to places decimals.
func newCheckPrinter(w io.Writer, colour bool, places int32) *checkPrinter {
	return &checkPrinter{w: w, colour: colour, places: places}
}

// paint wraps s in an ANSI code on a terminal.
func (p *checkPrinter) paint(code, s string) string {
	if !p.colour {
		return s
	}
	return code + s + ansiReset
}

// report prints every file's forms and findings and a closing line; true when some form must be
// corrected or some file could not be checked.
func (p *checkPrinter) report(profile string, files []batch.Checked) bool {
	fmt.Fprintf(p.w, "检查 %d 个文件（评分规则 %s）\n", len(files), profile)
	forms, revise, failed := 0, 0, 0
	for _, f := range files {
		fmt.Fprintln(p.w)
		fmt.Fprintln(p.w, p.paint(ansiBold, "■ "+f.Path))
		switch f.Status {
		case batch.StatusOK:
			for i, r := range f.Results {
				p.form(i+1, len(f.Results), r)
				forms++
				if r.Status == scoring.StatusRevise {
					revise++
				}
			}
			p.output(f)
		case batch.StatusFailed:
			failed++
			fmt.Fprintf(p.w, "  %s（%s）：%s\n", p.paint(ansiRed+ansiBold, "无法检查"), f.Code, f.Reason)
		default:
			fmt.Fprintf(p.w, "  未检查（%s）：%s\n", f.Code, f.Reason)
		}
	}
	fmt.Fprintln(p.w)
	line := fmt.Sprintf("合计：%d 个文件，%d 张自评表；通过 %d 张，需修改 %d 张", len(files), forms, forms-revise, revise)
	if failed > 0 {
		line += fmt.Sprintf("；%d 个文件无法检查", failed)
	}
	bad := revise > 0 || failed > 0
	if bad {
		fmt.Fprintln(p.w, p.paint(ansiRed+ansiBold, line+"。请按上面的错误逐项修改后再报送。"))
	} else {
		fmt.Fprintln(p.w, p.paint(ansiGreen+ansiBold, line+"。可以报送。"))
	}
	return bad
}

// output says where the annotated copy went, or why it did not.
func (p *checkPrinter) output(f batch.Checked) {
	switch {
	case f.Output != "":
		fmt.Fprintf(p.w, "  审核副本：%s\n", f.Output)
	case f.OutputErr != "":
		fmt.Fprintf(p.w, "  审核副本未写出：%s\n", f.OutputErr)
	}
}

// form prints one form: where it is, what it is, the recomputed numbers and its findings.
func (p *checkPrinter) form(i, n int, r *scoring.Result) {
	f := r.Form
	fmt.Fprintf(p.w, "  自评表 %d/%d：工作表「%s」%s\n", i, n, f.Sheet, f.Range)
	fmt.Fprintf(p.w, "  项目：%s；实施单位：%s\n", orDash(f.Project.Text), orDash(f.Unit.Text))
	fmt.Fprintf(p.w, "  复核：执行率得分 %s，总分 %s，等级 %s；自评总分 %s，等级 %s\n",
		r.Execution.Recomputed.StringFixed(p.places), p.decOr(r.RecomputedTotal, "未填写"), orDash(unfilledGrade(r)),
		written(r.ClaimedTotal), orDash(r.ClaimedGrade))
	status := p.paint(ansiGreen+ansiBold, r.Status)
	if r.Status == scoring.StatusRevise {
		status = p.paint(ansiRed+ansiBold, r.Status)
	}
	fmt.Fprintf(p.w, "  结论：%s（错误 %d 项，警告 %d 项，提示 %d 项）\n", status, r.Errors(), r.Warnings(), len(r.Findings)-r.Errors()-r.Warnings())
	last := "\x00"
	for _, fd := range sortedFindings(r.Findings) {
		cell := fd.Ref.Cell
		if cell != last {
			head := cell
			if head == "" {
				head = "（整张表）"
			}
			fmt.Fprintf(p.w, "    %s\n", p.paint(ansiBold, head))
			last = cell
		}
		fmt.Fprintf(p.w, "      %s %s %s\n", p.severity(fd.Severity), fd.Code, stripCell(fd.Message, cell))
	}
}

// severity is the severity's name, coloured.
func (p *checkPrinter) severity(s scoring.Severity) string {
	code := map[scoring.Severity]string{scoring.Error: ansiRed, scoring.Warning: ansiYellow, scoring.Info: ansiCyan}[s]
	return p.paint(code, "["+s.String()+"]")
}

// sortedFindings groups findings by cell: the cells whose worst finding is an error first, then
// warnings, then remarks; cells of one rank top to bottom, left to right; in a cell, errors first.
// Findings without a cell (the whole sheet) come first of their rank.
func sortedFindings(in []scoring.Finding) []scoring.Finding {
	out := slices.Clone(in)
	scoring.SortFindings(out, scoring.FindingOrder{WorstCellFirst: true})
	return out
}

// stripCell drops the leading "I7：" of a message printed under its cell's heading.
func stripCell(msg, cell string) string {
	if cell != "" {
		if rest, ok := strings.CutPrefix(msg, cell+"："); ok {
			return rest
		}
	}
	return msg
}

// unfilledGrade is the recomputed grade, or 未填写 for a form not scored (S08).
func unfilledGrade(r *scoring.Result) string {
	if r.RecomputedTotal == nil {
		return "未填写"
	}
	return r.RecomputedGrade
}

// decOr writes d as a score, or alt when there is none.
func (p *checkPrinter) decOr(d *decimal.Decimal, alt string) string {
	if d == nil {
		return alt
	}
	return d.StringFixed(p.places)
}

// written writes the unit's own number as it wrote it, or — when it wrote none.
func written(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return d.String()
}

// orDash writes s, or — when it is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return strings.TrimSpace(s)
}
