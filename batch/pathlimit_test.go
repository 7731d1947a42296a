package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jxzp/jxzp/scoring"
)

// TestNamerWithinExcelLimit: under a deep output folder, names are cut so the full path stays
// within Excel's 218 characters, the unit folder only when the name alone cannot make room, and
// inputs whose names differ only past the cut still get different copies.
func TestNamerWithinExcelLimit(t *testing.T) {
	long := strings.Repeat("很长的文件名", 15) // 90 characters
	unit := strings.Repeat("某某市某某局下属单位", 4)
	for _, outRunes := range []int{20, 120, 160, 200} {
		out := "/" + strings.Repeat("深", outRunes-1)
		nm := newNamerWithin(out)
		a := nm.next("甲/"+long+"一.xlsx", unit)
		b := nm.next("乙/"+long+"二.xlsx", unit)
		if a == b {
			t.Fatalf("out of %d: both inputs named %s", outRunes, a)
		}
		for _, p := range []string{a, b} {
			full := utf8.RuneCountInString(out) + 1 + utf8.RuneCountInString(p)
			if outRunes <= 160 && full > maxExcelPath {
				t.Errorf("out of %d: %s makes a path of %d characters", outRunes, p, full)
			}
			if !strings.HasPrefix(p, ReviewDir+"/某某市某某") || !strings.HasSuffix(p, ".xlsx") || !strings.Contains(p, "（审核）") {
				t.Errorf("out of %d: %s lost its folder, mark or extension", outRunes, p)
			}
		}
	}
	// A short output folder keeps the full names.
	nm := newNamerWithin("/短")
	if got := nm.next("甲/"+long[:60]+".xlsx", "单位"); got != ReviewDir+"/单位/"+long[:60]+"（审核）.xlsx" {
		t.Errorf("short out: %s", got)
	}
}

// TestRunDeepChineseInbox runs batches on inboxes nested under Chinese folder names with spaces:
// one as deep as Excel allows, whose copies must all be within its limit, and one past Windows'
// old 260-character limit, which must still be read and written (Go adds \\?\ on Windows).
func TestRunDeepChineseInbox(t *testing.T) {
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	for _, depth := range []int{150, 280} {
		inbox := t.TempDir()
		for i := 0; utf8.RuneCountInString(inbox) < depth; i++ {
			inbox = filepath.Join(inbox, "第"+strings.Repeat("二", i%3)+"层 财务 文件夹")
		}
		copyTree(t, filepath.Join("testdata", "inbox"), inbox)
		rep, err := Run(context.Background(), Config{Inbox: inbox, Out: inbox + "-审核结果", Profile: profile, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Outputs) == 0 {
			t.Fatal("no annotated copies")
		}
		for _, p := range rep.Outputs {
			if n := utf8.RuneCountInString(p); depth < 200 && n > maxExcelPath {
				t.Errorf("%d characters: %s", n, p)
			}
			if _, err := os.Stat(p); err != nil {
				t.Error(err)
			}
		}
	}
}
