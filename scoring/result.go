package scoring

import "github.com/shopspring/decimal"

// Severity is how much a finding weighs: 错误 sends the form back, 警告 and 提示 do not.
type Severity int

// The severities of checks.md, most severe first.
const (
	// Error (错误) is a mistake the unit must correct: the form is sent back (需修改).
	Error Severity = iota
	// Warning (警告) is worth the unit's attention but does not send the form back.
	Warning
	// Info (提示) is a remark, for the record.
	Info
)

// String returns the Chinese name of the severity as written in every output.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	default:
		return "提示"
	}
}

// Finding is one 审核意见: a check that fired, on the cell that must change.
type Finding struct {
	Code     Code     // check code of checks.md, such as F04
	Severity Severity // as the profile sets it for Code, so a bureau can soften a check
	// Ref is the cell to change, or where a missing part belongs; Evaluate names the form's
	// top-left cell for a part the reader could not place.
	Ref     Ref
	Message string // Chinese, naming the cell and both numbers where a number is involved
	// Accepted says a reviewer accepted the finding for this form (复核意见 认可): it is still
	// shown, as 已认可, but no longer counts toward the status or the error and warning counts.
	Accepted bool
	// Remark is the reviewer's 备注 on the finding, empty when none was written.
	Remark string
}

// Status values of a form.
const (
	// StatusPass is a form with no finding of severity 错误.
	StatusPass = "通过"
	// StatusRevise is a form with at least one finding of severity 错误: it goes back to the unit.
	StatusRevise = "需修改"
)

// Kind values of an indicator result.
const (
	// KindQuantitative is a row whose target and actual are comparable numbers or deadlines,
	// scored by formula (rules.md §2).
	KindQuantitative = "quantitative"
	// KindQualitative is a row with a target in words, whose claimed score is held within the
	// band of the written actual (rules.md §3).
	KindQualitative = "qualitative"
	// KindNotApplicable is a row marked 不适用; it counts in neither total.
	KindNotApplicable = "not_applicable"
	// KindUnscorable is a row that cannot be compared (a blank cell, different units): the
	// claimed score stands and a finding asks for a fix.
	KindUnscorable = "unscorable"
)

// Result is the bureau's judgement of one form: the numbers recomputed and the findings.
type Result struct {
	Form *Form // the form judged

	// Funds in 万元, converted when the form is in 元; nil where the form leaves the value
	// empty or writes no valid amount.
	Initial, Budget, Executed *decimal.Decimal
	Rate                      *decimal.Decimal // 执行数 / 预算数, exact; nil when it cannot be computed

	Execution  ExecutionResult   // the budget execution score
	Indicators []IndicatorResult // one per Form.Indicators row, in the same order

	ClaimedTotal *decimal.Decimal // the 总分 written; nil when empty or not a number
	// RecomputedTotal is the execution and indicator scores recomputed, added up; nil on an
	// unfilled form (S08), which is not scored at all rather than scored 0.
	RecomputedTotal *decimal.Decimal
	ClaimedGrade    string // empty when the form writes none
	// RecomputedGrade is the profile's grade for RecomputedTotal; empty below every band and
	// on an unfilled form.
	RecomputedGrade string

	Status string // StatusPass or StatusRevise
	// Findings are sorted by sheet name, then cell; outputs sort them again by the workbook's
	// sheet order, which only the reader knows.
	Findings []Finding
}

// ExecutionResult is the scoring of the budget execution rate.
type ExecutionResult struct {
	// Points are the form's own when it writes them (W02 when they differ), the profile's otherwise.
	Points     decimal.Decimal
	Claimed    *decimal.Decimal // the score written; nil when empty or not a number
	Recomputed decimal.Decimal  // zero when the rate cannot be computed: no rate earns no points
	Ref        Ref              // the unit's score cell
}

// IndicatorResult is the scoring of one Indicator.
type IndicatorResult struct {
	Indicator *Indicator // the row scored
	Level1    string     // normalised level-1 name (产出指标), points stripped
	Level2    string     // normalised level-2 name (数量指标)
	Kind      string     // one of the Kind values
	// Points is nil on forms without a points column and where the points are not positive (W04).
	Points     *decimal.Decimal
	Claimed    *decimal.Decimal // the score written; nil when empty, not a number or negative
	Recomputed *decimal.Decimal // nil for not-applicable rows and when nothing can be recomputed
}

// Errors counts the findings of severity 错误 that a reviewer has not accepted.
func (r *Result) Errors() int { return r.count(Error) }

// Warnings counts the findings of severity 警告 that a reviewer has not accepted.
func (r *Result) Warnings() int { return r.count(Warning) }

// count counts the findings of severity s.
func (r *Result) count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s && !f.Accepted {
			n++
		}
	}
	return n
}
