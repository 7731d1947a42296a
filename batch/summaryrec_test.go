package batch

import (
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// A summary record reads back as slimResult gives the result: every decimal with its own
// exponent (10.50 stays 10.50), nil ones nil, the findings in order; a damaged one is an error.
func TestSummaryRecordRoundTrip(t *testing.T) {
	d := func(s string) *decimal.Decimal {
		v := decimal.RequireFromString(s)
		return &v
	}
	big := decimal.New(123456789, 30).Neg()
	form := &scoring.Form{Sheet: "Sheet1", Year: 2024, Project: scoring.Cell{Text: " 项目 ", Ref: scoring.Ref{Sheet: "Sheet1", Cell: "B3"}},
		Department: scoring.Cell{Text: "部门"}, Unit: scoring.Cell{Text: "单位"}, Indicators: []scoring.Indicator{{Row: 9}}}
	tests := []struct {
		name string
		r    *scoring.Result
	}{
		{"empty", &scoring.Result{Form: &scoring.Form{}}},
		{"no form", &scoring.Result{Status: scoring.StatusPass}},
		// Coefficients of 7 bytes and less read back by way of an int64, wider ones by big.Int.
		{"wide", &scoring.Result{Form: &scoring.Form{}, Initial: d("-123456789012345678.9"), Budget: d("72057594037927935"),
			Executed: d("-72057594037927936"), Rate: d("0.00")}},
		{"full", &scoring.Result{Form: form, Initial: d("10.50"), Budget: d("0"), Executed: d("-3.25"), Rate: &big,
			ClaimedTotal: d("90"), RecomputedTotal: d("1E3"), ClaimedGrade: "优", RecomputedGrade: "良", Status: scoring.StatusRevise,
			Indicators: []scoring.IndicatorResult{{Kind: "x"}},
			Findings: []scoring.Finding{
				{Code: "F04", Severity: scoring.Error, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "I6"}, Message: "执行率得分应为 8.97"},
				{Code: "B01", Severity: scoring.Warning, Message: "重复", Accepted: true, Remark: "已核实"},
			}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := encodeSummaryRecord(tc.r)
			got, err := decodeSummaryRecord(rec)
			if err != nil {
				t.Fatal(err)
			}
			want := slimResult(tc.r)
			if want.Form == nil {
				want.Form = &scoring.Form{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
			if n, ok := recordFindings(rec); !ok || n != len(tc.r.Findings) {
				t.Errorf("recordFindings = %d, %v; want %d", n, ok, len(tc.r.Findings))
			}
			// A record's start gives its count of findings or none, never a wrong one.
			for cut := range len(rec) {
				if n, ok := recordFindings(rec[:cut]); ok && n != len(tc.r.Findings) {
					t.Errorf("the first %d bytes gave %d findings, want %d", cut, n, len(tc.r.Findings))
				}
			}
			for _, bad := range [][]byte{rec[:len(rec)-1], append(append([]byte{}, rec...), 0)} {
				if _, err := decodeSummaryRecord(bad); err == nil {
					t.Errorf("a damaged record (%d of %d bytes) read back", len(bad), len(rec))
				}
			}
		})
	}
}
