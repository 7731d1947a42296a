package batch

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/scoring"
)

// runInbox runs the whole pipeline on inbox into out under the default profile, quietly.
func runInbox(t *testing.T, inbox, out string) (*Report, error) {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	return Run(context.Background(), Config{
		Inbox: inbox, Out: out, Profile: p, ProfileName: scoring.DefaultProfileName(), Progress: NoProgress{},
	})
}

// TestStrictOutputs holds every workbook a run writes to readers stricter than excelize
// (openpyxl, LibreOffice): on the bundled samples and on the public corpus's forms; the
// regression inbox of issue 7 is held to them in TestBadBatchStillSummarises, beside the
// samples, which costs one LibreOffice run instead of two. A failed Run is reported, not fatal, so that the outputs it did
// write are still checked. The inboxes run side by side: most of the time is LibreOffice's, one
// process per inbox, each with a profile of its own.
func TestStrictOutputs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		inbox func(t *testing.T) string
	}{
		{"samples", func(*testing.T) string { return filepath.Join("..", "samples") }},
		{"fixtures", func(*testing.T) string { return filepath.Join("testdata", "fixtures") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			inbox := c.inbox(t)
			out := t.TempDir()
			if _, err := runInbox(t, inbox, out); err != nil {
				t.Errorf("Run: %v", err)
			}
			strictcheck.Check(t, out, inbox)
		})
	}
}

// resultsFile is the part of results.json this test reads, decoded loosely (output_error is
// being added to FileEntry) so that it compiles before and after that change.
type resultsFile struct {
	Path        string `json:"path"`
	Status      string `json:"status"`
	Code        string `json:"code"`
	Reason      string `json:"reason"`
	Output      string `json:"output"`
	OutputError string `json:"output_error"`
	Forms       []struct {
		Findings []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"findings"`
	} `json:"forms"`
}

// englishRun is four words of Latin letters in a row: an error of a library passed on to finance
// staff as it came, where they need Chinese.
var englishRun = regexp.MustCompile(`[A-Za-z]+(?:[ ,:]+[A-Za-z]+){3}`)

// TestBadBatchStillSummarises runs one inbox holding every case of issue 7 beside the bundled
// samples. Each is a valid form: the batch must score them all, write the summary and
// results.json, give every file its annotated copy, and every output must pass the strict
// readers. One awkward form must never cost the others their copy or the batch its summary.
func TestBadBatchStillSummarises(t *testing.T) {
	t.Parallel()
	inbox := filepath.Join(t.TempDir(), "收件箱")
	const casesDir, samplesDir = "问题样本", "样例"
	want := map[string]string{} // path → what the file is
	for _, c := range writeStrictCases(t, filepath.Join(inbox, casesDir)) {
		want[casesDir+"/"+c.path] = c.what
	}
	samples, err := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples (%v)", err)
	}
	if err := os.MkdirAll(filepath.Join(inbox, samplesDir), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		copyFile(t, s, filepath.Join(inbox, samplesDir, filepath.Base(s)))
		want[samplesDir+"/"+filepath.Base(s)] = "a bundled sample"
	}

	out := filepath.Join(t.TempDir(), "审核结果")
	if _, err := runInbox(t, inbox, out); err != nil {
		t.Errorf("Run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, SummaryName)); err != nil {
		t.Errorf("no summary: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(out, ResultsName))
	if err != nil {
		t.Errorf("no results.json: %v", err)
	} else {
		var doc struct {
			Files []resultsFile `json:"files"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("results.json: %v", err)
		}
		checkEveryFileCopied(t, out, doc.Files, want)
	}
	strictcheck.Check(t, out, inbox)
}

// checkEveryFileCopied holds results.json to the batch of TestBadBatchStillSummarises: exactly
// the files of want, each ok with one form and an annotated copy on disk, messages in Chinese,
// and each repeat of the one project flagged B01.
func checkEveryFileCopied(t *testing.T, out string, files []resultsFile, want map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.Path] = true
		what, ok := want[f.Path]
		if !ok {
			t.Errorf("%s: listed in results.json but not put in the inbox", f.Path)
			continue
		}
		if f.Status != StatusOK {
			t.Errorf("%s (%s): status %s %s %q, want ok: it is a valid form", f.Path, what, f.Status, f.Code, f.Reason)
		}
		if len(f.Forms) != 1 {
			t.Errorf("%s (%s): %d forms, want 1", f.Path, what, len(f.Forms))
		}
		// Every ok file should have its copy; output_error is the fallback the spec allows,
		// shown here so that a copy refused is seen with its reason.
		if f.Output == "" {
			t.Errorf("%s (%s): no annotated copy (output_error %q)", f.Path, what, f.OutputError)
		} else if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f.Output))); err != nil {
			t.Errorf("%s: the annotated copy %s is missing: %v", f.Path, f.Output, err)
		}
		for _, text := range []string{f.Reason, f.OutputError} {
			if m := englishRun.FindString(text); m != "" {
				t.Errorf("%s: message for finance staff in English (%q): %s", f.Path, m, text)
			}
		}
		if strings.Contains(f.Path, "/重复报送/") {
			b01 := 0
			for _, fm := range f.Forms {
				for _, x := range fm.Findings {
					if x.Code == "B01" {
						b01++
					}
				}
			}
			if b01 != 1 {
				t.Errorf("%s: %d B01 findings, want 1 (the project is sent %d times)", f.Path, b01, caseRepeats)
			}
		}
	}
	var missing []string
	for p := range want {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	for _, p := range missing {
		t.Errorf("%s: not in results.json", p)
	}
}
