package scoring

import "github.com/shopspring/decimal"

// Profile is a rules profile (评分规则): every tunable number of rules.md and each check's severity.
type Profile struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	// ScorePlaces is how many decimal places a score is rounded to, half-up, once.
	ScorePlaces int32           `toml:"score_places"`
	Total       decimal.Decimal `toml:"total"` // the points a form must add up to (100)

	Execution  ExecutionRules `toml:"execution"`
	Indicators IndicatorRules `toml:"indicators"`
	Weights    WeightRules    `toml:"weights"`
	Grades     []GradeBand    `toml:"grades"`
	// Severity overrides a check's default severity by code: "I08" = "提示".
	Severity map[string]string `toml:"severity"`
}

// ExecutionRules score the budget execution rate (预算执行率).
type ExecutionRules struct {
	Points decimal.Decimal `toml:"points"` // used when the form writes none
	Mode   string          `toml:"mode"`   // "linear" or "bands"
	// Bands apply in mode "bands": the first band whose Min the rate reaches gives Share of the points.
	Bands []ExecutionBand `toml:"bands"`
	// LowRate is F07's threshold (low_execution_rate, 0.6).
	LowRate decimal.Decimal `toml:"low_rate"`
	// ExplainBelow is F08's threshold (四川 0.9); zero disables F08.
	ExplainBelow decimal.Decimal `toml:"explain_below"`
	// ReasonMaxChars bounds the F08 reason (四川 100); zero means no bound.
	ReasonMaxChars int `toml:"reason_max_chars"`
}

// ExecutionBand is one step of the banded execution score (江西).
type ExecutionBand struct {
	Min   decimal.Decimal `toml:"min"`
	Share decimal.Decimal `toml:"share"`
}

// IndicatorRules score the 三级指标 rows.
type IndicatorRules struct {
	Reverse               string          `toml:"reverse"` // "ratio" or "deviation"
	OverAchievementRatio  decimal.Decimal `toml:"over_achievement_ratio"`
	OverAchievementDeduct bool            `toml:"over_achievement_deduct"`
	// AchievedMin and PartialMin are the qualitative band edges as shares of the points (0.8, 0.6).
	AchievedMin              decimal.Decimal `toml:"achieved_min"`
	PartialMin               decimal.Decimal `toml:"partial_min"`
	RenormalizeNotApplicable bool            `toml:"renormalize_not_applicable"`
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
	Grade string          `toml:"grade"`
	Min   decimal.Decimal `toml:"min"`
}
