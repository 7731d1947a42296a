package scoring

import (
	"strings"
	"testing"
)

// Hand-computed cases of [total_caps] on the clean form (budget 110, every indicator full, 90
// points): the execution score is 10 × rate, the total 90 + that, capped by the rate's step.
func TestTotalCaps(t *testing.T) {
	tests := []struct {
		name, executed, rate, score, total string
		want, grade                        string
		capped                             bool
	}{
		{"exactly 70%: the 70–80% step", "77", "70%", "7", "97", "89", "良", true},
		{"69.99%: the 60–70% step", "76.989", "69.99%", "7", "97", "79", "中", true},
		{"exactly 80%: no cap", "88", "80%", "8", "98", "98", "优", false},
		{"55%: the 50–60% step", "60.5", "55%", "5.5", "95.5", "69", "中", true},
		{"45%: the lowest step", "49.5", "45%", "4.5", "94.5", "59", "差", true},
		{"89.72%: the seed's rate", "98.69", "89.72%", "8.97", "98.97", "98.97", "优", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cleanForm()
			setExecuted(f, tt.executed, tt.rate, tt.score, tt.total)
			p := mof2020(t)
			p.TotalCaps.Enabled = true
			r := Evaluate(f, p, Options{Year: 2021})
			sameDecimal(t, "recomputed total", *r.RecomputedTotal, tt.want)
			if r.RecomputedGrade != tt.grade {
				t.Errorf("grade %s, want %s", r.RecomputedGrade, tt.grade)
			}
			if hasCode(r, "T05") != tt.capped {
				t.Errorf("T05 fired = %v, want %v;%s", !tt.capped, tt.capped, dump(r))
			}
			if tt.capped && !hasCode(r, "T03") {
				t.Errorf("a capped total differs from the claimed one: T03 expected;%s", dump(r))
			}
		})
	}
}

// A total already under its cap loses nothing, and mof2020 applies no cap at all.
func TestTotalCapsOnlyTakeTheExcess(t *testing.T) {
	f := cleanForm()
	setExecuted(f, "77", "70%", "7", "87")
	setIndicator(f, iQty, "≥3500条", "1750条", "10") // 20 × 1750 / 3500
	f.Indicators[iQty].Reason.Text = "年中任务调整"
	p := mof2020(t)
	p.TotalCaps.Enabled = true
	r := Evaluate(f, p, Options{Year: 2021})
	sameDecimal(t, "total under its cap", *r.RecomputedTotal, "87")
	if hasCode(r, "T05") {
		t.Errorf("T05 on a total under its cap;%s", dump(r))
	}
	f = cleanForm()
	setExecuted(f, "77", "70%", "7", "97")
	r = Evaluate(f, mof2020(t), Options{Year: 2021})
	sameDecimal(t, "mof2020 total", *r.RecomputedTotal, "97")
}

// Hand-computed cases of [deviation] on the clean form's 20-point row ≥3500条.
func TestDeviation(t *testing.T) {
	tests := []struct {
		name, actual, row, total string
		deduct                   bool
		prof                     func(*Profile)
	}{
		{"1.3 A exactly: 20 − 2", "4550条", "18", "96.97", false, nil},
		{"just below 1.3 A", "4549条", "20", "98.97", false, nil},
		{"2 A", "7000条", "18", "96.97", false, nil},
		// over_achievement_deduct first: 20 × (1 − (1.3 − 1.2)) = 18, then − 2.
		{"with over-achievement deduction", "4550条", "16", "94.97", true, nil},
		// A deduction larger than the row leaves 0, not a negative score.
		{"deduct more than the points", "4550条", "0", "78.97", false, func(p *Profile) { p.Deviation.Deduct = exact("25") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cleanForm()
			f.Indicators[iQty].Actual.Text, f.Indicators[iQty].Reason.Text = tt.actual, "年中追加专项监测任务"
			p := mof2020(t)
			p.Deviation.Enabled = true
			p.Indicators.OverAchievementDeduct = tt.deduct
			if tt.prof != nil {
				tt.prof(p)
			}
			r := Evaluate(f, p, Options{Year: 2021})
			sameDecimal(t, "row", *r.Indicators[iQty].Recomputed, tt.row)
			sameDecimal(t, "total", *r.RecomputedTotal, tt.total)
			if (tt.row != "20") != hasCode(r, "I16") {
				t.Errorf("I16 presence wrong;%s", dump(r))
			}
		})
	}
}

// A reverse row above its target is a miss scored by ratio, not a deviation.
func TestDeviationSparesReverseRows(t *testing.T) {
	f := cleanForm()
	setIndicator(f, iQty, "≤100万元", "150万元", "13.33")
	f.Indicators[iQty].Reason.Text = "材料涨价"
	p := mof2020(t)
	p.Deviation.Enabled = true
	r := Evaluate(f, p, Options{Year: 2021})
	if hasCode(r, "I16") {
		t.Errorf("I16 on a reverse row;%s", dump(r))
	}
}

func TestCapsAndDeviationValidate(t *testing.T) {
	p := mof2020(t)
	p.TotalCaps.Caps[1].Below = exact("0.9")
	p.TotalCaps.Caps[2].Max = exact("120")
	p.Deviation.Above = exact("-0.1")
	err := p.Validate()
	for _, want := range []string{"total_caps.caps[2].below", "total_caps.caps[3].max", "deviation.above"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want a problem at %s", err, want)
		}
	}
	q := mof2020(t)
	q.TotalCaps.Enabled, q.TotalCaps.Caps = true, nil
	if err := q.Validate(); err == nil || !strings.Contains(err.Error(), "total_caps.caps") {
		t.Errorf("enabled caps with no step: %v", err)
	}
	if got := mof2020(t).TotalCaps.Describe(); got != "不适用" {
		t.Errorf("mof2020 caps describe as %q", got)
	}
}
