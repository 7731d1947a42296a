package batch

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// codecCases are the results of the bundled samples, as read and scored, and crafted ones with
// what the samples lack: funds parts and hints, a row of its own, huge and negative amounts.
func codecCases(t *testing.T) map[string][]*scoring.Result {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]*scoring.Result{}
	paths, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	for _, path := range paths {
		wb, err := excelio.ReadForms(path, excelio.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var results []*scoring.Result
		for _, f := range wb.Forms {
			results = append(results, scoring.Evaluate(f, p, scoring.Options{}))
		}
		cases[filepath.Base(path)] = results
	}
	if len(cases) == 0 {
		t.Fatal("no samples")
	}
	d := func(s string) *decimal.Decimal {
		v := decimal.RequireFromString(s)
		return &v
	}
	cell := func(sheet, ref, text string) scoring.Cell {
		return scoring.Cell{Ref: scoring.Ref{Sheet: sheet, Cell: ref}, Text: text, Numeric: true, Unreadable: true, Merged: "A1:B2"}
	}
	form := &scoring.Form{Sheet: "表1", Range: "A1:I9", Family: 3, Year: 2023, YearAt: scoring.Ref{Sheet: "其他表", Cell: "A2"},
		Funds: &scoring.FundBlock{Label: cell("表1", "A5", "资金"), Yuan: true, HasInitial: true,
			PointsHints: []scoring.Cell{cell("表1", "B5", "10分"), {}}, Total: scoring.FundRow{Budget: cell("表1", "C6", "1,000")},
			Parts: []scoring.FundRow{{Executed: scoring.Cell{Text: "5", Percent: true}}}},
		Indicators: []scoring.Indicator{{Row: 9, Name: cell("表1", "C9", "指标")}, {Row: 10}},
		Missing:    []string{"目标", ""}, HasPointsColumn: true, Grade: cell("", "", "优")}
	huge := decimal.New(-123456789, 40)
	crafted := &scoring.Result{Form: form, Initial: d("0"), Budget: d("10.50"), Executed: &huge, Rate: d("-0.000001"),
		Execution: scoring.ExecutionResult{Points: decimal.New(20, 0), Claimed: &decimal.Decimal{}, Ref: scoring.Ref{Sheet: "表1", Cell: "I6"}},
		Indicators: []scoring.IndicatorResult{
			{Indicator: &form.Indicators[0], Level1: "产出指标", Kind: scoring.KindQuantitative, Points: d("5"), Recomputed: d("4.5")},
			{Indicator: &scoring.Indicator{Row: 11, Score: cell("表2", "H11", "3")}},
		},
		ClaimedTotal: d("1E3"), Status: scoring.StatusRevise,
		Findings: []scoring.Finding{{Code: "F04", Severity: scoring.Warning, Ref: scoring.Ref{Sheet: "表1", Cell: "I6"}, Message: "应为", Accepted: true, Remark: "核"}}}
	cases["crafted"] = []*scoring.Result{crafted, {Form: &scoring.Form{}, Indicators: []scoring.IndicatorResult{}, Findings: []scoring.Finding{}}}
	cases["none"] = nil
	full := &scoring.Result{}
	fillAll(reflect.ValueOf(full).Elem(), new(int))
	cases["every field set"] = []*scoring.Result{full}
	return cases
}

// gobRoundTrip is what the spool and the cache gave back when they kept results with gob.
func gobRoundTrip(t *testing.T, results []*scoring.Result) []*scoring.Result {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(results); err != nil {
		t.Fatal(err)
	}
	var got []*scoring.Result
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	relink(got)
	return got
}

// TestResultsCodecMatchesGob: results read back are what gob read back, field by field, nil
// where gob gave nil, each decimal with its exponent, each indicator result on its form's row.
func TestResultsCodecMatchesGob(t *testing.T) {
	for name, results := range codecCases(t) {
		t.Run(name, func(t *testing.T) {
			b, err := appendResults(nil, results)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeResults(b)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := appendResults(nil, got); !bytes.Equal(again, b) {
				t.Error("results read back encode differently")
			}
			relink(got)
			if diff := sameValue(reflect.ValueOf(got), reflect.ValueOf(gobRoundTrip(t, results)), "results"); diff != "" {
				t.Error(diff)
			}
			for _, r := range got {
				for i := range r.Indicators {
					if i < len(r.Form.Indicators) && len(r.Indicators) == len(r.Form.Indicators) && r.Indicators[i].Indicator != &r.Form.Indicators[i] {
						t.Errorf("indicator %d is not its form's row", i)
					}
				}
			}
			for n := 0; n < len(b); n += 1 + len(b)/200 {
				if _, err := decodeResults(b[:n]); err == nil {
					t.Errorf("%d of %d bytes read back", n, len(b))
				}
			}
			if _, err := decodeResults(append(b, 0)); err == nil {
				t.Error("a record with a byte more read back")
			}
		})
	}
}

// A result without a form cannot be encoded: it stays in memory rather than coming back wrong.
func TestResultsCodecRefusesNoForm(t *testing.T) {
	for _, results := range [][]*scoring.Result{{nil}, {{Status: scoring.StatusPass}}} {
		if _, err := appendResults(nil, results); err == nil {
			t.Errorf("%v encoded", results)
		}
	}
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// fillAll gives every field under v a value of its own, so that a field the codec forgets,
// such as one added to scoring later, reads back empty and fails the comparison with gob.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch {
	case v.Type() == decimalType:
		v.Set(reflect.ValueOf(decimal.New(int64(*n), -int32(*n%3))))
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem(), n)
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fillAll(v.Index(0), n)
		fillAll(v.Index(1), n)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fillAll(v.Field(i), n)
		}
	case v.Kind() == reflect.String:
		v.SetString(fmt.Sprint("s", *n))
	case v.Kind() == reflect.Int:
		v.SetInt(int64(*n))
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	default:
		panic("fillAll: no value for " + v.Type().String())
	}
}

// sameValue says where a and b differ, empty when they do not: slices and pointers by nil-ness,
// length and content, decimals by value and exponent (and whether they are the zero Decimal{}).
func sameValue(a, b reflect.Value, at string) string {
	if a.Type() == decimalType {
		x, y := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
		if (x == decimal.Decimal{}) != (y == decimal.Decimal{}) || !x.Equal(y) || x.Exponent() != y.Exponent() {
			return fmt.Sprintf("%s: %v (exp %d) vs %v (exp %d)", at, x, x.Exponent(), y, y.Exponent())
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", at, a.IsNil(), b.IsNil())
		}
		if a.Kind() == reflect.Pointer {
			if a.IsNil() {
				return ""
			}
			return sameValue(a.Elem(), b.Elem(), at)
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d vs %d elements", at, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := sameValue(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", at, i)); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if d := sameValue(a.Field(i), b.Field(i), at+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	default:
		if a.Interface() != b.Interface() {
			return fmt.Sprintf("%s: %v vs %v", at, a, b)
		}
	}
	return ""
}
