package batch

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// TestRunRemovesLeftovers: the temporary files a killed run left in the output folder, named as
// ours, are removed by the next run; nothing else is, not even a name of ours elsewhere or in an
// inbox that lies inside the output folder.
func TestRunRemovesLeftovers(t *testing.T) {
	out := t.TempDir()
	inbox := filepath.Join(out, ReviewDir, "收件箱")
	files := []struct {
		rel     string
		removed bool
	}{
		{"绩效自评汇总表.xlsx.2113.jxzp-tmp", true},
		{".results.json.4567.tmp", true}, // an earlier version's name
		{".jxzp-写入检查-789.tmp", true},
		{ReviewDir + "/甲单位/表（审核）.xlsx.1.jxzp-tmp", true},
		{ReviewDir + "/甲单位/.表（审核）.xlsx.22.tmp", true},
		{ReviewDir + "/甲单位/表（审核）.xlsx", false},
		{ReviewDir + "/甲单位/笔记.jxzp-tmp.txt", false},
		{ReviewDir + "/收件箱/单位.xlsx.3.jxzp-tmp", false}, // in the inbox: never touched
		{"说明.tmp", false},
		{".隐藏.tmp", false},
		{"备份/表.xlsx.4.jxzp-tmp", false}, // jxzp writes nothing there
	}
	for _, f := range files {
		p := filepath.Join(out, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(out, "文件夹.5.jxzp-tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: &scoring.Profile{Name: "test"}}); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(out, filepath.FromSlash(f.rel)))
		if gone := os.IsNotExist(err); gone != f.removed {
			t.Errorf("%s: removed %v, want %v (%v)", f.rel, gone, f.removed, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "文件夹.5.jxzp-tmp")); err != nil {
		t.Errorf("a folder with a temporary name was removed: %v", err)
	}
}
