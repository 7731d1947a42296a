package batch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// fakeSteps are a reader, a scorer and writers for one test's runs (Config.steps), with the
// summary the fake writer was given. A fake workbook is a text file: one line per form,
// "部门|单位|项目|年度"; or one of the words noform, panic, legacy, nocopy (a readable form whose
// copy cannot be written).
func fakeSteps() (*steps, *excelio.Summary) {
	var summary excelio.Summary
	st := &steps{}
	st.readForms = func(path string, _ excelio.ReadOptions) (*excelio.Workbook, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		text := strings.TrimSpace(string(data))
		switch text {
		case "noform":
			return &excelio.Workbook{Sheets: []string{"Sheet1", "说明"}}, nil
		case "panic":
			panic("a crafted workbook")
		case "legacy":
			return nil, &excelio.FileError{Code: "B04", Reason: "旧版 .xls 文件，请另存为 .xlsx 后重新报送"}
		case "nocopy":
			text = "部门|单位|无法写出副本|2022"
		}
		wb := &excelio.Workbook{Data: []byte(filepath.Base(path))}
		for i, line := range strings.Split(text, "\n") {
			parts := strings.Split(line, "|")
			year, _ := strconv.Atoi(parts[3])
			sheet := "项目" + strconv.Itoa(i+1)
			wb.Sheets = append(wb.Sheets, sheet)
			wb.Forms = append(wb.Forms, &scoring.Form{
				Sheet:      sheet,
				Year:       year,
				Department: scoring.Cell{Ref: scoring.Ref{Sheet: sheet, Cell: "B4"}, Text: parts[0]},
				Unit:       scoring.Cell{Ref: scoring.Ref{Sheet: sheet, Cell: "F4"}, Text: parts[1]},
				Project:    scoring.Cell{Ref: scoring.Ref{Sheet: sheet, Cell: "B3"}, Text: parts[2]},
			})
		}
		return wb, nil
	}
	st.evaluate = func(f *scoring.Form, _ *scoring.Profile, _ scoring.Options) *scoring.Result {
		total := decimal.NewFromInt(100)
		return &scoring.Result{
			Form:            f,
			Execution:       scoring.ExecutionResult{Points: decimal.NewFromInt(10), Recomputed: decimal.NewFromInt(10)},
			RecomputedTotal: &total,
			RecomputedGrade: "优",
			Status:          scoring.StatusPass,
		}
	}
	st.annotate = func(src []byte, dst string, rs []*scoring.Result) error {
		if rs[0].Form.Project.Text == "无法写出副本" {
			return &fs.PathError{Op: "write", Path: dst, Err: syscall.ENOSPC}
		}
		return fsx.WriteFile(dst, append([]byte("copy of "), src...))
	}
	st.writeSummary = func(dst string, s *excelio.Summary) error {
		summary = *s
		return fsx.WriteFile(dst, []byte(s.Title))
	}
	return st, &summary
}

func TestRunPipeline(t *testing.T) {
	st, summary := fakeSteps()
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "in")
	writeTree(t, inbox, map[string]string{
		"甲/报表.xlsx":   "219-临江市卫生健康委员会|临江市中医院|家庭医生 签约服务|2022",
		"乙/报表.xlsx":   "临江市卫生健康委员会|临江市中医院|家庭医生签约服务|2022",
		"乙/两表.xlsx":   "部门|单位|项目一|2021\n部门|单位|项目一|2021",
		"丙/报表.xlsx":   "临江市卫生健康委员会|临江市中医院|家庭医生签约服务|2021", // another year: no B01
		"丁/清单.xlsx":   "noform",
		"丁/坏表.xlsx":   "panic",
		"丁/旧表.xls":    "legacy",
		"丁/写不出.xlsx":  "nocopy",
		"丁/~$报表.xlsx": "lock",
		"丁/说明.txt":    "ignored",
	})
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	rep, err := Run(context.Background(), Config{steps: st, Inbox: inbox, Out: out, Profile: profile, ProfileName: "mof2020", Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]FileEntry{}
	for _, f := range docOf(t, rep).Files {
		files[f.Path] = f
	}
	if len(files) != 9 {
		t.Errorf("%d files listed, want 9 (说明.txt is not a workbook)", len(files))
	}
	check := func(path, status, code, reason string) {
		t.Helper()
		f := files[path]
		if f.Status != status || f.Code != code || (reason != "" && f.Reason != reason) {
			t.Errorf("%s: %s/%s %q, want %s/%s %q", path, f.Status, f.Code, f.Reason, status, code, reason)
		}
	}
	check("丁/清单.xlsx", StatusFailed, "B06", "未找到绩效自评表（已查看：Sheet1、说明）")
	check("丁/坏表.xlsx", StatusFailed, "B03", "")
	check("丁/旧表.xls", StatusFailed, "B04", "旧版 .xls 文件，请另存为 .xlsx 后重新报送")
	check("丁/写不出.xlsx", StatusOK, "", "")
	check("丁/~$报表.xlsx", StatusSkipped, "B05", "")
	check("甲/报表.xlsx", StatusOK, "", "")
	if f := files["丁/写不出.xlsx"]; len(f.Forms) != 1 || f.Output != nil || f.OutputError != "无法写出审核副本：磁盘空间不足" {
		t.Errorf("a file whose copy failed keeps its scores, output null and the reason: %d forms, output %q, output_error %q",
			len(f.Forms), deref(f.Output), f.OutputError)
	}

	// B01 on both forms of a repeated project, code prefix and spaces notwithstanding, naming the other.
	b01 := func(path string, form int) []FindingEntry {
		var out []FindingEntry
		for _, fd := range files[path].Forms[form].Findings {
			if fd.Code == "B01" {
				out = append(out, fd)
			}
		}
		return out
	}
	for path, other := range map[string]string{"甲/报表.xlsx": "乙/报表.xlsx", "乙/报表.xlsx": "甲/报表.xlsx"} {
		got := b01(path, 0)
		if len(got) != 1 {
			t.Errorf("%s: %d B01 findings, want 1", path, len(got))
			continue
		}
		if got[0].Severity != "警告" || got[0].Cell == nil || *got[0].Cell != "B3" || !strings.Contains(got[0].Message, other) {
			t.Errorf("%s: B01 %+v, want a 警告 on B3 naming %s", path, got[0], other)
		}
		if s := files[path].Forms[0].Status; s != scoring.StatusPass {
			t.Errorf("%s: a warning changed the status to %s", path, s)
		}
	}
	if got := b01("丙/报表.xlsx", 0); len(got) != 0 {
		t.Errorf("a project of another year got B01: %+v", got)
	}
	for i := 0; i < 2; i++ {
		got := b01("乙/两表.xlsx", i)
		if len(got) != 1 || !strings.Contains(got[0].Message, "本文件工作表「项目"+strconv.Itoa(2-i)+"」") {
			t.Errorf("两表 form %d: B01 %+v, want one naming the other sheet", i, got)
		}
	}

	// Copies: one per readable file, under the unit, the second 报表 of a unit suffixed.
	wantOut := map[string]string{
		"丙/报表.xlsx": "审核结果/临江市中医院/报表（审核）.xlsx",
		"乙/两表.xlsx": "审核结果/单位/两表（审核）.xlsx",
		"乙/报表.xlsx": "审核结果/临江市中医院/报表（审核）(2).xlsx",
		"甲/报表.xlsx": "审核结果/临江市中医院/报表（审核）(3).xlsx",
	}
	for path, want := range wantOut {
		if got := deref(files[path].Output); got != want {
			t.Errorf("%s: output %q, want %q", path, got, want)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(want))); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}

	counts := [...]int{rep.Files, rep.Processed, rep.Failed, rep.Skipped, rep.Duplicates, rep.Forms}
	if want := [...]int{9, 5, 3, 1, 0, 6}; counts != want {
		t.Errorf("counts (files, processed, failed, skipped, duplicates, forms) = %v, want %v", counts, want)
	}
	if summary.Title != "2022年度项目支出绩效自评审核汇总表" || summary.Skipped != 1 || len(summary.Failed) != 3 || len(summary.Forms) != 6 {
		t.Errorf("summary: title %q, skipped %d, failed %d, forms %d", summary.Title, summary.Skipped, len(summary.Failed), len(summary.Forms))
	}
}

func TestRunB01Severity(t *testing.T) {
	st, _ := fakeSteps()
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "in")
	writeTree(t, inbox, map[string]string{
		"a.xlsx": "部门|单位|项目|2022",
		"b.xlsx": "部门|单位|项目|2022\n", // other bytes, so not a duplicate
	})
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	if profile.Severity == nil {
		profile.Severity = map[string]string{}
	}
	profile.Severity["B01"] = "错误"
	rep, err := Run(context.Background(), Config{steps: st, Inbox: inbox, Out: filepath.Join(tmp, "out"), Profile: profile, Title: "自定义标题"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range docOf(t, rep).Files {
		if s := f.Forms[0].Status; s != scoring.StatusRevise {
			t.Errorf("%s: B01 raised to 错误 leaves the form %s", f.Path, s)
		}
	}
	if rep.Revise != 2 || rep.Title != "自定义标题" {
		t.Errorf("revise %d, title %q", rep.Revise, rep.Title)
	}
}

func TestRunOutputInsideInbox(t *testing.T) {
	st, _ := fakeSteps()
	tmp := t.TempDir()
	writeTree(t, tmp, map[string]string{"a.xlsx": "部门|单位|项目|2022"})
	out := filepath.Join(tmp, "结果")
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second run must not read the first run's copies
		rep, err := Run(context.Background(), Config{steps: st, Inbox: tmp, Out: out, Profile: profile})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Files != 1 {
			t.Errorf("run %d listed %d files, want 1", i+1, rep.Files)
		}
	}
}

// TestRunB01ManyRepeats: B01 names a few of the other forms of a repeated project and counts the
// rest, so a project sent a hundred times gives a message of one line, not pages in every form.
func TestRunB01ManyRepeats(t *testing.T) {
	st, _ := fakeSteps()
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "in")
	files := map[string]string{}
	for i := range 20 {
		// Each file's bytes differ, so none is a B02 duplicate of another.
		files[fmt.Sprintf("单位%02d/%s.xlsx", i, strings.Repeat("很长的文件名", 6))] = "部门|单位|项目|2022" + strings.Repeat("\n", i)
	}
	writeTree(t, inbox, files)
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{steps: st, Inbox: inbox, Out: filepath.Join(tmp, "out"), Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range docOf(t, rep).Files {
		var msg string
		for _, fd := range f.Forms[0].Findings {
			if fd.Code == "B01" {
				msg = fd.Message
			}
		}
		if named := strings.Count(msg, "（工作表「"); named != namedRepeats || !strings.Contains(msg, "等 19 处") {
			t.Errorf("%s: B01 names %d forms, want %d and a count of 19: %s", f.Path, named, namedRepeats, msg)
		}
		if n := utf8.RuneCountInString(msg); n > 500 {
			t.Errorf("%s: B01 message of %d characters", f.Path, n)
		}
	}
}
