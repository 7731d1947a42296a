package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// scoreTotal computes the recomputed total and grade and runs T01–T04.
func (e *evaluation) scoreTotal() {
	if e.unfilled {
		e.unfilledTotal()
		return
	}
	res := e.res
	recomputed, claimedSum, claimedComplete := res.Execution.Recomputed, decimal.Zero, e.execClaimedOK
	if res.Execution.Claimed != nil {
		claimedSum = *res.Execution.Claimed
	}
	for _, r := range res.Indicators {
		if r.Kind == KindNotApplicable {
			continue
		}
		if r.Recomputed != nil {
			recomputed = recomputed.Add(*r.Recomputed)
		}
		if r.Claimed != nil {
			claimedSum = claimedSum.Add(*r.Claimed)
		} else {
			claimedComplete = false
		}
	}
	recomputed = recomputed.Sub(e.blockExcess())
	renormalised := e.naPoints.IsPositive() && e.p.Indicators.RenormalizeNotApplicable && e.naPoints.LessThan(e.p.Total)
	if renormalised {
		recomputed = e.renormalise(recomputed)
		e.add("T04", e.f.TotalScore.Ref, "有 %s 分的指标不适用，总分按 %s ÷ (%s − %s) 折算", show(e.naPoints), show(e.p.Total), show(e.p.Total), show(e.naPoints))
	}
	recomputed = e.capTotal(recomputed)
	res.RecomputedTotal = ptr(recomputed)
	res.RecomputedGrade = e.p.GradeOf(recomputed)

	claimed, ok, bad := number(e.f.TotalScore)
	if !ok && !bad && e.f.TotalScore.Found() && !e.f.TotalScore.Unreadable && claimedComplete {
		// checks.md is silent on an empty 总分; it is the form's own arithmetic left undone (T01).
		e.add("T01", e.f.TotalScore.Ref, "总分未填写，执行率得分及各指标得分之和为 %s", show(claimedSum))
	}
	if bad {
		e.add("T01", e.f.TotalScore.Ref, "总分应为数字，表中填写“%s”", e.f.TotalScore.Text)
	}
	if ok {
		res.ClaimedTotal = ptr(claimed)
		accepted := claimed.Equal(claimedSum) || (e.naPoints.IsPositive() && e.naPoints.LessThan(e.p.Total) && claimed.Equal(e.renormalise(claimedSum)))
		if claimedComplete && !accepted {
			e.add("T01", e.f.TotalScore.Ref, "总分填写 %s，与执行率得分及各指标得分之和 %s 不一致", show(claimed), show(claimedSum))
		}
		if !claimed.Equal(recomputed) {
			e.add("T03", e.f.TotalScore.Ref, "复核得分 %s（%s），自评 %s%s", show(recomputed), res.RecomputedGrade, show(claimed), e.explainedBy())
		}
	}
	e.checkGrade(res.ClaimedTotal)
}

// unfilledTotal keeps what an unfilled form (S08) writes as its total and checks its grade
// against it (T02); there is no recomputed total or grade to give or to compare with.
func (e *evaluation) unfilledTotal() {
	if claimed, ok, _ := number(e.f.TotalScore); ok {
		e.res.ClaimedTotal = ptr(claimed)
	}
	e.checkGrade(e.res.ClaimedTotal)
}

// renormalise scales a sum to the full total when points were left out as not applicable.
func (e *evaluation) renormalise(sum decimal.Decimal) decimal.Decimal {
	return e.round(sum.Mul(e.p.Total).DivRound(e.p.Total.Sub(e.naPoints), divisionPlaces))
}

// checkGrade runs T02: the written grade must match the written total's band.
func (e *evaluation) checkGrade(claimedTotal *decimal.Decimal) {
	g := e.f.Grade
	if IsBlank(g.Text) {
		return
	}
	written := NormalizeLabel(g.Text)
	e.res.ClaimedGrade = written
	if claimedTotal == nil {
		return
	}
	if want := e.p.GradeOf(*claimedTotal); want != written {
		e.add("T02", g.Ref, "自评等级填写“%s”，按自评总分 %s 应为“%s”", written, show(*claimedTotal), want)
	}
}

// blockExcess checks, on forms without a points column, each level-1 block's claimed scores
// against the points in its label (产出指标(40分)): that is the only check such a form allows
// (form.md, family 4). A block that claims more than its points gets I03 on its label, and the
// excess is taken off the recomputed total, since no single row can be said to hold it.
func (e *evaluation) blockExcess() decimal.Decimal {
	excess := decimal.Zero
	if e.f.HasPointsColumn {
		return excess
	}
	for _, b := range e.blocks() {
		if b.labelPts == nil || !b.claimed.GreaterThan(*b.labelPts) {
			continue
		}
		over := b.claimed.Sub(*b.labelPts)
		excess = excess.Add(over)
		e.add("I03", b.label.Ref, "一级指标“%s”各三级指标得分合计 %s，超过其分值 %s", b.name, show(b.claimed), show(*b.labelPts))
	}
	return excess
}

// scoreCodes are the findings that move a score away from the unit's: the differences T03 adds up.
var scoreCodes = map[string]bool{"F04": true, "I03": true, "I05": true, "I07": true, "I16": true, "T01": true, "T05": true}

// explainedBy tells how many of the form's other findings account for T03's difference, so a
// reader sees one mistake (an F04) once and not again as a second error in the total.
func (e *evaluation) explainedBy() string {
	n, seen := 0, []string{}
	for _, fd := range e.res.Findings {
		if !scoreCodes[fd.Code] {
			continue
		}
		n++
		if !slices.Contains(seen, fd.Code) {
			seen = append(seen, fd.Code)
		}
	}
	if n == 0 {
		return ""
	}
	slices.Sort(seen)
	return fmt.Sprintf("；差异来自本表另外 %d 条问题（%s），改正后总分随之改正", n, strings.Join(seen, "、"))
}
