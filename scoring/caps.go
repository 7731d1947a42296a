package scoring

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/internal/tomlx"
)

// TotalCapRules are the execution-linked caps on the total that some provincial 一体化 platforms
// apply: a form that spent too little of its budget cannot score high however its indicators did.
type TotalCapRules struct {
	// Enabled turns the caps on; off in mof2020, whose national rules know no such cap.
	Enabled bool `toml:"enabled"`
	// Caps are the steps, highest Below first; the lowest step whose Below the rate is under applies.
	Caps []TotalCap `toml:"caps"`
}

// TotalCap is one step of the caps: a rate under Below keeps the total at most Max.
type TotalCap struct {
	// Below is the execution rate as a fraction (0.8 = 80%) under which the cap applies.
	Below decimal.Decimal `toml:"below"`
	// Max is the highest total in points a form under Below can have (89).
	Max decimal.Decimal `toml:"max"`
}

// DeviationRules are the provincial deviation rule (偏离): an actual far above its target says the
// target was set too low, and the row loses points whatever its reason says.
type DeviationRules struct {
	// Enabled turns the rule on; off in mof2020, which only flags over-achievement (I09).
	Enabled bool `toml:"enabled"`
	// Above is how far above the target an actual counts as 偏离, as a fraction (0.3 = 30%).
	Above decimal.Decimal `toml:"above"`
	// Deduct is the points a 偏离 row loses (2), never below 0.
	Deduct decimal.Decimal `toml:"deduct"`
}

// capFor returns the cap that applies at rate: the lowest Max among the steps the rate is under.
func (c TotalCapRules) capFor(rate decimal.Decimal) (TotalCap, bool) {
	var best TotalCap
	found := false
	for _, step := range c.Caps {
		if rate.LessThan(step.Below) && (!found || step.Max.LessThan(best.Max)) {
			best, found = step, true
		}
	}
	return best, found
}

// totalCaps checks [total_caps]: each step in range, the steps falling in both below and max.
func (v *profileValidator) totalCaps() {
	c := v.p.TotalCaps
	if c.Enabled && len(c.Caps) == 0 {
		v.bad("total_caps.caps", "enabled = true 时至少要列出一档 [[total_caps.caps]]")
	}
	for i, step := range c.Caps {
		key := tomlx.IndexKey("total_caps.caps", i)
		v.unit(key+".below", step.Below)
		maxOK := !step.Max.LessThan(decimal.Zero) && !(v.p.Total.IsPositive() && step.Max.GreaterThan(v.p.Total))
		if !maxOK {
			v.bad(key+".max", "应在 0 到满分（%s）之间，这里是 %s", v.p.Total, step.Max)
		}
		if i == 0 {
			continue
		}
		prev := c.Caps[i-1]
		if !step.Below.LessThan(prev.Below) {
			v.bad(key+".below", "各档应按 below 从高到低排列且不重复：第 %d 档的 below %s 不低于第 %d 档的 %s", i+1, step.Below, i, prev.Below)
		} else if maxOK && step.Max.GreaterThan(prev.Max) {
			v.bad(key+".max", "执行率低的一档上限不能更高：第 %d 档的 max %s 高于第 %d 档的 %s", i+1, step.Max, i, prev.Max)
		}
	}
}

// deviationRule checks [deviation]: a positive threshold and a deduction within the total.
func (v *profileValidator) deviationRule() {
	d := v.p.Deviation
	if d.Above.LessThan(decimal.Zero) {
		v.bad("deviation.above", "不能为负数（0.3 即超过指标值 30%%），这里是 %s", d.Above)
	}
	if d.Deduct.LessThan(decimal.Zero) || (v.p.Total.IsPositive() && d.Deduct.GreaterThan(v.p.Total)) {
		v.bad("deviation.deduct", "应在 0 到满分（%s）之间，这里是 %s", v.p.Total, d.Deduct)
	}
}

// Describe tells the caps in one Chinese line, for the 审核规则说明 sheet of the summary.
func (c TotalCapRules) Describe() string {
	if !c.Enabled {
		return "不适用"
	}
	s := ""
	for i, step := range c.Caps {
		if i > 0 {
			s += "；"
		}
		s += fmt.Sprintf("执行率低于 %s 总分最高 %s", Percent(step.Below), show(step.Max))
	}
	return s + "（超出部分扣除）"
}

// Describe tells the deviation rule in one Chinese line, for the 审核规则说明 sheet of the summary.
func (d DeviationRules) Describe() string {
	if !d.Enabled {
		return "不适用"
	}
	return fmt.Sprintf("实际完成值超过年度指标值 %s 及以上为偏离，该指标扣 %s 分（扣至 0 为止）", Percent(d.Above), show(d.Deduct))
}
