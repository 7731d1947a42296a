package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Exact arithmetic: the reference numbers of every sample.

var (
	zero    = decimal.Zero
	hundred = decimal.NewFromInt(100)
)

const scorePlaces = 2

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// calc holds what the unit wrote and what the bureau recomputes, both as exact decimals.
type calc struct {
	total     [3]string // 年度资金总额 as written ("" = empty)
	rate      decimal.Decimal
	execRe    decimal.Decimal
	execClaim decimal.Decimal
	execPts   decimal.Decimal

	ind []indCalc

	writtenSum decimal.Decimal // execution score + Σ written indicator scores
	totalClaim decimal.Decimal
	gradeClaim string
	totalRe    decimal.Decimal
	gradeRe    string
	blockPts   map[string]decimal.Decimal
}

type indCalc struct {
	points, claim, re decimal.Decimal
	quant             bool
	target, actual    qty
	band              string // qualitative band of the actual
}

func compute(s *sample) (*calc, error) {
	c := &calc{blockPts: map[string]decimal.Decimal{}}
	for col := range 3 {
		sum, any := zero, false
		for _, p := range s.parts {
			if p[col] != "" {
				sum, any = sum.Add(dec(p[col])), true
			}
		}
		switch {
		case s.totalSlip[col] != "":
			c.total[col] = s.totalSlip[col]
		case any:
			c.total[col] = sum.String()
		}
	}
	budget, executed := dec(c.total[1]), dec(c.total[2])
	c.execPts = dec(s.execPoints)
	c.rate = executed.Div(budget)
	c.execRe = c.execPts
	if executed.LessThan(budget) {
		// points × B / A, divided last so the one rounding is exact half-up.
		c.execRe = c.execPts.Mul(executed).DivRound(budget, scorePlaces)
	}
	c.execClaim = c.execRe
	if s.execClaim != "" {
		c.execClaim = dec(s.execClaim)
	}

	c.writtenSum, c.totalRe = c.execClaim, c.execRe
	for _, in := range s.inds {
		ic, err := rescore(in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.name, err)
		}
		c.ind = append(c.ind, ic)
		c.writtenSum = c.writtenSum.Add(ic.claim)
		c.totalRe = c.totalRe.Add(ic.re)
		c.blockPts[in.l1] = c.blockPts[in.l1].Add(ic.points)
	}
	c.totalClaim = c.writtenSum
	if s.totalClaim != "" {
		c.totalClaim = dec(s.totalClaim)
	}
	c.gradeClaim = grade(c.totalClaim)
	if s.gradeClaim != "" {
		c.gradeClaim = s.gradeClaim
	}
	c.gradeRe = grade(c.totalRe)
	return c, nil
}

// rescore recomputes one indicator by rules.md §2 (quantitative) or §3 (qualitative).
func rescore(in indicator) (indCalc, error) {
	ic := indCalc{points: dec(in.points)}
	w := ic.points
	ic.target, ic.actual = parseQty(in.target), parseQty(in.actual)
	ic.quant = ic.target.ok
	if ic.quant {
		if !ic.actual.ok {
			return ic, fmt.Errorf("quantitative target %q with a text actual %q", in.target, in.actual)
		}
		if ic.actual.unit != "" && ic.actual.unit != ic.target.unit {
			return ic, fmt.Errorf("units differ: %q, %q", in.target, in.actual)
		}
		a, b := ic.target.num, ic.actual.num
		switch {
		case ic.target.reverse():
			ic.re = w
			if b.GreaterThan(a) {
				ic.re = w.Mul(a).DivRound(b, scorePlaces)
			}
		case a.IsZero() || b.GreaterThanOrEqual(a):
			ic.re = w
		default:
			ic.re = w.Mul(b).DivRound(a, scorePlaces)
		}
	} else {
		ic.band = band(in.actual)
		if ic.band == "" {
			return ic, fmt.Errorf("actual %q falls in no band (it would raise I08)", in.actual)
		}
	}
	ic.claim = ic.re
	if in.claim != "" {
		ic.claim = dec(in.claim)
	}
	if !ic.quant {
		// A met qualitative row is scored in full unless the sample says otherwise; any other
		// band has no single right score, so the sample must say what the unit wrote.
		switch {
		case in.claim == "" && ic.band == "达成":
			ic.claim = w
		case in.claim == "":
			return ic, fmt.Errorf("a %s row needs the score the unit wrote", ic.band)
		}
		ic.re = clampToBand(ic.claim, w, ic.band)
	}
	return ic, nil
}

// qty is a target or actual read as comparator, number and unit (values.md).
type qty struct {
	ok   bool
	cmp  string // ≥ > ≤ < or "" when none was written
	num  decimal.Decimal
	unit string
}

var numRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?`)

// comparators lists the spellings the samples use, longest first so 不少于 is not read as 不.
var comparators = []struct{ text, cmp string }{
	{"不少于", "≥"}, {"不超过", "≤"}, {"超过", ">"}, {"≥", "≥"}, {"≤", "≤"}, {">", ">"}, {"<", "<"},
}

func parseQty(s string) qty {
	q := qty{}
	for _, c := range comparators {
		if rest, ok := strings.CutPrefix(s, c.text); ok {
			q.cmp, s = c.cmp, rest
			break
		}
	}
	m := numRe.FindString(s)
	if m == "" {
		return qty{}
	}
	q.ok, q.num, q.unit = true, dec(m), s[len(m):]
	// 万 and 亿 multiply the number unless they belong to a money unit (万元, 亿元).
	if rest, ok := strings.CutPrefix(q.unit, "万"); ok && rest != "元" {
		q.num, q.unit = q.num.Mul(decimal.NewFromInt(10000)), rest
	}
	if rest, ok := strings.CutPrefix(q.unit, "亿"); ok && rest != "元" {
		q.num, q.unit = q.num.Mul(decimal.NewFromInt(100000000)), rest
	}
	return q
}

// reverse reports whether a lower actual is better: ≤ / <, or no comparator on money and time.
func (q qty) reverse() bool {
	switch q.cmp {
	case "≤", "<":
		return true
	case "":
		return slices.Contains([]string{"元", "万元", "亿元", "天", "日", "工作日", "个月", "月", "小时"}, q.unit)
	}
	return false
}

// band maps a qualitative actual to its band in the order values.md prescribes: a negation first,
// then the partial words, then the 达成 words.
func band(actual string) string {
	t := strings.Join(strings.Fields(actual), "")
	for _, neg := range []string{"未", "没有", "不", "无法"} {
		for _, v := range []string{"达成", "完成", "达到", "到位"} {
			if strings.Contains(t, neg+v) {
				return "未达成"
			}
		}
	}
	for _, w := range []string{"部分", "一定", "有所", "较好", "一般"} {
		if strings.Contains(t, w) {
			return "部分达成"
		}
	}
	for _, w := range []string{"达成", "完成", "达到", "显著", "明显", "有效", "提升", "改善", "符合", "合格", "按时", "是", "好", "优"} {
		if strings.Contains(t, w) {
			return "达成"
		}
	}
	return ""
}

// clampToBand is rules.md §3: the claimed score when it lies in its band, else the nearest score
// inside it (lower edges inclusive, so an upper edge that is exclusive gives edge − 0.01).
func clampToBand(claim, w decimal.Decimal, b string) decimal.Decimal {
	step := decimal.New(1, -scorePlaces)
	lo8, lo6 := w.Mul(dec("0.8")), w.Mul(dec("0.6"))
	var lo, hi decimal.Decimal
	switch b {
	case "达成":
		lo, hi = lo8, w
	case "部分达成":
		lo, hi = lo6, lo8.Sub(step)
	default:
		lo, hi = zero, lo6.Sub(step)
	}
	switch {
	case claim.LessThan(lo):
		return lo
	case claim.GreaterThan(hi):
		return hi
	}
	return claim
}

func grade(total decimal.Decimal) string {
	switch {
	case total.GreaterThanOrEqual(dec("90")):
		return "优"
	case total.GreaterThanOrEqual(dec("80")):
		return "良"
	case total.GreaterThanOrEqual(dec("60")):
		return "中"
	}
	return "差"
}
