package batch

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// A form whose summary record cannot be read back when the summary is written fails the run,
// without a summary that would show the form empty and without results.json.
func TestSummaryRecordUnreadable(t *testing.T) {
	tests := []struct {
		name   string
		damage func(spool string) error
	}{
		{"truncated", func(p string) error { return os.Truncate(p, 0) }},
		{"overwritten", func(p string) error { return os.WriteFile(p, make([]byte, 1<<16), 0o644) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := fakeSteps()
			tmp := t.TempDir()
			inbox, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
			writeTree(t, inbox, map[string]string{"a.xlsx": "部门|单位|项目|2022", "b.xlsx": "部门|单位|项目二|2022"})
			st.writeSummary = func(dst string, s *excelio.Summary) error {
				spools, _ := filepath.Glob(filepath.Join(out, ".jxzp-spool-*"+fsx.TempSuffix))
				if len(spools) != 1 {
					t.Fatalf("spool files %v", spools)
				}
				if err := tc.damage(spools[0]); err != nil {
					t.Fatal(err)
				}
				for i := range s.Forms {
					s.Load(i)
				}
				return fsx.WriteFile(dst, []byte(s.Title))
			}
			profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), Config{steps: st, Inbox: inbox, Out: out, Profile: profile}); err == nil {
				t.Fatal("the run succeeded")
			}
			for _, name := range []string{SummaryName, DecisionsName, ResultsName} {
				if _, err := os.Stat(filepath.Join(out, name)); err == nil {
					t.Errorf("%s was written", name)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(out, "*"+fsx.TempSuffix)); len(left) > 0 {
				t.Errorf("the failed run left %v", left)
			}
		})
	}
}
