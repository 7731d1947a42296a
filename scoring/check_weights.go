package scoring

import (
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// block is one level-1 block of the indicator table: its label and the points of its rows.
type block struct {
	name     string
	label    Cell
	labelPts *decimal.Decimal // points written in the label, such as 产出指标(50分)
	sum      decimal.Decimal  // Σ of its indicators' 分值 (not-applicable rows included)
	claimed  decimal.Decimal  // Σ of its indicators' claimed 得分
	rows     int
	// incomplete: a row's 分值 could not be read (W04 says so), so the block's sum is unknown.
	incomplete bool
}

// blocks groups the indicator rows by level-1 label, in the order they appear.
func (e *evaluation) blocks() []*block {
	var out []*block
	byName := map[string]*block{}
	for _, r := range e.res.Indicators {
		b := byName[r.Level1]
		if b == nil {
			b = &block{name: r.Level1, label: r.Indicator.Level1}
			if d, ok := pointsIn(r.Indicator.Level1.Text); ok {
				b.labelPts = ptr(d)
			}
			byName[r.Level1] = b
			out = append(out, b)
		}
		b.rows++
		if r.Points != nil {
			b.sum = b.sum.Add(*r.Points)
		} else if e.f.HasPointsColumn && r.Kind != KindNotApplicable {
			b.incomplete = true
		}
		if r.Claimed != nil {
			b.claimed = b.claimed.Add(*r.Claimed)
		}
	}
	return out
}

// W01, W03: checkWeights runs W01–W03 (W04 is per row).
func (e *evaluation) checkWeights() {
	blocks := e.blocks()
	if len(blocks) == 0 {
		return
	}
	perRow := e.f.HasPointsColumn
	total := e.res.Execution.Points
	complete := true
	points := map[string]decimal.Decimal{}
	for _, b := range blocks {
		switch {
		case b.incomplete:
			// W04 is the root cause; sums over a missing 分值 would only mislead.
			complete = false
			continue
		case perRow:
			points[b.name] = b.sum
			if b.labelPts != nil && !b.labelPts.Equal(b.sum) {
				e.add(W03, b.label.Ref, "一级指标“%s”标注 %s 分，其下三级指标分值合计为 %s 分", b.name, show(*b.labelPts), show(b.sum))
			}
		case b.labelPts != nil:
			points[b.name] = *b.labelPts
		default:
			complete = false
		}
		total = total.Add(points[b.name])
	}
	if complete && !total.Equal(e.p.Total) {
		e.add(W01, orRef(e.f.TotalPoints.Ref, e.f.IndicatorLabel.Ref), "预算执行率与各指标分值合计为 %s 分，应为 %s 分", show(total), show(e.p.Total))
	}
	e.checkSplit(blocks, points)
}

// W02: checkSplit runs W02 on the level-1 blocks against the profile's standard split for the form's
// tree (the 2021 tree when 成本指标 stands at level 1).
func (e *evaluation) checkSplit(blocks []*block, points map[string]decimal.Decimal) {
	split := e.p.Weights.Tree2020
	if _, cost := points["成本指标"]; cost {
		split = e.p.Weights.Tree2021
	}
	if len(split) == 0 {
		return
	}
	for _, b := range blocks {
		want, ok := split[b.name]
		got, known := points[b.name]
		if !ok || !known || b.incomplete || got.Equal(want) {
			continue
		}
		e.add(W02, b.label.Ref, "一级指标“%s”分值为 %s 分，标准为 %s 分（%s）", b.name, show(got), show(want), describeSplit(split))
	}
}

func describeSplit(split map[string]decimal.Decimal) string {
	names := make([]string, 0, len(split))
	for k := range split {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, n+" "+show(split[n])+" 分")
	}
	return strings.Join(parts, "、")
}

// W02: executionPoints takes the points the form writes (the 分值 cell of the total row, or a label
// such as 预算执行情况(20分)); a form that writes none is scored with the profile's.
func (e *evaluation) executionPoints(b *FundBlock) {
	points, written := decimal.Zero, false
	if d, ok, _ := number(b.Total.Points); ok && d.IsPositive() {
		points, written = d, true
	}
	for _, hint := range b.PointsHints {
		if written {
			break
		}
		if d, ok := pointsIn(hint.Text); ok && d.IsPositive() {
			points, written = d, true
		}
	}
	if !written {
		return
	}
	e.res.Execution.Points = points
	if !points.Equal(e.p.Execution.Points) {
		ref := b.Total.Points.Ref
		if !b.Total.Points.Found() {
			ref = b.Label.Ref
		}
		e.add(W02, ref, "预算执行率分值为 %s 分，标准为 %s 分", show(points), show(e.p.Execution.Points))
	}
}

// W04: readPoints reads the row's points.
func (e *evaluation) readPoints(st *indicatorState) {
	ind := st.ind
	if !e.f.HasPointsColumn {
		return
	}
	if ind.Points.Merged != "" {
		e.add(W04, ind.Points.Ref, "“%s”的分值单元格与上一行合并（%s），分值只计入上一行的指标；请取消合并，为每个指标分别填写分值",
			ind.Name.Text, ind.Points.Merged)
		return
	}
	w, ok, bad := number(ind.Points)
	if !ok || bad || !w.IsPositive() {
		e.add(W04, ind.Points.Ref, "“%s”的分值应为正数，表中填写“%s”", ind.Name.Text, ind.Points.Text)
		return
	}
	st.points, st.hasW = w, true
	st.res.Points = ptr(w)
}
