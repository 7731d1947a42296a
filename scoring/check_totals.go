package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// T01, T03, T04: scoreTotal computes the recomputed total and grade and runs T01–T04.
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
		e.add(T04, e.f.TotalScore.Ref, "有 %s 分的指标不适用，总分按 %s ÷ (%s − %s) 折算", show(e.naPoints), show(e.p.Total), show(e.p.Total), show(e.naPoints))
	}
	recomputed = e.capTotal(recomputed)
	res.RecomputedTotal = ptr(recomputed)
	res.RecomputedGrade = e.p.GradeOf(recomputed)

	claimed, ok, bad := number(e.f.TotalScore)
	if !ok && !bad && e.f.TotalScore.Found() && !e.f.TotalScore.Unreadable && claimedComplete {
		// checks.md is silent on an empty 总分; it is the form's own arithmetic left undone (T01).
		e.add(T01, e.f.TotalScore.Ref, "总分未填写，执行率得分及各指标得分之和为 %s", show(claimedSum))
	}
	if bad {
		e.add(T01, e.f.TotalScore.Ref, "总分应为数字，表中填写“%s”", e.f.TotalScore.Text)
	}
	if ok {
		res.ClaimedTotal = ptr(claimed)
		accepted := claimed.Equal(claimedSum) || (e.naPoints.IsPositive() && e.naPoints.LessThan(e.p.Total) && claimed.Equal(e.renormalise(claimedSum)))
		if claimedComplete && !accepted {
			e.add(T01, e.f.TotalScore.Ref, "总分填写 %s，与执行率得分及各指标得分之和 %s 不一致", show(claimed), show(claimedSum))
		}
		if !claimed.Equal(recomputed) {
			e.add(T03, e.f.TotalScore.Ref, "复核得分 %s（%s），自评 %s%s", show(recomputed), res.RecomputedGrade, show(claimed), e.explainedBy())
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

// T02: checkGrade runs T02: the written grade must match the written total's band.
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
		e.add(T02, g.Ref, "自评等级填写“%s”，按自评总分 %s 应为“%s”", written, show(*claimedTotal), want)
	}
}

// scoreCodes are the findings that move a score away from the unit's: the differences T03 adds up.
var scoreCodes = map[Code]bool{F04: true, I03: true, I05: true, I07: true, I16: true, T01: true, T05: true}

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

// T05: capTotal applies [total_caps] to a recomputed total: the excess over the cap is deducted (T05).
// A form whose rate cannot be computed is not capped: F05 already sends it back.
func (e *evaluation) capTotal(total decimal.Decimal) decimal.Decimal {
	caps := e.p.TotalCaps
	if !caps.Enabled || e.res.Rate == nil {
		return total
	}
	step, ok := caps.capFor(*e.res.Rate)
	if !ok || !total.GreaterThan(step.Max) {
		return total
	}
	e.add(T05, e.f.TotalScore.Ref, "预算执行率 %s 低于 %s，总分最高 %s 分：复核得分 %s 扣减 %s 后为 %s",
		showRate(*e.res.Rate), showRate(step.Below), show(step.Max), show(total), show(total.Sub(step.Max)), show(step.Max))
	return step.Max
}
