package scoring

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The clean form of these tests is the national layout of form.md, built in code:
//
//	A1  项目支出绩效自评表           A2 （2021年度）
//	B3  项目名称  B4 主管部门  F4 实施单位
//	row 5  项目资金（万元）| 年初预算数 C | 全年预算数 D | 全年执行数 E | 分值 F | 执行率 G | 得分 H
//	row 6  年度资金总额           110 | 110 | 98.69 | 10 | 89.72% | 8.97
//	row 7  其中：当年财政拨款     110 | 110 | 98.69 | —  | —      | —
//	rows 8–9 上年结转资金, 其他资金 (empty)
//	B11 预期目标 text, F11 实际完成情况 text
//	row 12 header: A 绩效指标 | B 一级 | C 二级 | D 三级 | E 年度指标值 | F 实际完成值 | G 分值 | H 得分 | I 偏差原因
//	rows 13–17 indicators (see ckRows), row 18 总分 100 / 98.97, B19 等级 优
const ckSheet = "Sheet1"

// Indices of the clean form's indicators.
const (
	iQty   = iota // row 13, 产出/数量, 20 points
	iQual         // row 14, 产出/质量, 15 points
	iTime         // row 15, 产出/时效, 15 points
	iBen          // row 16, 效益/社会效益 (qualitative), 30 points
	iSatis        // row 17, 满意度, 10 points
)

// ckRows are the clean indicator rows: 一级, 二级, 三级, target, actual, points, score.
var ckRows = [][7]string{
	{"产出指标", "数量指标", "监测指令稿件数", "≥3500条", "3500条", "20", "20"},
	{"产出指标", "质量指标", "网络宣传覆盖率", "100%", "100%", "15", "15"},
	{"产出指标", "时效指标", "舆情信息发现及时率", "≥90%", "95%", "15", "15"},
	{"效益指标", "社会效益指标", "网民网络安全意识", "显著提升", "显著提升", "30", "30"},
	{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "10", "10"},
}

// at is a text cell of the test sheet.
func at(cell, text string) Cell { return Cell{Ref: Ref{Sheet: ckSheet, Cell: cell}, Text: text} }

func ckFundRow(row int, label string, v ...string) FundRow {
	c := func(col string, i int) Cell { return at(fmt.Sprintf("%s%d", col, row), v[i]) }
	return FundRow{
		Label: at(fmt.Sprintf("B%d", row), label), Initial: c("C", 0), Budget: c("D", 1),
		Executed: c("E", 2), Points: c("F", 3), Rate: c("G", 4), Score: c("H", 5),
	}
}

// cleanForm builds a fully consistent form: no check may fire on it.
func cleanForm() *Form {
	f := &Form{
		Sheet: ckSheet, Range: "A1:I19", Family: 1,
		Title: at("A1", "项目支出绩效自评表"), Year: 2021, YearAt: Ref{Sheet: ckSheet, Cell: "A2"},
		Project:    at("B3", "网络宣传管理和文化建设经费"),
		Department: at("B4", "中共三门峡市委网信办"),
		Unit:       at("F4", "三门峡市互联网舆情研究和应急保障中心"),
		Funds: &FundBlock{
			Label:       at("A5", "项目资金（万元）"),
			PointsHints: []Cell{at("A5", "项目资金（万元）"), at("H5", "得分")},
			HasInitial:  true,
			Total:       ckFundRow(6, "年度资金总额", "110", "110", "98.69", "10", "89.72%", "8.97"),
			Parts: []FundRow{
				ckFundRow(7, "其中：当年财政拨款", "110", "110", "98.69", "—", "—", "—"),
				ckFundRow(8, "上年结转资金", "", "", "", "—", "—", "—"),
				ckFundRow(9, "其他资金", "", "", "", "—", "—", "—"),
			},
		},
		GoalTarget:      at("B11", "完成网络舆情监测和网络安全宣传任务，提升网民网络安全意识"),
		GoalActual:      at("F11", "全年完成监测指令稿件3500条，网络宣传覆盖率100%，网民网络安全意识显著提升"),
		IndicatorLabel:  at("A12", "绩效指标"),
		HasPointsColumn: true,
		TotalPoints:     at("G18", "100"),
		TotalScore:      at("H18", "98.97"),
		Grade:           at("B19", "优"),
	}
	l1Row := map[string]int{}
	for i, r := range ckRows {
		row := 13 + i
		if _, ok := l1Row[r[0]]; !ok {
			l1Row[r[0]] = row
		}
		c := func(col string, text string) Cell { return at(fmt.Sprintf("%s%d", col, row), text) }
		f.Indicators = append(f.Indicators, Indicator{
			Row:    row,
			Level1: at(fmt.Sprintf("B%d", l1Row[r[0]]), r[0]), // merged down from the block's first row
			Level2: c("C", r[1]), Name: c("D", r[2]), Target: c("E", r[3]), Actual: c("F", r[4]),
			Points: c("G", r[5]), Score: c("H", r[6]), Reason: c("I", ""),
		})
	}
	return f
}

// exact reads a decimal written in a test.
func exact(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// mof2020 returns a fresh copy of the default profile.
func mof2020(t *testing.T) *Profile {
	t.Helper()
	p, err := BuiltinProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// codes lists the codes of the findings, in order.
func codes(r *Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func hasCode(r *Result, code string) bool {
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func dump(r *Result) string {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "\n  %s %s %s!%s %s", f.Code, f.Severity, f.Ref.Sheet, f.Ref.Cell, f.Message)
	}
	return b.String()
}

// Mutation helpers: each sets what a unit would write, cells stay where they are.

func setIndicator(f *Form, i int, target, actual, score string) {
	ind := &f.Indicators[i]
	ind.Target.Text, ind.Actual.Text, ind.Score.Text = target, actual, score
}

func setLevel1(f *Form, name, text string) {
	for i := range f.Indicators {
		if f.Indicators[i].Level1.Text == name {
			f.Indicators[i].Level1.Text = text
		}
	}
}

// setExecuted writes the execution (total and 当年财政拨款 rows), the rate, the score and the total.
func setExecuted(f *Form, executed, rate, score, total string) {
	f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = executed, executed
	f.Funds.Total.Rate.Text, f.Funds.Total.Score.Text = rate, score
	f.TotalScore.Text = total
}

// unfill empties every 实际完成值 and 得分, as a form sent back unfilled; blank marks count as empty.
func unfill(f *Form) {
	for i := range f.Indicators {
		f.Indicators[i].Actual.Text, f.Indicators[i].Score.Text = "", ""
	}
	f.Indicators[iQual].Actual.Text, f.Indicators[iBen].Score.Text = "/", "—"
}

// markNA marks the 时效 row (15 points) not applicable by its actual, as units do.
func markNA(f *Form) { setIndicator(f, iTime, "≥90%", "不适用", "—") }

func TestCleanFormHasNoFindings(t *testing.T) {
	r := Evaluate(cleanForm(), mof2020(t), Options{Year: 2021})
	if len(r.Findings) != 0 {
		t.Fatalf("clean form: want no findings, got %v%s", codes(r), dump(r))
	}
	if r.RecomputedTotal == nil || !r.RecomputedTotal.Equal(exact("98.97")) || r.RecomputedGrade != "优" || r.Status != StatusPass {
		t.Fatalf("clean form: total %s grade %s status %s, want 98.97 优 %s", r.RecomputedTotal, r.RecomputedGrade, r.Status, StatusPass)
	}
	if r.ClaimedTotal == nil || !r.ClaimedTotal.Equal(exact("98.97")) || r.ClaimedGrade != "优" {
		t.Fatalf("clean form: claimed total %v grade %q", r.ClaimedTotal, r.ClaimedGrade)
	}
	if !r.Execution.Recomputed.Equal(exact("8.97")) || !r.Rate.Round(4).Equal(exact("0.8972")) {
		t.Fatalf("clean form: execution %s rate %s", r.Execution.Recomputed, r.Rate)
	}
	for i, ir := range r.Indicators {
		if ir.Recomputed == nil || ir.Claimed == nil || !ir.Recomputed.Equal(*ir.Claimed) {
			t.Errorf("indicator %d: claimed %v recomputed %v", i, ir.Claimed, ir.Recomputed)
		}
	}
}

// checkCase is one row of TestChecks: a mutation of the clean form and whether code must fire.
type checkCase struct {
	code string
	name string
	mut  func(*Form)
	fire bool
	cell string   // the cell the finding must name (firing rows)
	want []string // other text the message must contain: the numbers involved
	prof func(*Profile)
	year int // the batch's --year; 0 means 2021, -1 means none
}

func explainBelow90(p *Profile) { p.Execution.ExplainBelow = exact("0.9") }
func noSplit(p *Profile)        { p.Weights.Tree2020 = nil }
func noRenorm(p *Profile)       { p.Indicators.RenormalizeNotApplicable = false }
func withCaps(p *Profile)       { p.TotalCaps.Enabled = true }
func withDeviation(p *Profile)  { p.Deviation.Enabled = true }

var checkCases = []checkCase{
	// Structure.
	{code: "S01", name: "part not located", mut: func(f *Form) { f.Missing = []string{"年度总体目标"} }, fire: true, cell: "A1", want: []string{"年度总体目标"}},
	{code: "S01", name: "optional grade absent", mut: func(f *Form) { f.Grade = Cell{} }},
	{code: "S02", name: "project empty", mut: func(f *Form) { f.Project.Text = "" }, fire: true, cell: "B3", want: []string{"项目名称"}},
	{code: "S02", name: "unit a dash", mut: func(f *Form) { f.Unit.Text = "—" }, fire: true, cell: "F4", want: []string{"实施单位"}},
	{code: "S02", name: "project with code prefix", mut: func(f *Form) { f.Project.Text = "51000021R000000019951-网络宣传管理和文化建设经费" }},
	{code: "S03", name: "no funds block", mut: func(f *Form) { f.Funds = nil }, fire: true, cell: "A1"},
	{code: "S03", name: "budget unreadable formula", mut: func(f *Form) { f.Funds.Total.Budget.Unreadable = true }, fire: true, cell: "D6", want: []string{"全年预算数"}},
	{code: "S03", name: "executed empty", mut: func(f *Form) { f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = "", "" }, fire: true, cell: "E6", want: []string{"全年执行数"}},
	{code: "S03", name: "no 年初预算数 column", mut: func(f *Form) {
		f.Funds.HasInitial = false
		f.Funds.Total.Initial = Cell{}
		for i := range f.Funds.Parts {
			f.Funds.Parts[i].Initial = Cell{}
		}
	}},
	{code: "S04", name: "no indicator rows", mut: func(f *Form) { f.Indicators = nil }, fire: true, cell: "A12"},
	{code: "S04", name: "a single indicator row", mut: func(f *Form) { f.Indicators = f.Indicators[iSatis:] }},
	{code: "S04", name: "no rows and no table label: the form's first cell", mut: func(f *Form) { f.Indicators, f.IndicatorLabel = nil, Cell{} }, fire: true, cell: "A1"},
	{code: "S05", name: "unknown level 1", mut: func(f *Form) { setLevel1(f, "产出指标", "产品指标") }, fire: true, cell: "B13", want: []string{"产品指标"}},
	{code: "S05", name: "level 2 under wrong level 1", mut: func(f *Form) { f.Indicators[iQty].Level2.Text = "经济效益指标" }, fire: true, cell: "C13", want: []string{"经济效益指标", "产出指标"}},
	{code: "S05", name: "level 2 without 指标, full-width points", mut: func(f *Form) {
		f.Indicators[iQty].Level2.Text = "数量"
		setLevel1(f, "产出指标", "产出指标（50分）")
	}},
	{code: "S06", name: "goal target empty", mut: func(f *Form) { f.GoalTarget.Text = "" }, fire: true, cell: "B11", want: []string{"预期目标"}},
	{code: "S06", name: "goal actual a slash", mut: func(f *Form) { f.GoalActual.Text = "/" }, fire: true, cell: "F11", want: []string{"实际完成情况"}},
	{code: "S06", name: "short goal actual", mut: func(f *Form) { f.GoalActual.Text = "已完成" }},
	{code: "S06", name: "actual label not found: beside the target", mut: func(f *Form) { f.GoalActual = Cell{} }, fire: true, cell: "B11", want: []string{"实际完成情况"}},
	{code: "S06", name: "no goals at all: the form's first cell", mut: func(f *Form) { f.GoalTarget, f.GoalActual = Cell{}, Cell{} }, fire: true, cell: "A1", want: []string{"预期目标"}},
	{code: "S07", name: "year missing", mut: func(f *Form) { f.Year, f.YearAt = 0, Ref{} }, fire: true, cell: "A1", want: []string{"年度"}},
	{code: "S07", name: "year differs from batch", mut: func(f *Form) { f.Year = 2020 }, fire: true, cell: "A2", want: []string{"2020", "2021"}},
	{code: "S07", name: "year line left blank", mut: func(f *Form) { f.Year = 0 }, fire: true, cell: "A2", want: []string{"年度"}},
	{code: "S07", name: "no title and no year: the form's first cell", mut: func(f *Form) {
		f.Title, f.Year, f.YearAt, f.Range = Cell{}, 0, Ref{}, "B3:I19"
	}, fire: true, cell: "B3", want: []string{"年度"}},
	{code: "S07", name: "no batch year", mut: func(f *Form) {}, year: -1},
	{code: "S08", name: "every actual and score empty", mut: unfill, fire: true, cell: "F13", want: []string{"自评表未填写", "5"}},
	{code: "S08", name: "scores empty, actuals written", mut: func(f *Form) {
		for i := range f.Indicators {
			f.Indicators[i].Score.Text = ""
		}
	}},
	{code: "S08", name: "one score written", mut: func(f *Form) { unfill(f); f.Indicators[iSatis].Score.Text = "10" }},

	// Funds.
	{code: "F01", name: "total budget differs from parts", mut: func(f *Form) { f.Funds.Parts[0].Budget.Text = "100" }, fire: true, cell: "D6", want: []string{"110", "100"}},
	{code: "F01", name: "parts add up", mut: func(f *Form) {
		f.Funds.Parts[0].Budget.Text, f.Funds.Parts[1].Budget.Text = "100", "10.00"
	}},
	{code: "F02", name: "executed above budget", mut: func(f *Form) { setExecuted(f, "117.83", "107.12%", "10", "100") }, fire: true, cell: "E6", want: []string{"117.83", "110", "107.12%"}},
	{code: "F02", name: "executed equals budget", mut: func(f *Form) { setExecuted(f, "110", "100%", "10", "100") }},
	{code: "F03", name: "rate mistyped", mut: func(f *Form) { f.Funds.Total.Rate.Text = "89.27%" }, fire: true, cell: "G6", want: []string{"89.72%", "89.27%"}},
	{code: "F03", name: "rate at 0 places but wrong", mut: func(f *Form) { f.Funds.Total.Rate.Text = "89%" }, fire: true, cell: "G6", want: []string{"89.72%", "89.00%"}},
	{code: "F03", name: "86% for 86.20%", mut: func(f *Form) { setExecuted(f, "94.82", "86%", "8.62", "98.62") }},
	{code: "F03", name: "89.7% for 89.72%", mut: func(f *Form) { f.Funds.Total.Rate.Text = "89.7%" }},
	{code: "F03", name: "bare 89.72 in the rate cell", mut: func(f *Form) { f.Funds.Total.Rate.Text = "89.72" }},
	{code: "F03", name: "percent-formatted fraction", mut: func(f *Form) {
		f.Funds.Total.Rate = Cell{Ref: f.Funds.Total.Rate.Ref, Text: "0.8972", Numeric: true, Percent: true}
	}},
	{code: "F04", name: "score 9 for 8.97", mut: func(f *Form) { f.Funds.Total.Score.Text = "9" }, fire: true, cell: "H6", want: []string{"8.97", "9"}},
	{code: "F04", name: "score 8.970", mut: func(f *Form) { f.Funds.Total.Score.Text = "8.970" }},
	{code: "F05", name: "budget empty", mut: func(f *Form) { f.Funds.Total.Budget.Text, f.Funds.Parts[0].Budget.Text = "", "" }, fire: true, cell: "D6", want: []string{"全年预算数"}},
	{code: "F05", name: "budget zero", mut: func(f *Form) { f.Funds.Total.Budget.Text, f.Funds.Parts[0].Budget.Text = "0", "0" }, fire: true, cell: "D6"},
	{code: "F05", name: "total empty, parts filled", mut: func(f *Form) { f.Funds.Total.Budget.Text = "" }},
	{code: "F06", name: "budget in words", mut: func(f *Form) { f.Funds.Total.Budget.Text = "一百一十" }, fire: true, cell: "D6", want: []string{"一百一十"}},
	{code: "F06", name: "negative part", mut: func(f *Form) { f.Funds.Parts[1].Executed.Text = "-5" }, fire: true, cell: "E8", want: []string{"-5"}},
	{code: "F06", name: "budget with unit and zeros", mut: func(f *Form) { f.Funds.Total.Budget.Text = "110.00万元" }},
	{code: "F06", name: "budget in 元", mut: func(f *Form) { f.Funds.Total.Budget.Text = "1,100,000元" }},
	{code: "F07", name: "45.45% with all full", mut: func(f *Form) { setExecuted(f, "50", "45.45%", "4.55", "94.55") }, fire: true, cell: "G6", want: []string{"45.45%"}},
	{code: "F07", name: "exactly 60% with all full", mut: func(f *Form) { setExecuted(f, "66", "60%", "6", "96") }},
	{code: "F07", name: "45.45%, all full but one row not applicable", mut: func(f *Form) {
		markNA(f)
		setExecuted(f, "50", "45.45%", "4.55", "93.59")
	}, fire: true, cell: "G6", want: []string{"45.45%"}},
	{code: "F08", name: "89.72% below 90%, no reason", mut: func(f *Form) {}, prof: explainBelow90, fire: true, cell: "G6", want: []string{"89.72%", "90.00%"}},
	{code: "F08", name: "empty reason cell", mut: func(f *Form) { f.Funds.Total.Reason = at("I6", "无") }, prof: explainBelow90, fire: true, cell: "I6", want: []string{"89.72%"}},
	{code: "F08", name: "reason over 100 characters", mut: func(f *Form) {
		f.Funds.Total.Reason = at("I6", strings.Repeat("原因", 51))
	}, prof: func(p *Profile) { explainBelow90(p); p.Execution.ReasonMaxChars = 100 }, fire: true, cell: "I6", want: []string{"100"}},
	{code: "F08", name: "rate exactly 90%", mut: func(f *Form) { setExecuted(f, "99", "90%", "9", "99") }, prof: explainBelow90},
	{code: "F08", name: "reason given", mut: func(f *Form) { f.Funds.Total.Reason = at("I6", "部分采购合同年底尚未结算") }, prof: explainBelow90},
	{code: "F08", name: "profile without explain_below", mut: func(f *Form) {}},

	// Weights.
	{code: "W01", name: "points add to 110", mut: func(f *Form) {
		f.Indicators[iSatis].Points.Text, f.Indicators[iSatis].Score.Text, f.TotalScore.Text = "20", "20", "108.97"
	}, fire: true, cell: "G18", want: []string{"110", "100"}},
	{code: "W01", name: "not-applicable row keeps its points", mut: markNA},
	{code: "W02", name: "产出 45 / 满意度 15", mut: func(f *Form) {
		f.Indicators[iQty].Points.Text, f.Indicators[iQty].Score.Text = "15", "15"
		f.Indicators[iSatis].Points.Text, f.Indicators[iSatis].Score.Text = "15", "15"
	}, fire: true, cell: "B13", want: []string{"45", "50"}},
	{code: "W02", name: "execution worth 20", mut: func(f *Form) { f.Funds.Total.Points.Text = "20" }, fire: true, cell: "F6", want: []string{"20", "10"}},
	{code: "W02", name: "profile without split", mut: func(f *Form) {
		f.Indicators[iQty].Points.Text, f.Indicators[iQty].Score.Text = "15", "15"
		f.Indicators[iSatis].Points.Text, f.Indicators[iSatis].Score.Text = "15", "15"
	}, prof: noSplit},
	{code: "W03", name: "label says 40", mut: func(f *Form) { setLevel1(f, "产出指标", "产出指标(40分)") }, fire: true, cell: "B13", want: []string{"40", "50"}},
	{code: "W03", name: "label says (50分)", mut: func(f *Form) { setLevel1(f, "产出指标", "产出指标\n（50分）") }},
	{code: "W01", name: "a 分值 that cannot be read leaves W04 alone", mut: func(f *Form) { f.Indicators[iQty].Points.Text = "" }},
	{code: "W02", name: "a 分值 that cannot be read leaves W04 alone", mut: func(f *Form) { f.Indicators[iQty].Points.Text = "" }},
	{code: "W04", name: "points zero", mut: func(f *Form) { f.Indicators[iQty].Points.Text = "0" }, fire: true, cell: "G13", want: []string{"监测指令稿件数", "0"}},
	{code: "W04", name: "points empty", mut: func(f *Form) { f.Indicators[iQty].Points.Text = "" }, fire: true, cell: "G13"},
	{code: "W04", name: "points text", mut: func(f *Form) { f.Indicators[iQty].Points.Text = "二十" }, fire: true, cell: "G13", want: []string{"二十"}},
	{code: "W04", name: "not applicable by points", mut: func(f *Form) { f.Indicators[iTime].Points.Text, f.Indicators[iTime].Score.Text = "—", "" }},

	// Indicators.
	{code: "I01", name: "target empty", mut: func(f *Form) { f.Indicators[iQty].Target.Text = "" }, fire: true, cell: "E13", want: []string{"监测指令稿件数"}},
	{code: "I01", name: "target placeholder **", mut: func(f *Form) { f.Indicators[iQty].Target.Text = "≥**条" }, fire: true, cell: "E13"},
	{code: "I01", name: "target XX", mut: func(f *Form) { f.Indicators[iBen].Target.Text = "XX" }, fire: true, cell: "E16"},
	{code: "I01", name: "target with thousands separator", mut: func(f *Form) { f.Indicators[iQty].Target.Text = "不少于3,500条" }},
	{code: "I02", name: "actual empty", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "" }, fire: true, cell: "F13", want: []string{"监测指令稿件数"}},
	{code: "I02", name: "actual column not found (S01 names it)", mut: func(f *Form) {
		for i := range f.Indicators {
			f.Indicators[i].Actual = Cell{}
		}
	}},
	{code: "I02", name: "actual zero", mut: func(f *Form) { setIndicator(f, iQty, "≥3500条", "0条", "0") }},
	{code: "I03", name: "score above points", mut: func(f *Form) { f.Indicators[iQty].Score.Text = "21" }, fire: true, cell: "H13", want: []string{"21", "20"}},
	{code: "I03", name: "score equal to points", mut: func(f *Form) { f.Indicators[iQty].Score.Text = "20.00" }},
	{code: "I04", name: "score empty", mut: func(f *Form) { f.Indicators[iQty].Score.Text = "" }, fire: true, cell: "H13"},
	{code: "I04", name: "score negative", mut: func(f *Form) { f.Indicators[iQty].Score.Text = "-1" }, fire: true, cell: "H13", want: []string{"-1"}},
	{code: "I04", name: "score text", mut: func(f *Form) { f.Indicators[iQty].Score.Text = "满分" }, fire: true, cell: "H13", want: []string{"满分"}},
	{code: "I04", name: "score zero", mut: func(f *Form) { setIndicator(f, iBen, "显著提升", "未达成", "0") }},
	{code: "I05", name: "3000 of 3500 claimed full", mut: func(f *Form) { setIndicator(f, iQty, "≥3500条", "3000条", "20") }, fire: true, cell: "H13", want: []string{"17.14", "20"}},
	{code: "I05", name: "3000 of 3500 claimed 17.14", mut: func(f *Form) {
		setIndicator(f, iQty, "≥3500条", "3000条", "17.14")
		f.Indicators[iQty].Reason.Text = "下半年监测任务调整"
	}},
	{code: "I06", name: "units differ", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "3500人" }, fire: true, cell: "F13", want: []string{"≥3500条", "3500人"}},
	{code: "I06", name: "actual is text", mut: func(f *Form) { f.Indicators[iQual].Actual.Text = "完成" }, fire: true, cell: "F14", want: []string{"100%", "完成"}},
	{code: "I06", name: "actual without unit", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "3,500" }},
	{code: "I07", name: "部分达成 claimed full", mut: func(f *Form) { f.Indicators[iBen].Actual.Text = "部分达成" }, fire: true, cell: "H16", want: []string{"23.99", "30"}},
	{code: "I07", name: "部分达成 at 0.8w", mut: func(f *Form) { setIndicator(f, iBen, "显著提升", "部分达成", "24") }, fire: true, cell: "H16", want: []string{"23.99", "24"}},
	{code: "I07", name: "部分达成 claimed 23.99", mut: func(f *Form) {
		setIndicator(f, iBen, "显著提升", "部分达成", "23.99")
		f.Indicators[iBen].Reason.Text = "宣传活动受疫情影响减少"
	}},
	{code: "I08", name: "actual matches no band", mut: func(f *Form) { f.Indicators[iBen].Actual.Text = "见附件" }, fire: true, cell: "F16", want: []string{"见附件"}},
	{code: "I08", name: "actual 明显提升", mut: func(f *Form) { f.Indicators[iBen].Actual.Text = "明显提升" }},
	{code: "I09", name: "B = 1.2 A, no reason", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "4200条" }, fire: true, cell: "I13", want: []string{"4200条", "≥3500条", "1.2"}},
	{code: "I09", name: "over-achievement explained", mut: func(f *Form) {
		f.Indicators[iQty].Actual.Text, f.Indicators[iQty].Reason.Text = "4200条", "年中追加专项监测任务"
	}},
	{code: "I09", name: "just below 1.2 A", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "4199条" }},
	{code: "I09", name: "no reason column: the score", mut: func(f *Form) {
		f.Indicators[iQty].Actual.Text, f.Indicators[iQty].Reason = "4200条", Cell{}
	}, fire: true, cell: "H13", want: []string{"4200条"}},
	{code: "I16", name: "B = 1.3 A", mut: func(f *Form) {
		f.Indicators[iQty].Actual.Text, f.Indicators[iQty].Reason.Text = "4550条", "年中追加专项监测任务"
	}, prof: withDeviation, fire: true, cell: "H13", want: []string{"4550条", "≥3500条", "30%", "18"}},
	{code: "I16", name: "just below 1.3 A", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "4549条" }, prof: withDeviation},
	{code: "I16", name: "rule off", mut: func(f *Form) { f.Indicators[iQty].Actual.Text = "4550条" }},
	{code: "I10", name: "below points, empty reason", mut: func(f *Form) { setIndicator(f, iQty, "≥3500条", "3000条", "17.14") }, fire: true, cell: "I13", want: []string{"17.14", "20"}},
	{code: "I10", name: "below points, reason 暂无", mut: func(f *Form) {
		setIndicator(f, iQty, "≥3500条", "3000条", "17.14")
		f.Indicators[iQty].Reason.Text = "暂无"
	}, fire: true, cell: "I13"},
	{code: "I10", name: "below points, real reason", mut: func(f *Form) {
		setIndicator(f, iQty, "≥3500条", "3000条", "17.14")
		f.Indicators[iQty].Reason.Text = "下半年监测任务调整"
	}},
	{code: "I11", name: "数量 target qualitative", mut: func(f *Form) { setIndicator(f, iQty, "大幅增加", "完成", "20") }, fire: true, cell: "E13", want: []string{"大幅增加"}},
	{code: "I11", name: "时效 date target", mut: func(f *Form) { setIndicator(f, iTime, "2021年12月31日前", "按时完成", "15") }},
	{code: "I12", name: "actual as comparator", mut: func(f *Form) { f.Indicators[iTime].Actual.Text = "≥95%" }, fire: true, cell: "F15", want: []string{"≥95%"}},
	{code: "I12", name: "actual 达到95% (达到 is ≥)", mut: func(f *Form) { f.Indicators[iTime].Actual.Text = "达到95%" }, fire: true, cell: "F15", want: []string{"达到95%"}},
	{code: "I12", name: "actual 95%", mut: func(f *Form) { f.Indicators[iTime].Actual.Text = "95%" }},
	{code: "I13", name: "satisfaction without comparator", mut: func(f *Form) { f.Indicators[iSatis].Target.Text = "90%" }, fire: true, cell: "E17", want: []string{"90%"}},
	{code: "I13", name: "cost indicator with ≥", mut: func(f *Form) {
		f.Indicators[iQual].Level2.Text = "成本指标"
		setIndicator(f, iQual, "≥15万元", "14万元", "15")
	}, fire: true, cell: "E14", want: []string{"≥15万元"}},
	{code: "I13", name: "2021 tree: ≥ under a level-1 成本指标", mut: func(f *Form) {
		f.Indicators[iQty].Level1.Text, f.Indicators[iQty].Level2.Text = "成本指标", "经济成本指标"
		setIndicator(f, iQty, "≥3500万元", "3500万元", "20")
	}, fire: true, cell: "E13", want: []string{"≥3500万元"}},
	{code: "I11", name: "2021 tree: qualitative target under a level-1 成本指标", mut: func(f *Form) {
		f.Indicators[iQty].Level1.Text, f.Indicators[iQty].Level2.Text = "成本指标", "经济成本指标"
		setIndicator(f, iQty, "成本控制合理", "达成", "20")
	}, fire: true, cell: "E13", want: []string{"成本控制合理"}},
	{code: "I13", name: "satisfaction 不低于90%", mut: func(f *Form) { f.Indicators[iSatis].Target.Text = "不低于90%" }},
	{code: "I13", name: "satisfaction 达到90%", mut: func(f *Form) { f.Indicators[iSatis].Target.Text = "达到90%" }},
	{code: "I13", name: "cost indicator with ≤", mut: func(f *Form) {
		f.Indicators[iQual].Level2.Text = "成本指标"
		setIndicator(f, iQual, "≤15万元", "14万元", "15")
	}},
	{code: "I14", name: "产出 lacks 时效", mut: func(f *Form) { f.Indicators[iTime].Level2.Text = "质量指标" }, fire: true, cell: "A12", want: []string{"时效指标"}},
	{code: "I14", name: "满意度 missing", mut: func(f *Form) { f.Indicators = f.Indicators[:iSatis] }, fire: true, cell: "A12", want: []string{"满意度指标"}},
	{code: "I14", name: "时效 written short", mut: func(f *Form) { f.Indicators[iTime].Level2.Text = "时效" }},
	{code: "I15", name: "duplicate name", mut: func(f *Form) { f.Indicators[iQual].Name.Text = "监测指令稿件数" }, fire: true, cell: "D14", want: []string{"监测指令稿件数", "D13"}},
	{code: "I15", name: "similar names", mut: func(f *Form) { f.Indicators[iQual].Name.Text = "监测指令稿件采用数" }},

	// Totals.
	{code: "T01", name: "total 99 for 98.97", mut: func(f *Form) { f.TotalScore.Text = "99" }, fire: true, cell: "H18", want: []string{"99", "98.97"}},
	{code: "T01", name: "total left empty", mut: func(f *Form) { f.TotalScore.Text = "" }, fire: true, cell: "H18", want: []string{"未填写", "98.97"}},
	{code: "T01", name: "renormalised total with NA row", mut: func(f *Form) { markNA(f); f.TotalScore.Text = "98.79" }},
	{code: "T01", name: "plain sum with NA row", mut: func(f *Form) { markNA(f); f.TotalScore.Text, f.Grade.Text = "83.97", "良" }},
	{code: "T02", name: "良 for 98.97", mut: func(f *Form) { f.Grade.Text = "良" }, fire: true, cell: "B19", want: []string{"良", "98.97", "优"}},
	{code: "T02", name: "优 at exactly 90", mut: func(f *Form) { f.TotalScore.Text = "90" }},
	{code: "T03", name: "consistent 99 recomputed 98.97", mut: func(f *Form) { f.Funds.Total.Score.Text, f.TotalScore.Text = "9", "99" }, fire: true, cell: "H18", want: []string{"98.97", "99", "另外 1 条问题（F04）"}},
	{code: "T03", name: "plain sum with NA row", mut: func(f *Form) { markNA(f); f.TotalScore.Text, f.Grade.Text = "83.97", "良" }, fire: true, cell: "H18", want: []string{"98.79", "83.97"}},
	{code: "T03", name: "total 98.970", mut: func(f *Form) { f.TotalScore.Text = "98.970" }},
	{code: "T04", name: "NA row renormalised", mut: func(f *Form) { markNA(f); f.TotalScore.Text = "98.79" }, fire: true, cell: "H18", want: []string{"15"}},
	{code: "T04", name: "no total row: the form's first cell", mut: func(f *Form) { markNA(f); f.TotalScore = Cell{} }, fire: true, cell: "A1", want: []string{"15"}},
	{code: "T05", name: "rate 70% capped at 89", mut: func(f *Form) { setExecuted(f, "77", "70%", "7", "97") }, prof: withCaps, fire: true, cell: "H18", want: []string{"70.00%", "80.00%", "89", "97"}},
	{code: "T05", name: "rate 80% not capped", mut: func(f *Form) { setExecuted(f, "88", "80%", "8", "98") }, prof: withCaps},
	{code: "T05", name: "caps off", mut: func(f *Form) { setExecuted(f, "77", "70%", "7", "97") }},
	{code: "T04", name: "NA without renormalisation", mut: func(f *Form) { markNA(f); f.TotalScore.Text = "83.97" }, prof: noRenorm},
}

func TestChecks(t *testing.T) {
	for _, tc := range checkCases {
		t.Run(tc.code+"/"+tc.name, func(t *testing.T) {
			f := cleanForm()
			tc.mut(f)
			p := mof2020(t)
			if tc.prof != nil {
				tc.prof(p)
			}
			year := 2021
			switch {
			case tc.year > 0:
				year = tc.year
			case tc.year < 0:
				year = 0
			}
			r := Evaluate(f, p, Options{Year: year})
			for _, fd := range r.Findings {
				if fd.Ref.Cell == "" || fd.Ref.Sheet != ckSheet {
					t.Errorf("%s names no cell (%q!%q): every finding names the cell to change", fd.Code, fd.Ref.Sheet, fd.Ref.Cell)
				}
			}

			if !tc.fire {
				if hasCode(r, tc.code) {
					t.Fatalf("%s must not fire; findings:%s", tc.code, dump(r))
				}
				return
			}
			var got *Finding
			for i, fd := range r.Findings {
				if fd.Code == tc.code && fd.Ref.Cell == tc.cell {
					got = &r.Findings[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("%s must fire on %s!%s; findings:%s", tc.code, ckSheet, tc.cell, dump(r))
			}
			if got.Ref.Sheet != ckSheet {
				t.Errorf("sheet %q, want %q", got.Ref.Sheet, ckSheet)
			}
			check, _ := CheckByCode(tc.code)
			if got.Severity != check.Default || got.Severity != p.SeverityOf(tc.code) {
				t.Errorf("severity %s, want the default %s", got.Severity, check.Default)
			}
			for _, w := range append([]string{tc.cell}, tc.want...) {
				if !strings.Contains(got.Message, w) {
					t.Errorf("message %q does not contain %q", got.Message, w)
				}
			}
			if check.Default == Error && r.Status != StatusRevise {
				t.Errorf("status %s, want %s", r.Status, StatusRevise)
			}
		})
	}
}

// TestCheckCasesCoverCatalog keeps the table honest: every check of groups S, F, W, I and T has
// a firing row and a row that must not fire.
func TestCheckCasesCoverCatalog(t *testing.T) {
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range checkCases {
		if _, ok := CheckByCode(tc.code); !ok {
			t.Errorf("row %s/%s: unknown code", tc.code, tc.name)
		}
		if tc.fire {
			fires[tc.code] = true
		} else {
			quiet[tc.code] = true
		}
	}
	var missing []string
	for _, c := range Catalog {
		if !strings.ContainsAny(c.Code[:1], "SFWIT") {
			continue
		}
		if !fires[c.Code] {
			missing = append(missing, c.Code+" (firing)")
		}
		if !quiet[c.Code] {
			missing = append(missing, c.Code+" (not firing)")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("checkCases lack rows for %v", missing)
	}
}

// Root causes are reported once (checks.md, last paragraph).

func TestRootCauseMissingBudget(t *testing.T) {
	f := cleanForm()
	f.Funds.Total.Budget.Text, f.Funds.Parts[0].Budget.Text = "", ""
	r := Evaluate(f, mof2020(t), Options{Year: 2021})
	if !hasCode(r, "F05") || hasCode(r, "F03") || hasCode(r, "F04") {
		t.Fatalf("want F05 without F03/F04, got %v%s", codes(r), dump(r))
	}
	if r.Rate != nil || !r.Execution.Recomputed.IsZero() {
		t.Errorf("rate %v, execution score %s: want no rate and 0", r.Rate, r.Execution.Recomputed)
	}
}

func TestRootCauseEmptyTotalRow(t *testing.T) {
	f := cleanForm()
	total := &f.Funds.Total
	total.Initial.Text, total.Budget.Text, total.Executed.Text = "", "", ""
	r := Evaluate(f, mof2020(t), Options{Year: 2021})
	got := codes(r)
	if len(got) == 0 {
		t.Fatalf("want F01, got nothing")
	}
	for _, c := range got {
		if c != "F01" {
			t.Fatalf("want F01 only (no F03, F05), got %v%s", got, dump(r))
		}
	}
	cells := map[string]bool{}
	for _, fd := range r.Findings {
		cells[fd.Ref.Cell] = true
	}
	for _, c := range []string{"D6", "E6"} {
		if !cells[c] {
			t.Errorf("F01 must name %s; findings:%s", c, dump(r))
		}
	}
	if r.Budget == nil || !r.Budget.Equal(exact("110")) || r.Executed == nil || !r.Executed.Equal(exact("98.69")) {
		t.Fatalf("funds from the parts: budget %v executed %v, want 110 and 98.69", r.Budget, r.Executed)
	}
	if r.Rate == nil || !r.Rate.Equal(exact("98.69").DivRound(exact("110"), divisionPlaces)) {
		t.Fatalf("rate %v, want 98.69 / 110", r.Rate)
	}
	if !r.Execution.Recomputed.Equal(exact("8.97")) || r.RecomputedTotal == nil || !r.RecomputedTotal.Equal(exact("98.97")) {
		t.Fatalf("execution %s total %s, want 8.97 and 98.97", r.Execution.Recomputed, r.RecomputedTotal)
	}
}

func TestRootCauseScoreAbovePoints(t *testing.T) {
	f := cleanForm()
	setIndicator(f, iQty, "≥3500条", "3000条", "21") // quantitative: would also be I05
	setIndicator(f, iBen, "显著提升", "部分达成", "31")    // qualitative: would also be I07
	r := Evaluate(f, mof2020(t), Options{Year: 2021})
	n := 0
	for _, fd := range r.Findings {
		switch fd.Code {
		case "I03":
			n++
		case "I05", "I07":
			t.Errorf("%s reported with I03 on %s", fd.Code, fd.Ref.Cell)
		}
	}
	if n != 2 {
		t.Fatalf("want I03 on H13 and H16, got %v%s", codes(r), dump(r))
	}
}

// An unfilled form (S08) gets no recomputed total or grade, and its rows are not judged one by
// one; the form-level checks (weights, the unit's own grade against its own total) still run.
func TestUnfilledForm(t *testing.T) {
	tests := []struct {
		name  string
		mut   func(*Form)
		codes string // every finding's code, in order
	}{
		{"total and grade left empty", func(f *Form) { f.TotalScore.Text, f.Grade.Text = "", "" }, "S08"},
		{"template total and grade kept", func(f *Form) {}, "S08"},
		{"targets and points empty too", func(f *Form) {
			for i := range f.Indicators {
				f.Indicators[i].Target.Text, f.Indicators[i].Points.Text = "", ""
			}
		}, "S08"},
		// A 分值 of — leaves the row out of the weights, as on a filled form.
		{"a row not applicable by its points", func(f *Form) { f.Indicators[iTime].Points.Text = "—" }, "W02 S08 W01"},
		{"no points column (云南)", func(f *Form) {
			f.HasPointsColumn = false
			for i := range f.Indicators {
				f.Indicators[i].Points = Cell{}
			}
		}, "S08"},
		{"points add to 95", func(f *Form) { f.Indicators[iSatis].Points.Text = "5" }, "S08 W02 W01"},
		{"written grade off its written total", func(f *Form) { f.TotalScore.Text, f.Grade.Text = "85", "优" }, "S08 T02"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := cleanForm()
			unfill(f)
			tc.mut(f)
			r := Evaluate(f, mof2020(t), Options{Year: 2021})
			if got := strings.Join(codes(r), " "); got != tc.codes {
				t.Fatalf("codes %q, want %q:%s", got, tc.codes, dump(r))
			}
			if r.RecomputedTotal != nil || r.RecomputedGrade != "" || r.Status != StatusRevise {
				t.Fatalf("total %v grade %q status %s: want no total, no grade, %s", r.RecomputedTotal, r.RecomputedGrade, r.Status, StatusRevise)
			}
			for i, ir := range r.Indicators {
				if ir.Claimed != nil || ir.Recomputed != nil || (ir.Kind != KindUnscorable && ir.Kind != KindNotApplicable) {
					t.Errorf("row %d: kind %s claimed %v recomputed %v", i, ir.Kind, ir.Claimed, ir.Recomputed)
				}
			}
		})
	}
}
