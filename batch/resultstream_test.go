package batch

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// TestStreamedResultsMatchEncode holds the streamed results.json to the bytes Encode gives for
// the whole document, whatever order pass 3 finishes its files in, and for an empty inbox.
func TestStreamedResultsMatchEncode(t *testing.T) {
	total := decimal.RequireFromString("88.5")
	form := func(sheet string) *scoring.Result {
		return &scoring.Result{
			Form:         &scoring.Form{Sheet: sheet, Range: "A1:I20", Year: 2023, Project: scoring.Cell{Text: "项目<甲>"}},
			ClaimedTotal: &total, Status: scoring.StatusRevise,
			Indicators: []scoring.IndicatorResult{{Level1: "产出指标", Kind: "quantitative", Indicator: &scoring.Indicator{Row: 9}}},
			Findings:   []scoring.Finding{{Code: "T03", Severity: scoring.Error, Ref: scoring.Ref{Sheet: sheet, Cell: "H20"}, Message: "总分 ≥ 90 & <100"}},
		}
	}
	mk := func() ([]*fileState, []*fileState) {
		states := []*fileState{
			{entry: entry{rel: "a.xlsx"}, st: stOK, unit: "甲", copyN: 1,
				transit: &transit{sha: testDigest("aa"), sheets: []string{"表1", "表2"}, results: []*scoring.Result{form("表2"), form("表1")}}, fileRare: noRare},
			{entry: entry{rel: "b.xlsx"}, transit: &transit{sha: testDigest("bb")}, st: stFailed, fileRare: &fileRare{code: "B03", reason: "无法读取"}},
			{entry: entry{rel: "c.xlsx"}, st: stOK, transit: &transit{sha: testDigest("cc"), results: []*scoring.Result{form("S")}}, fileRare: &fileRare{outputErr: "磁盘空间不足"}},
			{entry: entry{rel: "~$d.xlsx"}, transit: &transit{}, st: stSkipped, fileRare: &fileRare{code: "B05", reason: "锁定文件"}},
			{entry: entry{rel: "e.xlsx"}, st: stOK, copyN: 2, transit: &transit{sha: testDigest("ee"), results: []*scoring.Result{form("S")}}, fileRare: noRare},
		}
		return states, []*fileState{states[0], states[2], states[4]}
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
		states, toWrite := mk()
		want, err := Encode(buildDocument("mof2020", states))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(t.TempDir(), ResultsName)
		rw, err := newResultsWriter(dst, "mof2020", states, toWrite, nil, newNamer())
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range order {
			rw.add(toWrite[i])
		}
		if err := rw.commit(nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := rw.place(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("order %v: streamed results.json differs:\n%s\nwant\n%s", order, got, want)
		}
	}
	for _, states := range [][]*fileState{nil, {{entry: entry{rel: "x.xls"}, transit: &transit{}, st: stFailed, fileRare: &fileRare{code: "B04", reason: "旧格式"}}}} {
		want, _ := Encode(buildDocument("p", states))
		dst := filepath.Join(t.TempDir(), ResultsName)
		rw, err := newResultsWriter(dst, "p", states, nil, nil, newNamer())
		if err != nil {
			t.Fatal(err)
		}
		if err := rw.commit(nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := rw.place(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(dst); !bytes.Equal(got, want) {
			t.Errorf("streamed results.json of %d files differs:\n%s\nwant\n%s", len(states), got, want)
		}
	}
}

// TestResultsWriterAbortKeepsPrevious checks that a run stopped before results.json is placed
// (before commit, or after it when the summary failed) leaves the previous results.json and no
// temporary file.
func TestResultsWriterAbortKeepsPrevious(t *testing.T) {
	for _, committed := range []bool{false, true} {
		dir := t.TempDir()
		dst := filepath.Join(dir, ResultsName)
		if err := os.WriteFile(dst, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		rw, err := newResultsWriter(dst, "p", nil, nil, nil, newNamer())
		if err != nil {
			t.Fatal(err)
		}
		if committed {
			if err := rw.commit(nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		rw.abort()
		if got, _ := os.ReadFile(dst); string(got) != "old" {
			t.Errorf("committed %v: results.json after abort = %q", committed, got)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("committed %v: %d files left after abort, want only results.json", committed, len(entries))
		}
	}
}
