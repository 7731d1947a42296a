package scoring

import (
	"errors"

	"github.com/shopspring/decimal"
)

// amount is one funds cell read: its value in 万元, whether it was filled, and whether it could
// be read at all.
type amount struct {
	cell   Cell
	value  decimal.Decimal
	filled bool
	bad    bool
}

// F06, S03: readAmount reads a funds cell, reporting F06 for text or a negative number and S03 for an
// unreadable formula.
func (e *evaluation) readAmount(c Cell, yuan bool, what string) amount {
	a := amount{cell: c}
	if c.Unreadable {
		a.bad = true
		e.add(S03, c.Ref, "“%s”为公式且无法计算，请填写数值", what)
		return a
	}
	v, err := ParseAmount(c.Text, yuan)
	switch {
	case errors.Is(err, ErrNotNumber):
		a.bad = true
		e.add(F06, c.Ref, "“%s”应为金额数字，表中填写“%s”", what, c.Text)
	case err != nil:
		a.bad = true
		e.add(F06, c.Ref, "“%s”无法识别：%v", what, err)
	case v.Filled && v.Value.IsNegative():
		a.bad = true
		e.add(F06, c.Ref, "“%s”不能为负数，表中填写 %s", what, show(v.Value))
	default:
		a.value, a.filled = v.Value, v.Filled
	}
	return a
}

// column is one column of the funds block: the total row's cell and the parts' cells.
type column struct {
	name  string
	total func(FundRow) Cell
}

var fundColumnsChecked = []column{
	{"年初预算数", func(r FundRow) Cell { return r.Initial }},
	{"全年预算数", func(r FundRow) Cell { return r.Budget }},
	{"全年执行数", func(r FundRow) Cell { return r.Executed }},
}

// F01: columnValue returns the column's total as the form gives it, falling back to the sum of its
// parts when the total is empty or zero (F01 then names the empty total).
func (e *evaluation) columnValue(b *FundBlock, col column) (v amount, fromParts bool) {
	total := e.readAmount(col.total(b.Total), b.Yuan, col.name)
	sum, anyPart := decimal.Zero, false
	for _, part := range b.Parts {
		p := e.readAmount(col.total(part), b.Yuan, col.name)
		if p.filled && !p.bad {
			sum, anyPart = sum.Add(p.value), true
		}
	}
	if total.bad || !anyPart {
		return total, false
	}
	if !total.filled || total.value.IsZero() {
		if sum.IsZero() {
			return total, false
		}
		e.add(F01, total.cell.Ref, "“年度资金总额”的%s未填写，其中各项合计为 %s", col.name, show(sum))
		return amount{cell: total.cell, value: sum, filled: true}, true
	}
	if !total.value.Equal(sum) {
		e.add(F01, total.cell.Ref, "“年度资金总额”的%s为 %s，与其中各项合计 %s 不一致", col.name, show(total.value), show(sum))
	}
	return total, false
}

// F02, F04, F05, S03: scoreExecution reads the funds block and recomputes the execution score from the rate.
func (e *evaluation) scoreExecution() {
	res, b := e.res, e.f.Funds
	res.Execution.Points = e.p.Execution.Points
	if b == nil {
		e.fundsUnusable = true
		e.add(S03, Ref{Sheet: e.f.Sheet, Cell: firstCell(e.f.Range)}, "未找到项目资金（预算执行情况）表")
		return
	}
	res.Execution.Ref = b.Total.Score.Ref
	e.executionPoints(b)
	if !b.Total.Label.Found() {
		e.fundsUnusable = true
		e.add(S03, b.Label.Ref, "项目资金表中未找到“年度资金总额”行")
		return
	}
	initial, _ := e.columnValue(b, fundColumnsChecked[0])
	budget, budgetFromParts := e.columnValue(b, fundColumnsChecked[1])
	executed, execFromParts := e.columnValue(b, fundColumnsChecked[2])
	if initial.filled && !initial.bad {
		res.Initial = ptr(initial.value)
	}
	if budget.filled && !budget.bad {
		res.Budget = ptr(budget.value)
	}
	if executed.filled && !executed.bad {
		res.Executed = ptr(executed.value)
	}
	claimed, claimedOK, claimedBad := number(b.Total.Score)
	if claimedOK {
		res.Execution.Claimed = ptr(claimed)
		e.execClaimedOK = true
	}
	if budget.bad || executed.bad {
		e.fundsUnusable = true
		return
	}
	if !budget.filled || budget.value.IsZero() {
		e.fundsUnusable = true
		e.add(F05, budget.cell.Ref, "全年预算数为空或为零，无法计算预算执行率，执行率得分按 0 计")
		return
	}
	if !executed.filled {
		e.fundsUnusable = true
		e.add(S03, executed.cell.Ref, "全年执行数未填写，无法计算预算执行率")
		return
	}
	if claimedBad {
		e.add(F04, b.Total.Score.Ref, "执行率得分应为数字，表中填写“%s”", b.Total.Score.Text)
	}
	rate := executed.value.DivRound(budget.value, divisionPlaces)
	res.Rate = &rate
	res.Execution.Recomputed = e.executionScore(executed.value, budget.value)
	if executed.value.GreaterThan(budget.value) {
		e.add(F02, executed.cell.Ref, "全年执行数 %s 超过全年预算数 %s（执行率 %s），执行率得分按满分计", show(executed.value), show(budget.value), showRate(rate))
	}
	if !budgetFromParts && !execFromParts {
		e.checkWrittenRate(b.Total.Rate, rate)
	}
	if claimedOK && !claimed.Equal(res.Execution.Recomputed) {
		e.add(F04, b.Total.Score.Ref, "执行率得分应为 %s，表中填写 %s（%s ÷ %s = %s，分值 %s）",
			show(res.Execution.Recomputed), show(claimed), show(executed.value), show(budget.value), showRate(rate), show(res.Execution.Points))
	}
}

// executionScore applies the profile's execution mode to the rate executed / budget. The linear
// score is points × executed / budget divided last, so the ratio is never rounded before it is
// multiplied (15 points at 178.3 / 300 is 8.915 → 8.92, not 8.91).
func (e *evaluation) executionScore(executed, budget decimal.Decimal) decimal.Decimal {
	points := e.res.Execution.Points
	if e.p.Execution.Mode == "bands" {
		for _, band := range e.p.Execution.Bands {
			// rate ≥ min, compared without dividing: executed ≥ min × budget.
			if executed.GreaterThanOrEqual(band.Min.Mul(budget)) {
				return e.round(points.Mul(band.Share))
			}
		}
		return decimal.Zero
	}
	if executed.GreaterThanOrEqual(budget) {
		return e.round(points)
	}
	return e.round(points.Mul(executed).DivRound(budget, divisionPlaces))
}

// F03: checkWrittenRate compares the written 执行率 with the computed one at the precision it was
// written with: 86% agrees with 86.20%, 100.0% does not agree with 88.18%.
func (e *evaluation) checkWrittenRate(c Cell, rate decimal.Decimal) {
	if c.Unreadable || IsBlank(c.Text) {
		return
	}
	written, ok := ParseRate(c.Text, c.Percent)
	if !ok {
		e.add(F03, c.Ref, "执行率应为 %s，表中填写“%s”无法识别", showRate(rate), c.Text)
		return
	}
	if !rate.Round(int32(written.Places)).Equal(written.Value.Round(int32(written.Places))) {
		e.add(F03, c.Ref, "执行率应为 %s，表中填写 %s", showRate(rate), showRate(written.Value))
	}
}

// F07, F08: checkExplanation runs F07 and F08, the rate thresholds that ask for a second look. It runs
// after the indicators are scored: F07 compares the rate with their claims.
func (e *evaluation) checkExplanation() {
	b, rate := e.f.Funds, e.res.Rate
	if b == nil || rate == nil {
		return
	}
	low := e.p.Execution.LowRate
	if low.IsPositive() && rate.LessThan(low) && e.allIndicatorsFull() {
		e.add(F07, b.Total.Rate.Ref, "预算执行率仅 %s，但所有绩效指标均自评满分，请核实", showRate(*rate))
	}
	below := e.p.Execution.ExplainBelow
	if below.IsPositive() && rate.LessThan(below) {
		reason := b.Total.Reason
		switch {
		case saysNothing(reason.Text):
			ref := reason.Ref
			if !reason.Found() {
				ref = b.Total.Rate.Ref
			}
			e.add(F08, ref, "预算执行率 %s 低于 %s，需说明原因", showRate(*rate), showRate(below))
		case e.p.Execution.ReasonMaxChars > 0 && len([]rune(reason.Text)) > e.p.Execution.ReasonMaxChars:
			e.add(F08, reason.Ref, "执行率偏低原因说明超过 %d 字", e.p.Execution.ReasonMaxChars)
		}
	}
}

// allIndicatorsFull reports whether every applicable indicator claims its full points.
func (e *evaluation) allIndicatorsFull() bool {
	scored := 0
	for _, r := range e.res.Indicators {
		if r.Kind == KindNotApplicable {
			continue
		}
		if r.Points == nil || r.Claimed == nil || r.Claimed.LessThan(*r.Points) {
			return false
		}
		scored++
	}
	return scored > 0
}
