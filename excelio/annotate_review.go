package excelio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// kindNames are the 计算类型 of an indicator as the bureau says them.
var kindNames = map[string]string{
	scoring.KindQuantitative:  "定量",
	scoring.KindQualitative:   "定性",
	scoring.KindNotApplicable: "不适用",
	scoring.KindUnscorable:    "无法复核",
}

// reviewWriter lays out the 审核意见 sheet row by row.
type reviewWriter struct {
	f     *excelize.File
	sheet string
	st    *outStyles
	row   int
	order map[string]int
	tall  []tallCell // wrapped texts whose row height is set once column widths are known
}

type tallCell struct {
	row, from, to int
	text          string
}

// Column widths of 审核意见: the findings table and the score table share the columns, so the
// widths suit both (说明 is merged over E:H).
var reviewWidths = []float64{12, 20, 30, 16, 11, 11, 10, 12}

const reviewCols = 8

// fitTallRows gives each row holding wrapped text the height of its most wrapped cell: done
// last, as a text's line count depends on the column widths.
func (w *reviewWriter) fitTallRows() error {
	lines := map[int]int{}
	var rows []int
	for _, t := range w.tall {
		width := 0.0
		for c := t.from; c <= t.to; c++ {
			width += reviewWidths[c-1]
		}
		if _, ok := lines[t.row]; !ok {
			rows = append(rows, t.row)
		}
		lines[t.row] = max(lines[t.row], wrappedLines(t.text, width))
	}
	for _, row := range rows {
		if n := lines[row]; n > 1 {
			if err := w.f.SetRowHeight(w.sheet, row, linesHeight(n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// put writes v at (col, w.row) with style o; v may be a string, an int, a decimal or nil.
func (w *reviewWriter) put(col int, v any, o outStyle) error {
	cell := cellRef(col, w.row)
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			if err := w.f.SetCellStr(w.sheet, cell, x); err != nil {
				return err
			}
		}
	case int:
		if err := w.f.SetCellInt(w.sheet, cell, int64(x)); err != nil {
			return err
		}
	case decimal.Decimal:
		if err := setDecimal(w.f, w.sheet, cell, x); err != nil {
			return err
		}
	case *decimal.Decimal:
		if x != nil {
			if err := setDecimal(w.f, w.sheet, cell, *x); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported cell value %T", v)
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell, cell, id)
}

// span merges (from..to) on the current row, styles the whole range and writes text.
func (w *reviewWriter) span(from, to int, text string, o outStyle) error {
	if err := w.put(from, text, o); err != nil {
		return err
	}
	a, b := cellRef(from, w.row), cellRef(to, w.row)
	if to > from {
		if err := w.f.MergeCell(w.sheet, a, b); err != nil {
			return err
		}
	}
	if o.wrap {
		w.tall = append(w.tall, tallCell{row: w.row, from: from, to: to, text: text})
	}
	id, err := w.st.id(o)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, a, b, id)
}

// setDecimal writes d as a number: the float is made from d's exact decimal text, so the cell
// holds the nearest double, as if the value had been typed.
func setDecimal(f *excelize.File, sheet, cell string, d decimal.Decimal) error {
	v, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return err
	}
	return f.SetCellFloat(sheet, cell, v, -1, 64)
}

func (w *reviewWriter) write(results []*scoring.Result) error {
	title := outStyle{bold: true, size: 14, hAlign: "center"}
	if err := w.span(1, reviewCols, "审核意见", title); err != nil {
		return err
	}
	w.row++
	pass, revise := 0, 0
	for _, r := range results {
		if r == nil {
			continue
		}
		if r.Status == scoring.StatusRevise {
			revise++
		} else {
			pass++
		}
	}
	summary := fmt.Sprintf("本工作簿共 %d 张绩效自评表：通过 %d 张，需修改 %d 张。", pass+revise, pass, revise)
	if pass+revise == 0 {
		summary = "本工作簿中未找到绩效自评表。"
	}
	if err := w.span(1, reviewCols, summary, outStyle{hAlign: "left"}); err != nil {
		return err
	}
	w.row += 2
	n := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		n++
		if err := w.form(n, r); err != nil {
			return err
		}
		w.row += 2
	}
	return nil
}

// Styles of the 审核意见 tables.
var (
	reviewLabel  = outStyle{bold: true, fill: outBlockFill, border: true, hAlign: "left"}
	reviewValue  = outStyle{border: true, hAlign: "left", wrap: true}
	reviewNum    = outStyle{border: true, numFmt: fmtScore, hAlign: "right"}
	reviewHead   = outStyle{bold: true, fill: outHeaderFill, border: true, hAlign: "center", wrap: true}
	reviewCenter = outStyle{border: true, hAlign: "center"}
	reviewDiff   = outStyle{border: true, numFmt: fmtScore, hAlign: "right", fontColor: outErrorFont}
	reviewTitle  = outStyle{bold: true, hAlign: "left"}
)

// form writes one form's block: who and what, the totals, the findings, the score comparison.
func (w *reviewWriter) form(n int, r *scoring.Result) error {
	fm := r.Form
	if fm == nil {
		fm = &scoring.Form{}
	}
	if err := w.formHeading(n, fm); err != nil {
		return err
	}
	if err := w.formLocation(fm); err != nil {
		return err
	}
	if err := w.totals(r); err != nil {
		return err
	}
	if err := w.findings(r.Findings, fm.Sheet); err != nil {
		return err
	}
	return w.scores(r)
}

// formHeading writes the block's title and the form's project, department and unit.
func (w *reviewWriter) formHeading(n int, fm *scoring.Form) error {
	heading := fmt.Sprintf("第 %d 张表：%s", n, orDash(fm.Project.Text))
	if err := w.span(1, reviewCols, heading, outStyle{bold: true, size: 12, hAlign: "left"}); err != nil {
		return err
	}
	w.row++
	for _, kv := range [][2]string{
		{"项目名称", fm.Project.Text},
		{"主管部门", fm.Department.Text},
		{"实施单位", fm.Unit.Text},
	} {
		if err := w.put(1, kv[0], reviewLabel); err != nil {
			return err
		}
		if err := w.span(2, reviewCols, orDash(kv[1]), reviewValue); err != nil {
			return err
		}
		w.row++
	}
	return nil
}

// formLocation writes the row naming where the form is, linked to it so the reader can jump
// from the opinion to the form.
func (w *reviewWriter) formLocation(fm *scoring.Form) error {
	if err := w.put(1, "工作表", reviewLabel); err != nil {
		return err
	}
	where := fm.Sheet
	if fm.Range != "" {
		where += "!" + fm.Range
	}
	if err := w.span(2, reviewCols, orDash(where), outStyle{border: true, hAlign: "left", fontColor: outLinkColor, underline: fm.Sheet != ""}); err != nil {
		return err
	}
	if fm.Sheet != "" {
		topLeft := "A1"
		if i := strings.IndexByte(fm.Range, ':'); i > 0 {
			topLeft = fm.Range[:i]
		}
		if err := w.f.SetCellHyperLink(w.sheet, cellRef(2, w.row), quoteSheet(fm.Sheet)+"!"+topLeft, "Location"); err != nil {
			return err
		}
	}
	w.row++
	return nil
}
