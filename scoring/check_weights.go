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
			if d, ok := PointsIn(r.Indicator.Level1.Text); ok {
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

// checkWeights runs W01–W03 (W04 is per row).
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
				e.add("W03", b.label.Ref, "一级指标“%s”标注 %s 分，其下三级指标分值合计为 %s 分", b.name, show(*b.labelPts), show(b.sum))
			}
		case b.labelPts != nil:
			points[b.name] = *b.labelPts
		default:
			complete = false
		}
		total = total.Add(points[b.name])
	}
	if complete && !total.Equal(e.p.Total) {
		e.add("W01", orRef(e.f.TotalPoints.Ref, e.f.IndicatorLabel.Ref), "预算执行率与各指标分值合计为 %s 分，应为 %s 分", show(total), show(e.p.Total))
	}
	e.checkSplit(blocks, points)
}

// checkSplit runs W02 on the level-1 blocks against the profile's standard split for the form's
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
		e.add("W02", b.label.Ref, "一级指标“%s”分值为 %s 分，标准为 %s 分（%s）", b.name, show(got), show(want), describeSplit(split))
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
