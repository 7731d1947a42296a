package scoring

import (
	"testing"

	"github.com/shopspring/decimal"
)

// Recomputation tests, straight from rules.md. Each case changes the clean form of checks_test.go
// and compares exact decimals.

// profileNamed returns a fresh built-in profile.
func profileNamed(t *testing.T, name string) *Profile {
	t.Helper()
	p, err := BuiltinProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rescore evaluates the clean form after mut under p.
func rescore(p *Profile, mut func(*Form)) *Result {
	f := cleanForm()
	mut(f)
	return Evaluate(f, p, Options{Year: 2021})
}

// wantExact compares a decimal exactly with the decimal written in want.
func wantExact(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Fatalf("%s: got %s, want %s", what, got, want)
	}
}

// wantExactP is wantExact for a value the result may leave nil.
func wantExactP(t *testing.T, what string, got *decimal.Decimal, want string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil, want %s", what, want)
	}
	wantExact(t, what, *got, want)
}

// §1 Budget execution.
func TestExecutionScore(t *testing.T) {
	tests := []struct {
		name     string
		profile  string // built-in profile; "" is mof2020
		points   string // the 分值 written on the total row; "" keeps 10
		budget   string
		executed string
		rate     string // the rate at 4 places, never capped
		score    string
	}{
		{"89.72% is 8.97, not 9", "", "", "110", "98.69", "0.8972", "8.97"},
		{"86.20%", "", "", "110", "94.82", "0.8620", "8.62"},
		{"49.88%", "", "", "100", "49.88", "0.4988", "4.99"},
		{"20 points at 20%", "", "20", "100", "20", "0.2000", "4"},
		{"100%", "", "", "110", "110", "1.0000", "10"},
		{"above 100% capped, rate not", "", "", "110", "117.83", "1.0712", "10"},
		{"nothing spent", "", "", "110", "0", "0.0000", "0"},
		{"half-up: 1.225 → 1.23", "", "", "100", "12.25", "0.1225", "1.23"},
		{"ratio not rounded first: 15 × 178.3 / 300 = 8.915 → 8.92", "", "15", "300", "178.3", "0.5943", "8.92"},
		{"bands 100%", "jiangxi", "", "100", "100", "1.0000", "10"},
		{"bands 99.99%", "jiangxi", "", "100", "99.99", "0.9999", "7"},
		{"bands 85%", "jiangxi", "", "100", "85", "0.8500", "7"},
		{"bands 80% edge", "jiangxi", "", "100", "80", "0.8000", "7"},
		{"bands 65%", "jiangxi", "", "100", "65", "0.6500", "5"},
		{"bands 60% edge", "jiangxi", "", "100", "60", "0.6000", "5"},
		{"bands 50%", "jiangxi", "", "100", "50", "0.5000", "0"},
		{"bands above 100%", "jiangxi", "", "110", "117.83", "1.0712", "10"},
		{"bands with 20 points at 85%", "jiangxi", "20", "100", "85", "0.8500", "14"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.profile
			if name == "" {
				name = "mof2020"
			}
			r := rescore(profileNamed(t, name), func(f *Form) {
				f.Funds.Total.Budget.Text, f.Funds.Parts[0].Budget.Text = tc.budget, tc.budget
				f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = tc.executed, tc.executed
				if tc.points != "" {
					f.Funds.Total.Points.Text = tc.points
				}
			})
			if r.Rate == nil {
				t.Fatalf("no rate; findings:%s", dump(r))
			}
			wantExact(t, "exact rate", *r.Rate, exact(tc.executed).DivRound(exact(tc.budget), divisionPlaces).String())
			wantExact(t, "rate", r.Rate.Round(4), tc.rate)
			wantExact(t, "score", r.Execution.Recomputed, tc.score)
		})
	}
}

func TestExecutionPoints(t *testing.T) {
	tests := []struct {
		name   string
		mut    func(*Form)
		points string
		score  string
	}{
		{"none written: the profile's 10", func(f *Form) { f.Funds.Total.Points.Text = "" }, "10", "8.97"},
		{"分值 cell 20", func(f *Form) { f.Funds.Total.Points.Text = "20" }, "20", "17.94"},
		{"label 预算执行情况（万元）(20分)", func(f *Form) {
			f.Funds.Total.Points = Cell{}
			f.Funds.Label.Text = "预算执行情况（万元）(20分)"
			f.Funds.PointsHints = []Cell{f.Funds.Label, at("H5", "得分(20分*执行率)")}
		}, "20", "17.94"},
		{"score header 得分(20分*执行率)", func(f *Form) {
			f.Funds.Total.Points = Cell{}
			f.Funds.PointsHints = []Cell{f.Funds.Label, at("H5", "得分(20分*执行率)")}
		}, "20", "17.94"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rescore(mof2020(t), tc.mut)
			wantExact(t, "points", r.Execution.Points, tc.points)
			wantExact(t, "score", r.Execution.Recomputed, tc.score)
			if tc.points != "10" && !hasCode(r, "W02") {
				t.Errorf("points %s differ from the profile's 10: want W02; findings:%s", tc.points, dump(r))
			}
		})
	}
}

func TestExecutionScorePlaces(t *testing.T) {
	p := mof2020(t)
	p.ScorePlaces = 1
	r := rescore(p, func(f *Form) {})
	wantExact(t, "score at 1 place", r.Execution.Recomputed, "9.0")
}

// §2 Quantitative indicators: the 数量 row (20 points) with the given target and actual.
func TestQuantitativeScore(t *testing.T) {
	deviation := func(p *Profile) { p.Indicators.Reverse = "deviation" }
	deduct := func(p *Profile) { p.Indicators.OverAchievementDeduct = true }
	tests := []struct {
		name    string
		target  string
		actual  string
		claimed string // "" is 20
		prof    func(*Profile)
		kind    string // "" is quantitative
		score   string
	}{
		{"≥ met", "≥3500条", "3500条", "", nil, "", "20"},
		{"≥ missed: w·B/A", "≥3500条", "3000条", "17.14", nil, "", "17.14"},
		{"> missed", ">90%", "81%", "18", nil, "", "18"},
		{"≤ met", "≤15万元", "14万元", "", nil, "", "20"},
		{"≤ missed: w·A/B", "≤15万元", "16万元", "18.75", nil, "", "18.75"},
		{"< missed", "<5%", "8%", "12.5", nil, "", "12.5"},
		{"≤ B = 0 meets", "≤10起", "0起", "", nil, "", "20"},
		{"≤ deviation", "≤15万元", "16万元", "18.67", deviation, "", "18.67"},
		{"≤ deviation floored at 0", "≤10万元", "25万元", "0", deviation, "", "0"},
		{"= with A > 0 is positive", "=100%", "90%", "18", nil, "", "18"},
		{"= with A = 0, B = 0", "=0起", "0起", "", nil, "", "20"},
		{"= with A = 0, B > 0", "=0起", "2起", "0", nil, "", "0"},
		{"A = 0 positive", "≥0个", "0个", "", nil, "", "20"},
		{"negative B counts as 0", "≥100个", "-5个", "0", nil, "", "0"},
		{"negative B on ≤ meets", "≤10天", "-3天", "", nil, "", "20"},
		{"no comparator, 万元 is ≤", "15万元", "16万元", "18.75", nil, "", "18.75"},
		{"no comparator, 元 converts", "15万元", "160000元", "18.75", nil, "", "18.75"},
		{"no comparator, 天 is ≤", "10天", "12天", "16.67", nil, "", "16.67"},
		{"no comparator, 工作日 is ≤", "10个工作日", "12个工作日", "16.67", nil, "", "16.67"},
		{"no comparator, count is ≥", "100个", "80个", "16", nil, "", "16"},
		{"no comparator, % is ≥", "100%", "95%", "19", nil, "", "19"},
		{"达到 is ≥, even on money", "达到100万元", "90万元", "18", nil, "", "18"},
		{"达到 met", "达到95%", "95%", "", nil, "", "20"},
		{"half-up rounding", "≥1000个", "921.25个", "18.43", nil, "", "18.43"},
		{"over-achievement keeps full", "≥3500条", "5250条", "", nil, "", "20"},
		{"deduct at exactly 1.2", "≥3500条", "4200条", "", deduct, "", "20"},
		{"deduct at 1.5", "≥3500条", "5250条", "14", deduct, "", "14"},
		{"deduct floored at 0", "≥3500条", "8000条", "0", deduct, "", "0"},
		{"units cannot be compared", "≥90%", "95人", "17", nil, KindUnscorable, "17"},
		{"actual is text", "≥3500条", "完成", "18", nil, KindUnscorable, "18"},
		{"empty actual", "≥3500条", "", "16", nil, KindUnscorable, "16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mof2020(t)
			if tc.prof != nil {
				tc.prof(p)
			}
			claimed, kind := tc.claimed, tc.kind
			if claimed == "" {
				claimed = "20"
			}
			if kind == "" {
				kind = KindQuantitative
			}
			r := rescore(p, func(f *Form) {
				setIndicator(f, iQty, tc.target, tc.actual, claimed)
				f.Indicators[iQty].Reason.Text = "原因已说明"
			})
			ir := r.Indicators[iQty]
			if ir.Kind != kind {
				t.Fatalf("kind %s, want %s; findings:%s", ir.Kind, kind, dump(r))
			}
			wantExactP(t, "recomputed", ir.Recomputed, tc.score)
			wantExactP(t, "claimed", ir.Claimed, claimed)
			if hasCode(r, "I05") {
				t.Errorf("claimed %s is the recomputed score: no I05 expected; findings:%s", claimed, dump(r))
			}
		})
	}
}

// Over-achievement is flagged (I09) but, without deduct, keeps the full score.
func TestOverAchievementFlag(t *testing.T) {
	r := rescore(mof2020(t), func(f *Form) { f.Indicators[iQty].Actual.Text = "5250条" })
	wantExactP(t, "recomputed", r.Indicators[iQty].Recomputed, "20")
	if !hasCode(r, "I09") || hasCode(r, "I05") {
		t.Fatalf("want I09 and no I05; findings:%s", dump(r))
	}
}

// rules.md §2: an empty target leaves no score to recompute: kind unscorable, claimed kept; I01
// says why, and the row is not judged as a qualitative one (no I08, no I11).
func TestEmptyTargetIsUnscorable(t *testing.T) {
	r := rescore(mof2020(t), func(f *Form) { setIndicator(f, iQty, "", "3500条", "18") })
	ir := r.Indicators[iQty]
	wantExactP(t, "recomputed", ir.Recomputed, "18")
	if !hasCode(r, "I01") {
		t.Fatalf("want I01; findings:%s", dump(r))
	}
	if ir.Kind != KindUnscorable || hasCode(r, "I08") || hasCode(r, "I11") {
		t.Fatalf("an empty target gave kind %s (want unscorable) or I08/I11:%s", ir.Kind, dump(r))
	}
}

// values.md: a date target with a date actual is compared as ≤, so a missed deadline is scored
// w × A / B and cannot keep full points (deadlineDays says a month late loses about a twelfth).
func TestMissedDeadlineLosesPoints(t *testing.T) {
	r := rescore(mof2020(t), func(f *Form) {
		setIndicator(f, iTime, "2021年6月30日前", "2021年7月31日完成", "15")
	})
	ir := r.Indicators[iTime]
	if ir.Kind != KindQuantitative {
		t.Fatalf("kind %s, want quantitative; findings:%s", ir.Kind, dump(r))
	}
	if ir.Recomputed == nil {
		t.Fatalf("no recomputed score")
	}
	if !ir.Recomputed.LessThan(exact("15")) || !hasCode(r, "I05") {
		t.Fatalf("a deadline missed by a month scores %s of 15, and I05 must fire:%s", ir.Recomputed, dump(r))
	}
}

// §3 Qualitative indicators: the 效益 row (30 points unless said) with the given actual.
func TestQualitativeScore(t *testing.T) {
	edges8050 := func(p *Profile) { p.Indicators.PartialMin = exact("0.5") }
	tests := []struct {
		name    string
		actual  string
		points  string // "" is 30
		claimed string
		prof    func(*Profile)
		score   string
	}{
		{"达成 full", "达成预期指标", "", "30", nil, "30"},
		{"达成 at 0.8w", "达成", "", "24", nil, "24"},
		{"达成 below its range", "达成", "", "20", nil, "24"},
		{"部分达成 above its range: 0.8w − 0.01", "部分达成", "", "30", nil, "23.99"},
		{"部分达成 at 0.8w is above it", "部分达成", "", "24", nil, "23.99"},
		{"部分达成 in range", "部分达成", "", "20", nil, "20"},
		{"部分达成 at 0.6w", "部分达成", "", "18", nil, "18"},
		{"部分达成 below its range", "部分达成", "", "10", nil, "18"},
		{"较好 is 部分达成", "较好", "", "30", nil, "23.99"},
		{"未达成 above its range", "未达成", "", "30", nil, "17.99"},
		{"negation is 未达成", "未按计划完成", "", "30", nil, "17.99"},
		{"未达成 zero", "未达成", "", "0", nil, "0"},
		{"w = 7, 部分达成 full", "部分达成", "7", "7", nil, "5.59"},
		{"w = 7, 达成 low", "达成", "7", "5", nil, "5.6"},
		{"w = 7, 未达成 at 0.6w", "未达成", "7", "4.2", nil, "4.19"},
		{"80/50 edges, 部分达成 low", "部分达成", "", "10", edges8050, "15"},
		{"80/50 edges, 未达成 high", "未达成", "", "20", edges8050, "14.99"},
		{"unrecognised keeps claimed", "见附件", "", "25", nil, "25"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mof2020(t)
			if tc.prof != nil {
				tc.prof(p)
			}
			r := rescore(p, func(f *Form) {
				setIndicator(f, iBen, "显著提升", tc.actual, tc.claimed)
				if tc.points != "" {
					f.Indicators[iBen].Points.Text = tc.points
				}
			})
			ir := r.Indicators[iBen]
			if ir.Kind != KindQualitative {
				t.Fatalf("kind %s, want qualitative", ir.Kind)
			}
			wantExactP(t, "recomputed", ir.Recomputed, tc.score)
			wantExactP(t, "claimed", ir.Claimed, tc.claimed)
			if moved := !exact(tc.score).Equal(exact(tc.claimed)); moved != hasCode(r, "I07") {
				t.Errorf("I07 present %v, want %v; findings:%s", !moved, moved, dump(r))
			}
		})
	}
}

// §4 Not applicable, §5 totals.
func TestTotals(t *testing.T) {
	noRenormalise := func(p *Profile) { p.Indicators.RenormalizeNotApplicable = false }
	tests := []struct {
		name  string
		mut   func(*Form)
		prof  func(*Profile)
		total string
		grade string
	}{
		{"clean", func(f *Form) {}, nil, "98.97", "优"},
		{"rounded scores summed exactly", func(f *Form) {
			setIndicator(f, iQty, "≥3500条", "3000条", "17.14") // 17.142857… → 17.14
			setIndicator(f, iQual, "100%", "95.5%", "14.33")  // 14.325 → 14.33 (half-up)
		}, nil, "95.44", "优"},
		{"one row not applicable: ×100/85", markNA, nil, "98.79", "优"},
		{"two rows not applicable: ×100/70", func(f *Form) {
			markNA(f)
			setIndicator(f, iQual, "100%", "不涉及", "")
		}, nil, "98.53", "优"},
		{"not applicable, renormalisation off", markNA, noRenormalise, "83.97", "良"},
		{"points add to 110: not capped", func(f *Form) {
			f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = "110", "110"
			f.Indicators[iSatis].Points.Text, f.Indicators[iSatis].Score.Text = "20", "20"
		}, nil, "110", "优"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mof2020(t)
			if tc.prof != nil {
				tc.prof(p)
			}
			r := rescore(p, tc.mut)
			wantExactP(t, "total", r.RecomputedTotal, tc.total)
			if r.RecomputedGrade != tc.grade {
				t.Errorf("grade %s, want %s", r.RecomputedGrade, tc.grade)
			}
		})
	}
}

func TestNotApplicableRow(t *testing.T) {
	r := rescore(mof2020(t), markNA)
	ir := r.Indicators[iTime]
	if ir.Kind != KindNotApplicable || ir.Recomputed != nil {
		t.Fatalf("kind %s recomputed %v, want not_applicable and nil", ir.Kind, ir.Recomputed)
	}
	wantExactP(t, "points", ir.Points, "15")
}

// Grade edges: every row's actual is unreadable, so each claimed score is kept and the total is
// 10 (execution at 100%) plus the scores written.
func TestGradeEdges(t *testing.T) {
	tests := []struct {
		scores [5]string
		total  string
		grade  string
	}{
		{[5]string{"20", "15", "15", "20", "10"}, "90", "优"},
		{[5]string{"20", "15", "15", "19.99", "10"}, "89.99", "良"},
		{[5]string{"20", "15", "15", "10", "10"}, "80", "良"},
		{[5]string{"20", "15", "15", "9.99", "10"}, "79.99", "中"},
		{[5]string{"20", "15", "15", "0", "0"}, "60", "中"},
		{[5]string{"19.99", "15", "15", "0", "0"}, "59.99", "差"},
	}
	for _, tc := range tests {
		t.Run(tc.total, func(t *testing.T) {
			r := rescore(mof2020(t), func(f *Form) {
				f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = "110", "110"
				for i, s := range tc.scores {
					f.Indicators[i].Actual.Text, f.Indicators[i].Score.Text = "见附件", s
				}
			})
			wantExactP(t, "total", r.RecomputedTotal, tc.total)
			if r.RecomputedGrade != tc.grade {
				t.Errorf("grade %s, want %s", r.RecomputedGrade, tc.grade)
			}
		})
	}
}

// values.md: a block labelled （元） is in 元; amounts are compared and reported in 万元.
func TestFundsInYuan(t *testing.T) {
	r := rescore(mof2020(t), func(f *Form) {
		f.Funds.Yuan = true
		f.Funds.Total.Initial.Text, f.Funds.Parts[0].Initial.Text = "1,100,000", "1,100,000"
		f.Funds.Total.Budget.Text, f.Funds.Parts[0].Budget.Text = "1,100,000", "1,100,000"
		f.Funds.Total.Executed.Text, f.Funds.Parts[0].Executed.Text = "986,900", "986900"
	})
	wantExactP(t, "budget", r.Budget, "110")
	wantExactP(t, "executed", r.Executed, "98.69")
	wantExact(t, "execution", r.Execution.Recomputed, "8.97")
	if hasCode(r, "F01") || hasCode(r, "F06") {
		t.Errorf("unexpected funds findings:%s", dump(r))
	}
}
