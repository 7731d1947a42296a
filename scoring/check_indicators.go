package scoring

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// indicatorState is what scoring one row learned, for the checks that follow it.
type indicatorState struct {
	ind      *Indicator
	res      IndicatorResult
	points   decimal.Decimal
	hasW     bool
	claimed  decimal.Decimal
	hasClaim bool
	rowRef   Ref // the cell a row-level finding names: the claimed score
}

func (e *evaluation) scoreIndicators() {
	for i := range e.f.Indicators {
		st := e.scoreIndicator(&e.f.Indicators[i])
		e.res.Indicators = append(e.res.Indicators, st.res)
	}
	e.checkIndicatorSet()
}

// I01, I02, I03: scoreIndicator reads and recomputes one indicator row.
func (e *evaluation) scoreIndicator(ind *Indicator) *indicatorState {
	st := &indicatorState{ind: ind, rowRef: orRef(ind.Score.Ref, ind.Name.Ref)}
	st.res = IndicatorResult{Indicator: ind, Level1: TreeName(ind.Level1.Text), Level2: TreeName(ind.Level2.Text)}
	if e.notApplicable(ind) {
		st.res.Kind = KindNotApplicable
		if w, ok, _ := number(ind.Points); ok {
			st.res.Points = ptr(w)
			e.naPoints = e.naPoints.Add(w)
		}
		return st
	}
	if e.unfilled {
		e.keepPoints(st)
		return st
	}
	e.readPoints(st)
	e.readClaim(st)
	// A column the reader could not find has no cells: S01 names it once, not once per row.
	if ind.Target.Found() && (IsBlank(ind.Target.Text) || isPlaceholder(ind.Target.Text)) {
		e.add(I01, ind.Target.Ref, "“%s”的年度指标值未填写或仍为模板占位内容", ind.Name.Text)
	}
	if ind.Actual.Found() && IsBlank(ind.Actual.Text) {
		e.add(I02, ind.Actual.Ref, "“%s”的实际完成值未填写", ind.Name.Text)
	}
	over := st.hasW && st.hasClaim && st.claimed.GreaterThan(st.points)
	if over {
		e.add(I03, st.rowRef, "“%s”得分 %s 超过分值 %s", ind.Name.Text, show(st.claimed), show(st.points))
	}
	e.recompute(st, over)
	e.checkReason(st)
	e.checkDirection(st)
	return st
}

// notApplicable reports a row marked 不适用: by its points (—, /, 不适用, 无 with no score) or by
// its actual (不适用, 不涉及 on a row with points).
func (e *evaluation) notApplicable(ind *Indicator) bool {
	p := strings.TrimSpace(ind.Points.Text)
	if p != "" && saysNone(p) && IsBlank(ind.Score.Text) {
		return true
	}
	return isNotApplicable(ind.Actual.Text)
}

// keepPoints records a row's points on an unfilled form (S08) for the weight checks W01–W03,
// without judging the row: S08 already sends the form back, and one finding per empty cell would
// bury it.
func (e *evaluation) keepPoints(st *indicatorState) {
	st.res.Kind = KindUnscorable
	if w, ok, _ := number(st.ind.Points); ok && w.IsPositive() && e.f.HasPointsColumn {
		st.res.Points = ptr(w)
	}
}

// I04: readClaim reads the score the row claims.
func (e *evaluation) readClaim(st *indicatorState) {
	ind := st.ind
	if ind.Score.Unreadable {
		return
	}
	if ind.Score.Merged != "" {
		e.add(I04, ind.Score.Ref, "“%s”的得分单元格与上一行合并（%s），得分只计入上一行的指标；请取消合并，为每个指标分别填写得分",
			ind.Name.Text, ind.Score.Merged)
		return
	}
	s, ok, bad := number(ind.Score)
	switch {
	case !ok && !bad:
		if !ind.Score.Found() {
			return
		}
		e.add(I04, ind.Score.Ref, "“%s”的得分未填写", ind.Name.Text)
	case bad:
		e.add(I04, ind.Score.Ref, "“%s”的得分应为数字，表中填写“%s”", ind.Name.Text, ind.Score.Text)
	case s.IsNegative():
		e.add(I04, ind.Score.Ref, "“%s”的得分不能为负数，表中填写 %s", ind.Name.Text, show(s))
	default:
		st.claimed, st.hasClaim = s, true
		st.res.Claimed = ptr(s)
	}
}

// I11, I12: recompute decides the row's kind and recomputed score, and runs I05–I09 and I12.
func (e *evaluation) recompute(st *indicatorState, over bool) {
	ind := st.ind
	if IsBlank(ind.Target.Text) || isPlaceholder(ind.Target.Text) || IsBlank(ind.Actual.Text) {
		// I01 or I02 already names the empty cell: nothing can be compared.
		st.res.Kind = KindUnscorable
		if st.hasClaim {
			st.res.Recomputed = ptr(st.claimed)
		}
		return
	}
	tq, tOK := ParseQuantity(ind.Target.Text)
	aq, aOK := ParseQuantity(ind.Actual.Text)
	td, tDate := ParseDeadline(ind.Target.Text)
	ad, aDate := ParseDeadline(ind.Actual.Text)
	switch {
	case tOK && aOK:
		st.res.Kind = KindQuantitative
		if aq.Cmp != CmpNone {
			e.add(I12, ind.Actual.Ref, "“%s”的实际完成值“%s”是比较式而非实测值，请填写实际完成的数值", ind.Name.Text, ind.Actual.Text)
		}
		b, ok := InUnit(aq, tq.Unit)
		if !ok {
			e.unscorable(st, "“%s”的年度指标值“%s”与实际完成值“%s”单位不同，无法比较", ind.Name.Text, ind.Target.Text, ind.Actual.Text)
			return
		}
		e.quantitative(st, tq, b, over)
	case tDate && aDate:
		st.res.Kind = KindQuantitative
		base := td.Year
		if base == 0 {
			base = e.f.Year
		}
		a, b := deadlineDays(td, base), deadlineDays(ad, base)
		e.quantitative(st, Quantity{Cmp: CmpLE, Num: decimal.NewFromInt(a), Unit: "日"}, decimal.NewFromInt(b), over)
	case tOK:
		e.unscorable(st, "“%s”的年度指标值“%s”为定量指标，实际完成值“%s”无法与之比较，请填写实际数值", ind.Name.Text, ind.Target.Text, ind.Actual.Text)
	default:
		st.res.Kind = KindQualitative
		if !tDate && (isQuantityKind(st.res.Level2) || st.res.Level1 == "成本指标") {
			e.add(I11, ind.Target.Ref, "“%s”属于%s，年度指标值“%s”宜为可衡量的数值", ind.Name.Text, st.res.Level2, ind.Target.Text)
		}
		e.qualitative(st, over)
	}
}

func isQuantityKind(level2 string) bool {
	return level2 == "数量指标" || level2 == "质量指标" || level2 == "时效指标" || level2 == "成本指标"
}

// deadlineDays counts the days from the start of the target's year to a deadline, so that dates
// compare and score like durations (≤): a deadline missed by a month loses about a twelfth.
func deadlineDays(d Deadline, baseYear int) int64 {
	year, month, day := d.Year, d.Month, d.Day
	if year == 0 {
		year = baseYear
	}
	if day == 0 {
		// "12月底前": the end of the month.
		month, day = month+1, 0
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return int64(t.Sub(time.Date(baseYear, 1, 1, 0, 0, 0, 0, time.UTC))/(24*time.Hour)) + 1
}

// I06: unscorable marks a row that cannot be scored and says why.
func (e *evaluation) unscorable(st *indicatorState, format string, args ...any) {
	st.res.Kind = KindUnscorable
	e.add(I06, st.ind.Actual.Ref, format, args...)
	if st.hasClaim {
		st.res.Recomputed = ptr(st.claimed)
	}
}

// I05: quantitative scores a row by rules.md §2 with target tq and actual b (in the target's unit).
func (e *evaluation) quantitative(st *indicatorState, tq Quantity, b decimal.Decimal, over bool) {
	ind := st.ind
	if !st.hasW {
		// No points column (layout family 4): the claimed score stands and is checked by block.
		if st.hasClaim {
			st.res.Recomputed = ptr(st.claimed)
		}
		return
	}
	w, a := st.points, tq.Num
	b = maxDec(b, decimal.Zero)
	var score decimal.Decimal
	reverse := tq.Cmp.Reverse() || (tq.Cmp == CmpNone && (ClassOf(tq.Unit) == UnitMoney || ClassOf(tq.Unit) == UnitTime))
	switch {
	case tq.Cmp == CmpEQ && a.IsZero():
		score = decimal.Zero
		if !b.IsPositive() {
			score = w
		}
	case reverse:
		switch {
		case b.LessThanOrEqual(a) || b.IsZero():
			score = w
		case e.p.Indicators.Reverse == "deviation":
			// w × (1 − (B − A) / A) = w × (2A − B) / A, divided last.
			score = maxDec(decimal.Zero, w.Mul(a.Add(a).Sub(b)).DivRound(a, divisionPlaces))
		default:
			score = w.Mul(a).DivRound(b, divisionPlaces)
		}
	default:
		switch {
		case a.LessThanOrEqual(decimal.Zero) || b.GreaterThanOrEqual(a):
			score = w
			e.overAchievement(st, a, b, &score)
			e.deviation(st, a, b, &score)
		default:
			score = w.Mul(b).DivRound(a, divisionPlaces)
		}
	}
	recomputed := e.round(score)
	st.res.Recomputed = ptr(recomputed)
	if st.hasClaim && !over && !st.claimed.Equal(recomputed) {
		e.add(I05, st.rowRef, "“%s”得分应为 %s，表中填写 %s（年度指标值 %s，实际完成值 %s，分值 %s）",
			ind.Name.Text, show(recomputed), show(st.claimed), ind.Target.Text, ind.Actual.Text, show(w))
	}
}

// I09: overAchievement flags (and with over_achievement_deduct, scores) an actual far above a target
// that was perhaps set too low.
func (e *evaluation) overAchievement(st *indicatorState, a, b decimal.Decimal, score *decimal.Decimal) {
	ratio := e.p.Indicators.OverAchievementRatio
	if !a.IsPositive() || !ratio.IsPositive() || b.LessThan(a.Mul(ratio)) {
		return
	}
	if e.p.Indicators.OverAchievementDeduct {
		// w × (1 − (B/A − ratio)) = w × ((1 + ratio)·A − B) / A, divided last.
		kept := decimal.NewFromInt(1).Add(ratio).Mul(a).Sub(b)
		*score = maxDec(decimal.Zero, st.points.Mul(kept).DivRound(a, divisionPlaces))
	}
	if saysNothing(st.ind.Reason.Text) {
		e.add(I09, orRef(st.ind.Reason.Ref, st.rowRef), "“%s”实际完成值 %s 远超年度指标值 %s（超过 %s 倍），请在偏差原因中说明指标值设置依据",
			st.ind.Name.Text, st.ind.Actual.Text, st.ind.Target.Text, show(ratio))
	}
}

// I07, I08: qualitative bounds the claimed score by the band of the written actual (rules.md §3).
func (e *evaluation) qualitative(st *indicatorState, over bool) {
	ind := st.ind
	band := bandOf(ind.Actual.Text)
	if band == BandUnknown {
		if !IsBlank(ind.Actual.Text) {
			e.add(I08, ind.Actual.Ref, "“%s”的实际完成值“%s”无法判断达成程度，需人工复核", ind.Name.Text, ind.Actual.Text)
		}
		if st.hasClaim {
			st.res.Recomputed = ptr(st.claimed)
		}
		return
	}
	if !st.hasClaim {
		return
	}
	if !st.hasW {
		st.res.Recomputed = ptr(st.claimed)
		return
	}
	lo, hi := e.bandRange(band, st.points)
	recomputed := st.claimed
	switch {
	case st.claimed.LessThan(lo):
		recomputed = lo
	case st.claimed.GreaterThan(hi):
		recomputed = hi
	}
	st.res.Recomputed = ptr(recomputed)
	if !recomputed.Equal(st.claimed) && !over {
		e.add(I07, st.rowRef, "“%s”实际完成情况为“%s”（%s），得分应在 %s–%s 之间，表中填写 %s，复核为 %s",
			ind.Name.Text, ind.Actual.Text, band, show(lo), show(hi), show(st.claimed), show(recomputed))
	}
}

// bandRange is the closed range of scores a band allows at the profile's places: the upper edge
// of a half-open band is one unit of the last place below the next band's lower edge.
func (e *evaluation) bandRange(band Band, w decimal.Decimal) (lo, hi decimal.Decimal) {
	unit := decimal.New(1, -e.p.ScorePlaces)
	achieved := w.Mul(e.p.Indicators.AchievedMin)
	partial := w.Mul(e.p.Indicators.PartialMin)
	ceil := func(d decimal.Decimal) decimal.Decimal { return d.RoundCeil(e.p.ScorePlaces) }
	below := func(d decimal.Decimal) decimal.Decimal { return ceil(d).Sub(unit) }
	switch band {
	case BandAchieved:
		return ceil(achieved), w
	case BandPartial:
		return ceil(partial), below(achieved)
	default:
		return decimal.Zero, below(partial)
	}
}

// I10: checkReason runs I10: a score below the points needs a reason that says something.
func (e *evaluation) checkReason(st *indicatorState) {
	if !st.hasW || !st.hasClaim || !st.claimed.LessThan(st.points) {
		return
	}
	if saysNothing(st.ind.Reason.Text) {
		e.add(I10, orRef(st.ind.Reason.Ref, st.rowRef), "“%s”得分 %s 低于分值 %s，但未填写偏差原因分析及改进措施", st.ind.Name.Text, show(st.claimed), show(st.points))
	}
}

// I13: checkDirection runs I13: a cost indicator that asks for more, or a satisfaction target with
// no comparator.
func (e *evaluation) checkDirection(st *indicatorState) {
	ind := st.ind
	tq, ok := ParseQuantity(ind.Target.Text)
	if !ok {
		return
	}
	cost := st.res.Level1 == "成本指标" || st.res.Level2 == "成本指标"
	if cost && (tq.Cmp == CmpGE || tq.Cmp == CmpGT) {
		e.add(I13, ind.Target.Ref, "“%s”为成本指标，年度指标值“%s”方向应为“≤”", ind.Name.Text, ind.Target.Text)
	}
	if st.res.Level1 == "满意度指标" && tq.Cmp == CmpNone {
		e.add(I13, ind.Target.Ref, "“%s”为满意度指标，年度指标值“%s”应写明方向（如“≥90%%”）", ind.Name.Text, ind.Target.Text)
	}
}

// I14, I15: checkIndicatorSet runs the checks over the whole table: I14 and I15.
func (e *evaluation) checkIndicatorSet() {
	l2 := map[string]map[string]bool{}
	names := map[string]Ref{}
	for _, r := range e.res.Indicators {
		if l2[r.Level1] == nil {
			l2[r.Level1] = map[string]bool{}
		}
		l2[r.Level1][r.Level2] = true
		name := NormalizeLabel(r.Indicator.Name.Text)
		if first, dup := names[name]; dup && name != "" {
			e.add(I15, r.Indicator.Name.Ref, "三级指标“%s”与 %s 重复", r.Indicator.Name.Text, first.Cell)
		} else {
			names[name] = r.Indicator.Name.Ref
		}
	}
	if len(e.res.Indicators) == 0 {
		return
	}
	ref := e.f.IndicatorLabel.Ref
	var missing []string
	for _, kind := range []string{"数量指标", "质量指标", "时效指标"} {
		if !l2["产出指标"][kind] {
			missing = append(missing, "产出指标下的"+kind)
		}
	}
	for _, l1 := range []string{"效益指标", "满意度指标"} {
		if len(l2[l1]) == 0 {
			missing = append(missing, l1)
		}
	}
	for _, m := range missing {
		e.add(I14, ref, "绩效指标缺少%s", m)
	}
}

// I16: deviation applies [deviation] to a positive row whose actual reached its target: an actual at
// least Above beyond the target is 偏离 and loses Deduct points (I16).
func (e *evaluation) deviation(st *indicatorState, a, b decimal.Decimal, score *decimal.Decimal) {
	dv := e.p.Deviation
	if !dv.Enabled || !a.IsPositive() || b.LessThan(a.Mul(decimalOne.Add(dv.Above))) {
		return
	}
	before := *score
	*score = maxDec(decimal.Zero, before.Sub(dv.Deduct))
	e.add(I16, st.rowRef, "“%s”实际完成值 %s 超过年度指标值 %s 的 %s 以上，属偏离，扣 %s 分：得分 %s",
		st.ind.Name.Text, st.ind.Actual.Text, st.ind.Target.Text, Percent(dv.Above), show(dv.Deduct), show(e.round(*score)))
}

// I03: blockExcess checks, on forms without a points column, each level-1 block's claimed scores
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
		e.add(I03, b.label.Ref, "一级指标“%s”各三级指标得分合计 %s，超过其分值 %s", b.name, show(b.claimed), show(*b.labelPts))
	}
	return excess
}
