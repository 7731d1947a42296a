package scoring

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/internal/tomlx"
)

// Profile is a rules profile (评分规则): every tunable number of rules.md and each check's severity.
type Profile struct {
	// Name is the profile's name (规则名), such as "mof2020"; a file that omits it takes its base name.
	Name string `toml:"name"`
	// Description is one line telling a reader whose rules these are (口径说明).
	Description string `toml:"description"`
	// ScorePlaces is how many decimal places a score is rounded to, half-up, once.
	ScorePlaces int32 `toml:"score_places"`
	// Total is the full marks in points (满分, 100) that a form's points must add up to (W01).
	Total decimal.Decimal `toml:"total"`

	// Execution holds the rules for the budget execution rate (预算执行率).
	Execution ExecutionRules `toml:"execution"`
	// Indicators holds the rules for scoring the 三级指标 rows.
	Indicators IndicatorRules `toml:"indicators"`
	// Weights holds the standard level-1 points (标准分值) that W02 compares a form with.
	Weights WeightRules `toml:"weights"`
	// TotalCaps are the execution-linked caps on the total (一体化 platforms); off in mof2020.
	TotalCaps TotalCapRules `toml:"total_caps"`
	// Deviation is the 偏离 rule: an actual far above its target loses points; off in mof2020.
	Deviation DeviationRules `toml:"deviation"`
	// Grades are the grade bands (等级), highest Min first, the last at 0.
	Grades []GradeBand `toml:"grades"`
	// Severity overrides a check's default severity by code: "I08" = "提示".
	Severity map[string]string `toml:"severity"`
}

// ExecutionRules score the budget execution rate (预算执行率).
type ExecutionRules struct {
	// Points is the execution rate's points (分值, 10), used when the form writes none.
	Points decimal.Decimal `toml:"points"`
	// Mode is how the rate becomes a score: "linear" (points × rate, capped at 100%) or "bands".
	Mode string `toml:"mode"`
	// Bands apply in mode "bands": the first band whose Min the rate reaches gives Share of the points.
	Bands []ExecutionBand `toml:"bands"`
	// LowRate is F07's threshold as a fraction (low_execution_rate, 0.6 = 60%).
	LowRate decimal.Decimal `toml:"low_rate"`
	// ExplainBelow is F08's threshold as a fraction (四川 0.9 = 90%); zero disables F08.
	ExplainBelow decimal.Decimal `toml:"explain_below"`
	// ReasonMaxChars bounds the F08 reason in characters (四川 100); zero means no bound.
	ReasonMaxChars int `toml:"reason_max_chars"`
}

// ExecutionBand is one step of the banded execution score (江西).
type ExecutionBand struct {
	// Min is the lowest execution rate of the band as a fraction (0.8 = 80%).
	Min decimal.Decimal `toml:"min"`
	// Share is the fraction of the execution points the band earns (0.7 = 70%).
	Share decimal.Decimal `toml:"share"`
}

// IndicatorRules score the 三级指标 rows.
type IndicatorRules struct {
	// Reverse is how a missed ≤ or < target scores: "ratio" (target ÷ actual) or "deviation".
	Reverse string `toml:"reverse"`
	// OverAchievementRatio is the multiple of the target (1.2 = 120%) at which an actual is 超额完成 (I09).
	OverAchievementRatio decimal.Decimal `toml:"over_achievement_ratio"`
	// OverAchievementDeduct says whether 超额完成 beyond OverAchievementRatio loses points, not only flags.
	OverAchievementDeduct bool `toml:"over_achievement_deduct"`
	// AchievedMin is the lowest score of a 达成 qualitative row as a share of its points (0.8 = 80%).
	AchievedMin decimal.Decimal `toml:"achieved_min"`
	// PartialMin is the lowest score of a 部分达成 qualitative row as a share of its points (0.6 = 60%).
	PartialMin decimal.Decimal `toml:"partial_min"`
	// RenormalizeNotApplicable says whether a total with 不适用 rows is scaled back up to Total (T04).
	RenormalizeNotApplicable bool `toml:"renormalize_not_applicable"`
}

// WeightRules are the standard level-1 splits (W02); a tree with no split gets no W02.
type WeightRules struct {
	// Tree2020 maps 产出指标/效益指标/满意度指标 to their points in the tree before 2021.
	Tree2020 map[string]decimal.Decimal `toml:"tree2020"`
	// Tree2021 maps 成本指标/产出指标/效益指标/满意度指标 to their points in the 2021 tree.
	Tree2021 map[string]decimal.Decimal `toml:"tree2021"`
}

// GradeBand is one grade (等级) and the lowest total that earns it.
type GradeBand struct {
	// Grade is the grade's name as the form writes it, such as "优".
	Grade string `toml:"grade"`
	// Min is the lowest total in points (90) that earns the grade.
	Min decimal.Decimal `toml:"min"`
}

// SeverityOf returns the severity of a check under p: the profile's override, else the catalogue
// default; an unknown code is an Error, so that a finding nobody catalogued cannot slip through.
func (p *Profile) SeverityOf(code string) Severity {
	if p != nil {
		if s, ok := parseSeverity(p.Severity[code]); ok {
			return s
		}
	}
	if c, ok := CheckByCode(code); ok {
		return c.Default
	}
	return Error
}

// parseSeverity reads a severity as a profile writes it, in the words every output prints.
func parseSeverity(s string) (Severity, bool) {
	switch s {
	case "错误":
		return Error, true
	case "警告":
		return Warning, true
	case "提示":
		return Info, true
	}
	return Error, false
}

// GradeOf returns the grade (等级) of a total: the highest band whose Min the total reaches, or ""
// when it reaches none.
func (p *Profile) GradeOf(total decimal.Decimal) string {
	// Sorted here as well as checked by Validate, because a Profile built in code may skip Validate.
	bands := slices.Clone(p.Grades)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	for _, b := range bands {
		if b.Min.LessThanOrEqual(total) {
			return b.Grade
		}
	}
	return ""
}

// clone returns a deep copy, so a caller changing its profile never changes the shared default.
func (p *Profile) clone() *Profile {
	q := *p
	q.Execution.Bands = slices.Clone(p.Execution.Bands)
	q.Grades = slices.Clone(p.Grades)
	q.TotalCaps.Caps = slices.Clone(p.TotalCaps.Caps)
	q.Weights.Tree2020 = maps.Clone(p.Weights.Tree2020)
	q.Weights.Tree2021 = maps.Clone(p.Weights.Tree2021)
	q.Severity = maps.Clone(p.Severity)
	return &q
}

// Level-1 names a weights split may use; a misspelt name would silently never match a form.
var (
	tree2020Names = []string{"产出指标", "效益指标", "满意度指标"}
	tree2021Names = []string{"成本指标", "产出指标", "效益指标", "满意度指标"}
)

// Validate reports every value of p that the scoring rules cannot use; each error is a
// *ProfileError naming the key (several are joined).
func (p *Profile) Validate() error {
	return joinProfileErrors(p.validate())
}

// validate returns every problem of p in a fixed order, part by part as the file is laid out.
func (p *Profile) validate() []*ProfileError {
	v := &profileValidator{p: p}
	v.identity()
	v.execution()
	v.indicators()
	v.split("weights.tree2020", p.Weights.Tree2020, tree2020Names)
	v.split("weights.tree2021", p.Weights.Tree2021, tree2021Names)
	v.totalCaps()
	v.deviationRule()
	v.grades()
	v.severities()
	return v.errs
}

// profileValidator collects the problems of one profile, so that a bureau sees all of them at
// once instead of fixing its file one error per run.
type profileValidator struct {
	p    *Profile
	errs []*ProfileError
}

var decimalOne = decimal.NewFromInt(1)

// bad records one problem at key.
func (v *profileValidator) bad(key, format string, args ...any) {
	v.errs = append(v.errs, &ProfileError{Key: key, Err: fmt.Errorf(format, args...)})
}

// unit checks a share or rate threshold, written as a fraction: 0.6 is 60%.
func (v *profileValidator) unit(key string, d decimal.Decimal) bool {
	if d.LessThan(decimal.Zero) || d.GreaterThan(decimalOne) {
		v.bad(key, "应在 0 到 1 之间（0.6 即 60%%），这里是 %s", d)
		return false
	}
	return true
}

// identity checks the top-level keys: name, score_places and total.
func (v *profileValidator) identity() {
	p := v.p
	if strings.TrimSpace(p.Name) == "" {
		v.bad("name", "不能为空")
	}
	if p.ScorePlaces < 0 || p.ScorePlaces > 6 {
		v.bad("score_places", "应为 0 到 6 之间的整数，这里是 %d", p.ScorePlaces)
	}
	if !p.Total.IsPositive() {
		v.bad("total", "应大于 0，这里是 %s", p.Total)
	}
}

// execution checks [execution]: its points, its mode, its bands and the F07/F08 thresholds.
func (v *profileValidator) execution() {
	p, e := v.p, v.p.Execution
	switch {
	case !e.Points.IsPositive():
		v.bad("execution.points", "应大于 0，这里是 %s", e.Points)
	case p.Total.IsPositive() && e.Points.GreaterThan(p.Total):
		v.bad("execution.points", "不能大于满分 total（%s），这里是 %s", p.Total, e.Points)
	}
	switch e.Mode {
	case "linear":
	case "bands":
		if len(e.Bands) == 0 {
			v.bad("execution.bands", "mode = \"bands\" 时至少要列出一档 [[execution.bands]]")
		}
	default:
		v.bad("execution.mode", "应为 \"linear\"（按比例）或 \"bands\"（分档），这里是 %q", e.Mode)
	}
	v.executionBands(e.Bands)
	v.unit("execution.low_rate", e.LowRate)
	v.unit("execution.explain_below", e.ExplainBelow)
	if e.ReasonMaxChars < 0 {
		v.bad("execution.reason_max_chars", "不能为负数（0 表示不限字数），这里是 %d", e.ReasonMaxChars)
	}
}

// executionBands checks that each band is in range and that the ladder falls in both min and share.
func (v *profileValidator) executionBands(bands []ExecutionBand) {
	for i, b := range bands {
		key := tomlx.IndexKey("execution.bands", i)
		minOK := v.unit(key+".min", b.Min)
		shareOK := v.unit(key+".share", b.Share)
		if i == 0 {
			continue
		}
		// One problem, one message: a band out of range or out of order is not also told that
		// its share breaks the ladder.
		prev := bands[i-1]
		if !b.Min.LessThan(prev.Min) {
			v.bad(key+".min", "各档应按 min 从高到低排列且不重复：第 %d 档的 min %s 不低于第 %d 档的 %s", i+1, b.Min, i, prev.Min)
			minOK = false
		}
		if minOK && shareOK && b.Share.GreaterThan(prev.Share) {
			v.bad(key+".share", "执行率低的一档得分比例不能更高：第 %d 档的 share %s 高于第 %d 档的 %s", i+1, b.Share, i, prev.Share)
		}
	}
}

// indicators checks [indicators]: the reverse method and the qualitative band edges.
func (v *profileValidator) indicators() {
	ind := v.p.Indicators
	if ind.Reverse != "ratio" && ind.Reverse != "deviation" {
		v.bad("indicators.reverse", "应为 \"ratio\"（A/B）或 \"deviation\"（按偏离扣分），这里是 %q", ind.Reverse)
	}
	if ind.OverAchievementRatio.LessThan(decimalOne) {
		v.bad("indicators.over_achievement_ratio", "应不小于 1（1.2 即超过目标 20%%），这里是 %s", ind.OverAchievementRatio)
	}
	if !ind.AchievedMin.IsPositive() || ind.AchievedMin.GreaterThan(decimalOne) {
		v.bad("indicators.achieved_min", "应大于 0 且不大于 1（0.8 即分值的 80%%），这里是 %s", ind.AchievedMin)
	}
	switch {
	case ind.PartialMin.LessThan(decimal.Zero):
		v.bad("indicators.partial_min", "不能为负数，这里是 %s", ind.PartialMin)
	case !ind.PartialMin.LessThan(ind.AchievedMin):
		v.bad("indicators.partial_min", "应低于 achieved_min（%s），这里是 %s", ind.AchievedMin, ind.PartialMin)
	}
}

// split checks one level-1 weights split: known names, positive points, and a sum that with the
// execution points makes the total.
func (v *profileValidator) split(key string, split map[string]decimal.Decimal, names []string) {
	if len(split) == 0 {
		return
	}
	p := v.p
	sum := p.Execution.Points
	for _, name := range slices.Sorted(maps.Keys(split)) {
		points := split[name]
		k := tomlx.JoinKey(key, name)
		if !slices.Contains(names, name) {
			v.bad(k, "不是这一版指标体系的一级指标（可用：%s）", strings.Join(names, "、"))
		}
		if !points.IsPositive() {
			v.bad(k, "分值应大于 0，这里是 %s", points)
		}
		sum = sum.Add(points)
	}
	// W02 compares forms with this split; a split that cannot add up would flag every form.
	// A bad total has its own error already.
	if p.Total.IsPositive() && !sum.Equal(p.Total) {
		v.bad(key, "执行率分值 %s 加各一级指标分值，合计 %s，应等于满分 total（%s）", p.Execution.Points, sum, p.Total)
	}
}

// grades checks [[grades]]: named, unique, within the total, falling, and ending at 0.
func (v *profileValidator) grades() {
	p := v.p
	if len(p.Grades) == 0 {
		v.bad("grades", "至少要有一个等级 [[grades]]")
	}
	seen := map[string]bool{}
	for i, g := range p.Grades {
		key := tomlx.IndexKey("grades", i)
		if strings.TrimSpace(g.Grade) == "" {
			v.bad(key+".grade", "等级名称不能为空")
		} else if seen[g.Grade] {
			v.bad(key+".grade", "等级 %q 重复", g.Grade)
		}
		seen[g.Grade] = true
		if g.Min.LessThan(decimal.Zero) || (p.Total.IsPositive() && g.Min.GreaterThan(p.Total)) {
			v.bad(key+".min", "应在 0 到满分（%s）之间，这里是 %s", p.Total, g.Min)
		}
		if i > 0 && !g.Min.LessThan(p.Grades[i-1].Min) {
			v.bad(key+".min", "等级应按 min 从高到低排列且不重复：第 %d 个等级的 min %s 不低于第 %d 个的 %s", i+1, g.Min, i, p.Grades[i-1].Min)
		}
	}
	if n := len(p.Grades); n > 0 && !p.Grades[n-1].Min.IsZero() {
		v.bad(tomlx.IndexKey("grades", n-1)+".min", "最低一个等级的 min 应为 0，否则低于它的总分没有等级，这里是 %s", p.Grades[n-1].Min)
	}
}

// severities checks [severity]: every code is catalogued and every value is a severity word.
func (v *profileValidator) severities() {
	for _, code := range slices.Sorted(maps.Keys(v.p.Severity)) {
		key := tomlx.JoinKey("severity", code)
		if _, ok := CheckByCode(code); !ok {
			v.bad(key, "没有这个检查代码（代码见 checks.md，如 I08）")
			continue
		}
		if _, ok := parseSeverity(v.p.Severity[code]); !ok {
			v.bad(key, "应为 \"错误\"、\"警告\" 或 \"提示\"，这里是 %q", v.p.Severity[code])
		}
	}
}
