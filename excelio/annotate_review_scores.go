package excelio

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// totalsRow is one row of a form's totals: the unit's figure beside the bureau's.
type totalsRow struct {
	l1 string
	v1 any
	l2 string
	v2 any
}

// totals writes the claimed and recomputed score and grade, the status and the finding counts.
func (w *reviewWriter) totals(r *scoring.Result) error {
	total, grade := recomputedOrText(r)
	for _, p := range []totalsRow{
		{"自评得分", claimedOrText(r.ClaimedTotal), "复核得分", total},
		{"自评等级", orText(r.ClaimedGrade, "（未填写）"), "复核等级", grade},
		{"状态", orDash(r.Status), "错误 / 警告", fmt.Sprintf("%d / %d", r.Errors(), r.Warnings())},
	} {
		if err := w.totalsLine(p, r.Status == scoring.StatusRevise); err != nil {
			return err
		}
		w.row++
	}
	w.row++
	return nil
}

// totalsLine writes p on the current row; revise makes the status stand out, as the one thing
// the unit must act on.
func (w *reviewWriter) totalsLine(p totalsRow, revise bool) error {
	if err := w.putText(1, p.l1, reviewLabel); err != nil {
		return err
	}
	o := reviewValue
	if _, ok := p.v1.(*decimal.Decimal); ok {
		o = reviewNum
	}
	if p.l1 == "状态" && revise {
		o = outStyle{border: true, hAlign: "left", bold: true, fill: outErrorFill, fontColor: outErrorFont}
	}
	if err := w.put(2, p.v1, o); err != nil {
		return err
	}
	if err := w.putText(3, p.l2, reviewLabel); err != nil {
		return err
	}
	o = reviewValue
	if _, ok := p.v2.(*decimal.Decimal); ok {
		o = reviewNum
	}
	return w.put(4, p.v2, o)
}

// findings writes the 审核发现的问题 table, errors first, so the unit reads what blocks the form
// before what merely deserves a look.
func (w *reviewWriter) findings(all []scoring.Finding, formSheet string) error {
	if err := w.span(1, reviewCols, "审核发现的问题", reviewTitle); err != nil {
		return err
	}
	w.row++
	for i, h := range []string{"序号", "代码", "严重程度", "单元格"} {
		if err := w.putText(i+1, h, reviewHead); err != nil {
			return err
		}
	}
	if err := w.span(5, reviewCols, "说明", reviewHead); err != nil {
		return err
	}
	w.row++
	fs := sortedFindings(all, w.order)
	if len(fs) == 0 {
		if err := w.span(1, reviewCols, "未发现问题。", reviewValue); err != nil {
			return err
		}
		w.row++
	}
	for i, fd := range fs {
		if err := w.finding(i+1, fd, formSheet); err != nil {
			return err
		}
		w.row++
	}
	w.row++
	return nil
}

// finding writes one row of the findings table. The cell is shown without its sheet when it is
// on the form's own sheet, so the column stays narrow; the link always names the sheet.
func (w *reviewWriter) finding(n int, fd scoring.Finding, formSheet string) error {
	center := outStyle{border: true, hAlign: "center"}
	sev := center
	switch fd.Shown() {
	case scoring.Error:
		sev = outStyle{border: true, hAlign: "center", fill: outErrorFill, fontColor: outErrorFont}
	case scoring.Warning:
		sev = outStyle{border: true, hAlign: "center", fill: outWarnFill, fontColor: outWarnFont}
	}
	if err := w.put(1, n, center); err != nil {
		return err
	}
	if err := w.putText(2, fd.Code, center); err != nil {
		return err
	}
	if err := w.putText(3, fd.Label(), sev); err != nil {
		return err
	}
	cell := strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", "")
	shown := "—"
	if cell != "" {
		shown = cell
		if fd.Ref.Sheet != formSheet {
			shown = fd.Ref.Sheet + "!" + cell
		}
	}
	_, known := w.order[fd.Ref.Sheet]
	if cell != "" && known {
		if err := w.putText(4, shown, outStyle{border: true, hAlign: "center", fontColor: outLinkColor, underline: true, wrap: true}); err != nil {
			return err
		}
		w.link(4, quoteSheet(fd.Ref.Sheet)+"!"+cell)
		w.tall = append(w.tall, tallCell{row: w.row, from: 4, to: 4, text: shown})
	} else if err := w.putText(4, shown, center); err != nil {
		return err
	}
	return w.span(5, reviewCols, fd.Text(), outStyle{border: true, hAlign: "left", wrap: true})
}

// scores writes the 复核得分对照 table: the unit's scores beside the bureau's, row by row.
func (w *reviewWriter) scores(r *scoring.Result) error {
	if err := w.scoresHead(); err != nil {
		return err
	}
	if err := w.executionScore(r); err != nil {
		return err
	}
	total, err := w.indicatorScores(r)
	if err != nil {
		return err
	}
	return w.totalScore(r, total)
}

// scoresHead writes the table's title and column headers.
func (w *reviewWriter) scoresHead() error {
	if err := w.span(1, reviewCols, "复核得分对照", reviewTitle); err != nil {
		return err
	}
	w.row++
	for i, h := range []string{"一级指标", "二级指标", "三级指标", "分值", "自评得分", "复核得分", "差异", "计算类型"} {
		if err := w.putText(i+1, h, reviewHead); err != nil {
			return err
		}
	}
	w.row++
	return nil
}

// scoreLine is one row of the 复核得分对照 table; a nil score is left blank.
type scoreLine struct {
	l1, l2, l3                  string
	points, claimed, recomputed *decimal.Decimal
	kind                        string
}

// executionScore writes the 预算执行率 row, its rate standing in for an indicator name.
func (w *reviewWriter) executionScore(r *scoring.Result) error {
	rate := "执行率无法计算"
	if r.Rate != nil {
		rate = "执行率 " + r.Rate.Mul(decimal.NewFromInt(100)).Round(2).StringFixed(2) + "%"
	}
	ex := r.Execution
	exRe := ex.Recomputed
	exPoints := ex.Points
	return w.scoreRow(scoreLine{"预算执行率", "", rate, &exPoints, ex.Claimed, &exRe, "定量"})
}

// indicatorScores writes one row per indicator and returns the points of the whole form,
// 预算执行率 included, for the 合计 row.
func (w *reviewWriter) indicatorScores(r *scoring.Result) (decimal.Decimal, error) {
	total := r.Execution.Points
	for _, ir := range r.Indicators {
		name := ""
		if ir.Indicator != nil {
			name = ir.Indicator.Name.Text
		}
		kind := kindNames[ir.Kind]
		if kind == "" {
			kind = ir.Kind
		}
		if ir.Points != nil {
			total = total.Add(*ir.Points)
		}
		if err := w.scoreRow(scoreLine{ir.Level1, ir.Level2, name, ir.Points, ir.Claimed, ir.Recomputed, kind}); err != nil {
			return decimal.Decimal{}, err
		}
	}
	return total, nil
}

// totalScore writes the 合计 row, its label merged over the three indicator columns.
func (w *reviewWriter) totalScore(r *scoring.Result, total decimal.Decimal) error {
	if err := w.scoreRow(scoreLine{"总分", "", "", &total, r.ClaimedTotal, r.RecomputedTotal, ""}); err != nil {
		return err
	}
	w.row--
	w.merge(1, 3)
	err := w.restyle(1, 3, outStyle{bold: true, border: true, hAlign: "center"})
	w.row++
	return err
}

// scoreRow writes s on the current row and moves to the next.
func (w *reviewWriter) scoreRow(s scoreLine) error {
	for i, t := range []string{s.l1, s.l2, s.l3} {
		if err := w.putText(i+1, t, reviewValue); err != nil {
			return err
		}
	}
	for i, d := range []*decimal.Decimal{s.points, s.claimed, s.recomputed} {
		if err := w.putDecimal(4+i, d, reviewNum); err != nil {
			return err
		}
	}
	d, o := scoreDiff(s.claimed, s.recomputed)
	if err := w.putDecimal(7, d, o); err != nil {
		return err
	}
	if err := w.putText(8, s.kind, reviewCenter); err != nil {
		return err
	}
	w.row++
	return nil
}

// scoreDiff is the bureau's score less the unit's, in red when they differ so the reader's eye
// goes to the rows that moved; nil when either is missing.
func scoreDiff(claimed, recomputed *decimal.Decimal) (*decimal.Decimal, outStyle) {
	if claimed == nil || recomputed == nil {
		return nil, reviewNum
	}
	v := recomputed.Sub(*claimed)
	if v.IsZero() {
		return &v, reviewNum
	}
	return &v, reviewDiff
}

func orDash(s string) string {
	return orText(s, "—")
}

func orText(s, empty string) string {
	if strings.TrimSpace(s) == "" {
		return empty
	}
	return s
}

// recomputedOrText is the bureau's total and grade as 审核意见 shows them: 未填写 for an unfilled
// form (S08), which is not scored, rather than a score of 0.
func recomputedOrText(r *scoring.Result) (total, grade any) {
	if r.RecomputedTotal == nil {
		return unfilledText, unfilledText
	}
	return r.RecomputedTotal, orDash(r.RecomputedGrade)
}

func claimedOrText(d *decimal.Decimal) any {
	if d == nil {
		return "（未填写）"
	}
	return d
}
