package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// A summary that fails leaves the outputs of the previous run as they were, though the decisions
// workbook and results.json of this one were written beside it, and no staged file.
func TestFailedSummaryPlacesNothing(t *testing.T) {
	st, _ := fakeSteps()
	tmp := t.TempDir()
	inbox, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	writeTree(t, inbox, map[string]string{"a.xlsx": "部门|单位|项目|2022"})
	writeTree(t, out, map[string]string{DecisionsName: "old", ResultsName: "old"})
	st.writeSummary = func(string, *excelio.Summary) error { return errors.New("summary refused") }
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Config{steps: st, Inbox: inbox, Out: out, Profile: profile}); err == nil {
		t.Fatal("the run succeeded")
	}
	for _, name := range []string{DecisionsName, ResultsName} {
		if got, _ := os.ReadFile(filepath.Join(out, name)); string(got) != "old" {
			t.Errorf("%s was replaced", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, SummaryName)); err == nil {
		t.Errorf("%s was written", SummaryName)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*"+fsx.TempSuffix)); len(left) > 0 {
		t.Errorf("the failed run left %v", left)
	}
}
