package scoring

import "github.com/shopspring/decimal"

// Severity is how much a finding weighs: 错误 sends the form back, 警告 and 提示 do not.
type Severity int

// The severities of checks.md, most severe first.
const (
	Error Severity = iota
	Warning
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
	Code     string // check code of checks.md, such as "F04"
	Severity Severity
	Ref      Ref
	Message  string // Chinese, naming the cell and both numbers where a number is involved
}

// Status values of a form.
const (
	StatusPass   = "通过"
	StatusRevise = "需修改"
)

// Kind values of an indicator result.
const (
	KindQuantitative  = "quantitative"
	KindQualitative   = "qualitative"
	KindNotApplicable = "not_applicable"
	KindUnscorable    = "unscorable"
)

// Result is the bureau's judgement of one form: the numbers recomputed and the findings.
type Result struct {
	Form *Form

	// Funds in 万元; nil where the form leaves the value empty.
	Initial, Budget, Executed *decimal.Decimal
	Rate                      *decimal.Decimal // 执行数 / 预算数, exact; nil when it cannot be computed

	Execution  ExecutionResult
	Indicators []IndicatorResult

	ClaimedTotal    *decimal.Decimal
	RecomputedTotal decimal.Decimal
	ClaimedGrade    string // empty when the form writes none
	RecomputedGrade string

	Status   string // StatusPass or StatusRevise
	Findings []Finding
}

// ExecutionResult is the scoring of the budget execution rate.
type ExecutionResult struct {
	Points     decimal.Decimal
	Claimed    *decimal.Decimal
	Recomputed decimal.Decimal
	Ref        Ref // the unit's score cell
}

// IndicatorResult is the scoring of one Indicator.
type IndicatorResult struct {
	Indicator  *Indicator
	Level1     string // normalised level-1 name (产出指标), points stripped
	Level2     string // normalised level-2 name (数量指标)
	Kind       string
	Points     *decimal.Decimal
	Claimed    *decimal.Decimal
	Recomputed *decimal.Decimal // nil for not-applicable rows
}

// Errors counts the findings of severity 错误.
func (r *Result) Errors() int { return r.count(Error) }

// Warnings counts the findings of severity 警告.
func (r *Result) Warnings() int { return r.count(Warning) }

func (r *Result) count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}
