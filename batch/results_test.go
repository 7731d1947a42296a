package batch

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func dp(s string) *decimal.Decimal {
	v := d(s)
	return &v
}

func TestDecString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"8.97", "8.97"},
		{"8.970", "8.97"},
		{"10", "10"},
		{"10.00", "10"},
		{"110.0000", "110"},
		{"0.8972", "0.8972"},
		{"1.0712", "1.0712"},
		{"0", "0"},
		{"0.000", "0"},
		{"-0.50", "-0.5"},
		{"1E3", "1000"},
		{"1.5E-7", "0.00000015"},
	}
	for _, tt := range tests {
		if got := decString(d(tt.in)); got != tt.want {
			t.Errorf("decString(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// sampleResult is the seed case of seed-case.md, cut to one indicator, with a few values left
// empty to exercise null.
func sampleResult() *scoring.Result {
	ind := &scoring.Indicator{
		Row:    15,
		Level1: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "A15"}, Text: "产出指标（50分）"},
		Level2: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "B15"}, Text: "数量指标"},
		Name:   scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "C15"}, Text: "监测指令稿件数"},
		Target: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "D15"}, Text: "≥3500条"},
		Actual: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "E15"}, Text: "3500条"},
	}
	na := &scoring.Indicator{
		Row:  16,
		Name: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "C16"}, Text: "群众<满意度>"},
		// Target and Actual left blank by the unit: they must come out as null.
		Target: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "D16"}, Text: "  "},
	}
	form := &scoring.Form{
		Sheet:      "Sheet1",
		Range:      "A1:I31",
		Year:       2021,
		Project:    scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "C4"}, Text: "网络宣传管理和文化建设经费"},
		Department: scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "C5"}, Text: "中共三门峡市委网信办"},
		Unit:       scoring.Cell{Ref: scoring.Ref{Sheet: "Sheet1", Cell: "G5"}, Text: ""},
	}
	return &scoring.Result{
		Form:     form,
		Initial:  nil,
		Budget:   dp("110.00"),
		Executed: dp("98.69"),
		Rate:     dp("0.89718181818181818"),
		Execution: scoring.ExecutionResult{
			Points:     d("10"),
			Claimed:    dp("9"),
			Recomputed: d("8.97"),
			Ref:        scoring.Ref{Sheet: "Sheet1", Cell: "H7"},
		},
		Indicators: []scoring.IndicatorResult{
			{Indicator: ind, Level1: "产出指标", Level2: "数量指标", Kind: scoring.KindQuantitative,
				Points: dp("6"), Claimed: dp("6.0"), Recomputed: dp("6")},
			{Indicator: na, Level1: "满意度指标", Level2: "", Kind: scoring.KindNotApplicable,
				Points: dp("10"), Claimed: nil, Recomputed: nil},
		},
		ClaimedTotal:    dp("99"),
		RecomputedTotal: dp("88.97"),
		ClaimedGrade:    "",
		RecomputedGrade: "良",
		Status:          scoring.StatusRevise,
		Findings: []scoring.Finding{
			{Code: "T03", Severity: scoring.Error, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "H31"}, Message: "复核得分 88.97，自评 99"},
			{Code: "F04", Severity: scoring.Error, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "H7"}, Message: "执行率得分应为 8.97，表中填写 9"},
			{Code: "S02", Severity: scoring.Error, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "G5"}, Message: "实施单位为空"},
			{Code: "I13", Severity: scoring.Warning, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "AA7"}, Message: "方向 ≥ 可能有误"},
			{Code: "B01", Severity: scoring.Warning, Ref: scoring.Ref{Sheet: "Sheet1", Cell: "H7"}, Message: "重复"},
			{Code: "S01", Severity: scoring.Error, Ref: scoring.Ref{Sheet: "Sheet1"}, Message: "找不到总分行"},
		},
	}
}

const goldenResults = `{
  "tool": "jxzp",
  "version": "dev",
  "profile": "mof2020",
  "summary": "绩效自评汇总表.xlsx",
  "files": [
    {
      "path": "中共三门峡市委网信办/自评表.xlsx",
      "sha256": "5f1c000000000000000000000000000000000000000000000000000000000000",
      "status": "ok",
      "output": "审核结果/未识别单位/自评表（审核）.xlsx",
      "forms": [
        {
          "sheet": "Sheet1",
          "range": "A1:I31",
          "year": 2021,
          "project": "网络宣传管理和文化建设经费",
          "department": "中共三门峡市委网信办",
          "unit": null,
          "funds": {
            "initial": null,
            "budget": "110",
            "executed": "98.69",
            "rate": "0.8972"
          },
          "execution": {
            "points": "10",
            "claimed": "9",
            "recomputed": "8.97",
            "cell": "H7"
          },
          "indicators": [
            {
              "level1": "产出指标",
              "level2": "数量指标",
              "name": "监测指令稿件数",
              "target": "≥3500条",
              "actual": "3500条",
              "kind": "quantitative",
              "points": "6",
              "claimed": "6",
              "recomputed": "6",
              "row": 15
            },
            {
              "level1": "满意度指标",
              "level2": null,
              "name": "群众<满意度>",
              "target": null,
              "actual": null,
              "kind": "not_applicable",
              "points": "10",
              "claimed": null,
              "recomputed": null,
              "row": 16
            }
          ],
          "total": {
            "claimed": "99",
            "recomputed": "88.97"
          },
          "grade": {
            "claimed": null,
            "recomputed": "良"
          },
          "status": "需修改",
          "findings": [
            {
              "code": "S01",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": null,
              "message": "找不到总分行"
            },
            {
              "code": "S02",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "G5",
              "message": "实施单位为空"
            },
            {
              "code": "B01",
              "severity": "警告",
              "sheet": "Sheet1",
              "cell": "H7",
              "message": "重复"
            },
            {
              "code": "F04",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "H7",
              "message": "执行率得分应为 8.97，表中填写 9"
            },
            {
              "code": "I13",
              "severity": "警告",
              "sheet": "Sheet1",
              "cell": "AA7",
              "message": "方向 ≥ 可能有误"
            },
            {
              "code": "T03",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "H31",
              "message": "复核得分 88.97，自评 99"
            }
          ]
        }
      ]
    },
    {
      "path": "问题文件/写不出副本.xlsx",
      "sha256": "77aa000000000000000000000000000000000000000000000000000000000000",
      "status": "ok",
      "output": null,
      "output_error": "无法写出审核副本：磁盘空间不足",
      "forms": [
        {
          "sheet": "Sheet1",
          "range": "A1:I31",
          "year": 2021,
          "project": "网络宣传管理和文化建设经费",
          "department": "中共三门峡市委网信办",
          "unit": null,
          "funds": {
            "initial": null,
            "budget": "110",
            "executed": "98.69",
            "rate": "0.8972"
          },
          "execution": {
            "points": "10",
            "claimed": "9",
            "recomputed": "8.97",
            "cell": "H7"
          },
          "indicators": [
            {
              "level1": "产出指标",
              "level2": "数量指标",
              "name": "监测指令稿件数",
              "target": "≥3500条",
              "actual": "3500条",
              "kind": "quantitative",
              "points": "6",
              "claimed": "6",
              "recomputed": "6",
              "row": 15
            },
            {
              "level1": "满意度指标",
              "level2": null,
              "name": "群众<满意度>",
              "target": null,
              "actual": null,
              "kind": "not_applicable",
              "points": "10",
              "claimed": null,
              "recomputed": null,
              "row": 16
            }
          ],
          "total": {
            "claimed": "99",
            "recomputed": "88.97"
          },
          "grade": {
            "claimed": null,
            "recomputed": "良"
          },
          "status": "需修改",
          "findings": [
            {
              "code": "S01",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": null,
              "message": "找不到总分行"
            },
            {
              "code": "S02",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "G5",
              "message": "实施单位为空"
            },
            {
              "code": "B01",
              "severity": "警告",
              "sheet": "Sheet1",
              "cell": "H7",
              "message": "重复"
            },
            {
              "code": "F04",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "H7",
              "message": "执行率得分应为 8.97，表中填写 9"
            },
            {
              "code": "I13",
              "severity": "警告",
              "sheet": "Sheet1",
              "cell": "AA7",
              "message": "方向 ≥ 可能有误"
            },
            {
              "code": "T03",
              "severity": "错误",
              "sheet": "Sheet1",
              "cell": "H31",
              "message": "复核得分 88.97，自评 99"
            }
          ]
        }
      ]
    },
    {
      "path": "问题文件/空白文件.xlsx",
      "sha256": "e3b0000000000000000000000000000000000000000000000000000000000000",
      "status": "failed",
      "reason": "文件是空的（0 字节）",
      "code": "B03",
      "output": null,
      "forms": []
    },
    {
      "path": "~$自评表.xlsx",
      "status": "skipped",
      "reason": "Office/WPS 锁定文件，已跳过",
      "code": "B05",
      "output": null,
      "forms": []
    }
  ]
}
`

func sampleStates() []*fileState {
	return []*fileState{
		{entry: entry{rel: "中共三门峡市委网信办/自评表.xlsx"}, st: stOK,
			transit: &transit{sha: testDigest("5f1c"), sheets: []string{"说明", "Sheet1"}, results: []*scoring.Result{sampleResult()}},
			copyN:   1, fileRare: noRare},
		{entry: entry{rel: "问题文件/写不出副本.xlsx"}, st: stOK,
			transit:  &transit{sha: testDigest("77aa"), sheets: []string{"Sheet1"}, results: []*scoring.Result{sampleResult()}},
			fileRare: &fileRare{outputErr: "无法写出审核副本：磁盘空间不足"}},
		{entry: entry{rel: "问题文件/空白文件.xlsx"}, transit: &transit{sha: testDigest("e3b0")}, st: stFailed, fileRare: &fileRare{code: "B03", reason: "文件是空的（0 字节）"}},
		{entry: entry{rel: "~$自评表.xlsx"}, transit: &transit{}, st: stSkipped, fileRare: &fileRare{code: "B05", reason: "Office/WPS 锁定文件，已跳过"}},
	}
}

func TestResultsGolden(t *testing.T) {
	got, err := Encode(buildDocument("mof2020", sampleStates()))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != goldenResults {
		t.Errorf("results.json differs from the golden text.\n--- got\n%s\n--- want\n%s", got, goldenResults)
	}
}

func TestResultsDeterministic(t *testing.T) {
	first, err := Encode(buildDocument("mof2020", sampleStates()))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, err := Encode(buildDocument("mof2020", sampleStates()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("encoding %d differs from the first", i)
		}
	}
}

func TestRateRounding(t *testing.T) {
	tests := []struct{ rate, want string }{
		{"0.89718181818", "0.8972"},
		{"0.89715", "0.8972"}, // half-up at the fifth place
		{"0.89714999", "0.8971"},
		{"1.07123", "1.0712"}, // never capped at 1
		{"1", "1"},
		{"0.5", "0.5"},
		{"0", "0"},
	}
	for _, tt := range tests {
		r := sampleResult()
		r.Rate = dp(tt.rate)
		fe := formEntry(r, nil)
		if fe.Funds.Rate == nil || *fe.Funds.Rate != tt.want {
			t.Errorf("rate %s written as %v, want %q", tt.rate, fe.Funds.Rate, tt.want)
		}
	}
	r := sampleResult()
	r.Rate = nil
	if fe := formEntry(r, nil); fe.Funds.Rate != nil {
		t.Errorf("a rate that cannot be computed is written as %q, want null", *fe.Funds.Rate)
	}
}

// outputs.md §3: an unfilled form (S08) writes null for total.recomputed and grade.recomputed.
func TestRecomputedTotalNull(t *testing.T) {
	tests := []struct {
		name      string
		total     *decimal.Decimal
		wantTotal string
		wantGrade string
	}{
		{"scored", dp("88.97"), `"recomputed": "88.97"`, `"recomputed": "良"`},
		{"unfilled", nil, `"recomputed": null`, `"recomputed": null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleResult()
			r.RecomputedTotal = tt.total
			if tt.total == nil {
				r.RecomputedGrade = ""
			}
			fe := formEntry(r, nil)
			for what, c := range map[string]struct {
				v    any
				want string
			}{"total": {fe.Total, tt.wantTotal}, "grade": {fe.Grade, tt.wantGrade}} {
				b, err := json.MarshalIndent(c.v, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), c.want) {
					t.Errorf("%s = %s, want %s", what, b, c.want)
				}
			}
		})
	}
}

func TestSortFindingsBySheetOrder(t *testing.T) {
	fs := []scoring.Finding{
		{Code: "A", Ref: scoring.Ref{Sheet: "Sheet1", Cell: "B2"}},
		{Code: "B", Ref: scoring.Ref{Sheet: "附件3", Cell: "A9"}},
		{Code: "C", Ref: scoring.Ref{Sheet: "Sheet1", Cell: "A10"}},
		{Code: "D", Ref: scoring.Ref{Sheet: "附件3", Cell: "Z1"}},
		{Code: "E", Ref: scoring.Ref{Sheet: "其他", Cell: "A1"}}, // not in the order: last
		{Code: "F", Ref: scoring.Ref{Sheet: "Sheet1", Cell: "AA2"}},
	}
	scoring.SortFindings(fs, scoring.FindingOrder{Sheets: map[string]int{"附件3": 0, "Sheet1": 1}})
	var got string
	for _, f := range fs {
		got += f.Code
	}
	if want := "DBAFCE"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}

// buildDocument assembles results.json whole from the states, already in path order: what the
// streamed results.json must equal.
func buildDocument(profile string, states []*fileState) *Document {
	doc := &Document{Tool: ToolName, Version: Version, Profile: profile, Summary: SummaryName, Files: []FileEntry{}}
	for _, s := range states {
		doc.Files = append(doc.Files, fileEntry(s, newNamer().output(s)))
	}
	return doc
}

// testDigest is a digest whose hex starts with prefix, zeros after it.
func testDigest(prefix string) digest {
	d := digest{set: true}
	if _, err := hex.Decode(d.sum[:], []byte(prefix)); err != nil {
		panic(err)
	}
	return d
}
