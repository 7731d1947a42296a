package templates

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// profile loads a built-in profile.
func profile(t *testing.T, name string) *scoring.Profile {
	t.Helper()
	p, err := scoring.LoadProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// score reads the workbook at path and scores its forms under p, as `jxzp score` does.
func score(t *testing.T, path string, p *scoring.Profile) []*scoring.Result {
	t.Helper()
	wb, err := excelio.ReadForms(path, excelio.ReadOptions{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []*scoring.Result
	for _, f := range wb.Forms {
		out = append(out, scoring.Evaluate(f, p, scoring.Options{}))
	}
	return out
}

// codes lists the findings' codes and messages, for failure messages.
func codes(r *scoring.Result) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.Code + " " + f.Severity.String() + " " + f.Message + "\n")
	}
	return b.String()
}

// TestEmbeddedUpToDate holds the embedded templates to what the generator writes now.
func TestEmbeddedUpToDate(t *testing.T) {
	for _, name := range scoring.ProfileNames() {
		want, err := Build(profile(t, name), 0)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := Embedded(name)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: the embedded template differs from what Build writes now; run go generate ./templates", name)
		}
	}
}

// TestBuildIsStable guards the embedding: equal inputs must give equal bytes.
func TestBuildIsStable(t *testing.T) {
	p := profile(t, "mof2020")
	a, _ := Build(p, 2024)
	b, _ := Build(p, 2024)
	if !bytes.Equal(a, b) {
		t.Fatal("two builds of one template differ")
	}
}

// TestTemplatesRoundTrip reads each profile's template blank, filled with a clean form, and
// (for mof2020) filled with the seed case, as `jxzp score` reads them.
func TestTemplatesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, name := range scoring.ProfileNames() {
		t.Run(name, func(t *testing.T) {
			p := profile(t, name)
			l := LayoutOf(p)
			data, _ := Embedded(name)
			blank := filepath.Join(dir, name+"-blank.xlsx")
			fill(t, data, l, filling{}, blank)
			rs := score(t, blank, p)
			if len(rs) != 1 {
				t.Fatalf("blank template: %d forms, want 1", len(rs))
			}
			for _, f := range rs[0].Findings {
				if f.Code == "S01" {
					t.Errorf("blank template: %s %s", f.Code, f.Message)
				}
			}
			clean := filepath.Join(dir, name+"-clean.xlsx")
			fill(t, data, l, cleanFilling(p), clean)
			rs = score(t, clean, p)
			if len(rs) != 1 {
				t.Fatalf("filled template: %d forms, want 1", len(rs))
			}
			r := rs[0]
			for _, f := range r.Findings {
				if strings.HasPrefix(f.Code, "S") || f.Severity == scoring.Error {
					t.Errorf("filled template: %s %s %s", f.Code, f.Severity, f.Message)
				}
			}
			if r.Status != scoring.StatusPass || r.RecomputedTotal == nil || r.RecomputedTotal.String() != "100" || r.RecomputedGrade != "优" {
				t.Errorf("filled template: %s, total %v %s, want 通过 100 优\n%s", r.Status, r.RecomputedTotal, r.RecomputedGrade, codes(r))
			}
		})
	}
}

// TestSeedCase fills the national template with the seed case: 8.97 / 88.97 / 良.
func TestSeedCase(t *testing.T) {
	p := profile(t, "mof2020")
	data, _ := Embedded("mof2020")
	dst := filepath.Join(t.TempDir(), "seed.xlsx")
	fill(t, data, LayoutOf(p), seedFilling(), dst)
	rs := score(t, dst, p)
	if len(rs) != 1 {
		t.Fatalf("%d forms, want 1", len(rs))
	}
	r := rs[0]
	if got := r.Execution.Recomputed.String(); got != "8.97" {
		t.Errorf("execution score %s, want 8.97", got)
	}
	if r.RecomputedTotal == nil || r.RecomputedTotal.String() != "88.97" || r.RecomputedGrade != "良" {
		t.Errorf("total %v %s, want 88.97 良\n%s", r.RecomputedTotal, r.RecomputedGrade, codes(r))
	}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Code, "S") {
			t.Errorf("structural finding %s %s", f.Code, f.Message)
		}
	}
	t.Log(codes(r))
}

// TestProtectionAndDropDowns checks the sheet is protected without a password, labels locked,
// answers unlocked, and the drop-downs show their arrow and refuse unknown labels.
func TestProtectionAndDropDowns(t *testing.T) {
	for _, name := range []string{"mof2020", "yunnan"} {
		p := profile(t, name)
		l := LayoutOf(p)
		c := CellsOf(l)
		data, _ := Embedded(name)
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		locked := func(cell string) bool {
			id, err := f.GetCellStyle(FormSheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			return st.Protection == nil || st.Protection.Locked
		}
		for _, cell := range []string{"A3", "A4", c.Rate, c.ExecScore, c.TotalScore, c.Grade} {
			if !locked(cell) {
				t.Errorf("%s: %s should be locked", name, cell)
			}
		}
		for _, cell := range []string{c.Project, c.Budget, c.Executed, c.GoalTarget, Cell(c.Name, c.FirstRow), Cell(c.Actual, c.LastRow), Cell(c.Score, c.FirstRow)} {
			if locked(cell) {
				t.Errorf("%s: %s should be unlocked", name, cell)
			}
		}
		dvs, err := f.GetDataValidations(FormSheet)
		if err != nil {
			t.Fatal(err)
		}
		lists := 0
		for _, dv := range dvs {
			if dv.Type == "list" {
				lists++
				if dv.ShowDropDown {
					t.Errorf("%s: %s hides its drop-down arrow", name, dv.Sqref)
				}
			}
			if strings.HasPrefix(dv.Sqref, c.Level2) && (dv.ErrorStyle == nil || !dv.ShowErrorMessage) {
				t.Errorf("%s: the 二级指标 list accepts anything", name)
			}
		}
		if lists != 3 {
			t.Errorf("%s: %d drop-down lists, want 3 (一级, 二级, 实际完成值)", name, lists)
		}
		f.Close()
	}
}
