package batch

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden from this run")

// runSamples scores the bundled samples/ into a temporary folder.
func runSamples(t *testing.T) *Report {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{
		Inbox: filepath.Join("..", "samples"), Out: t.TempDir(),
		Profile: p, ProfileName: scoring.DefaultProfileName(), Progress: NoProgress{},
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestSamplesGolden compares results.json and a text dump of every output workbook of the
// bundled samples with the reviewed golden copies; `go test ./batch -run SamplesGolden -update`
// rewrites them, and git diff shows what changed.
func TestSamplesGolden(t *testing.T) {
	rep := runSamples(t)
	golden := filepath.Join("testdata", "golden", "samples-results.json")
	got := jsonOf(t, rep)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("results.json of samples/ differs from %s; run with -update and review the diff", golden)
	}
	checkWorkbookGolden(t, rep.Out)
}

// TestSeedCase holds the product to the 三门峡 2021 case of seed-case.md, number by number.
func TestSeedCase(t *testing.T) {
	rep := runSamples(t)
	var form *FormEntry
	doc := docOf(t, rep)
	for i := range doc.Files {
		f := &doc.Files[i]
		if strings.Contains(f.Path, "网络宣传管理和文化建设经费") && len(f.Forms) == 1 {
			form = &f.Forms[0]
		}
	}
	if form == nil {
		t.Fatal("the seed sample was not read")
	}
	check := func(what string, got *string, want string) {
		t.Helper()
		if got == nil || *got != want {
			t.Errorf("%s = %v, want %s", what, deref(got), want)
		}
	}
	check("execution", &form.Execution.Recomputed, "8.97")
	check("total", form.Total.Recomputed, "88.97")
	check("grade", form.Grade.Recomputed, "良")
	check("rate", form.Funds.Rate, "0.8972")
	if form.Status != scoring.StatusRevise {
		t.Errorf("status %s, want %s", form.Status, scoring.StatusRevise)
	}
	var got []string
	for _, f := range form.Findings {
		got = append(got, f.Code+"@"+deref(f.Cell))
	}
	sort.Strings(got)
	want := []string{"F04@I6", "I12@F17", "T01@H24", "T03@H24", "W01@G24", "W02@B13", "W02@B18"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings %v, want %v", got, want)
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
