package batch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
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

// A spool that cannot be written (a full disk) stops pass 1 at once with a message naming the
// output folder, rather than every later file keeping its results in memory until the summary
// fails for the same disk; the stopped run leaves neither outputs nor temporary files.
func TestSpoolUnwritableStopsTheRun(t *testing.T) {
	for _, workers := range []int{1, 2} {
		t.Run(strconv.Itoa(workers)+" workers", func(t *testing.T) {
			st, _ := fakeSteps()
			var reads atomic.Int64
			read := st.readForms
			st.readForms = func(p string, o excelio.ReadOptions) (*excelio.Workbook, error) {
				reads.Add(1)
				return read(p, o)
			}
			// A closed file: every write to it fails, as on a full disk.
			st.createSpool = func(dir, pattern string) (*os.File, error) {
				f, err := os.CreateTemp(dir, pattern)
				if err == nil {
					err = f.Close()
				}
				return f, err
			}
			tmp := t.TempDir()
			inbox, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
			files := map[string]string{}
			for i := range 40 {
				files[fmt.Sprintf("%02d.xlsx", i)] = fmt.Sprintf("部门|单位|项目%d|2022", i)
			}
			writeTree(t, inbox, files)
			profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
			if err != nil {
				t.Fatal(err)
			}
			_, err = Run(context.Background(), Config{steps: st, Inbox: inbox, Out: out, Profile: profile, Workers: workers})
			if err == nil || !strings.Contains(err.Error(), out) || !strings.Contains(err.Error(), "审核已停止") {
				t.Fatalf("error %v, want one naming %s and saying the review stopped", err, out)
			}
			if n := reads.Load(); n > int64(2*workers) {
				t.Errorf("%d of 40 files read after the spool failed on the first", n)
			}
			for _, name := range []string{SummaryName, DecisionsName, ResultsName} {
				if _, err := os.Stat(filepath.Join(out, name)); err == nil {
					t.Errorf("%s was written", name)
				}
			}
			for p := range outputFiles(t, out) {
				if fsx.IsTempOutput(filepath.Base(p)) {
					t.Errorf("the stopped run left %s", p)
				}
			}
		})
	}
}
