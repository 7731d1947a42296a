package batch

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// TestRunMixedInbox runs the pipeline on 自评表 mixed with what else a bureau receives
// (testdata/mixed/README.md): a 绩效目标申报表 and a flat export are not forms, and 未处理文件
// says what each is; the 汇总表 holds the 自评表 alone; a chart sheet costs nothing, and a
// damaged sheet costs that sheet only, its B07 carried by the form of its file.
func TestRunMixedInbox(t *testing.T) {
	work := t.TempDir()
	inbox := filepath.Join(work, "收件箱")
	copyTree(t, filepath.Join("testdata", "mixed"), inbox)
	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "输出")
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: profile, Workers: 2})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := map[string]struct {
		status, code, reason string
		b07                  string // the sheet a B07 of the file's form names
	}{
		"临江市交通运输局/绩效自评表（道路运输服务中心）.xlsx": {status: StatusOK},
		"临江市交通运输局/绩效目标申报表.xlsx":         {StatusFailed, "B06", "这是绩效目标申报表，不是自评表（已查看：填报说明、绩效目标表）", ""},
		"临江市财政局/指标清单（系统导出）.xlsx":        {StatusFailed, "B06", "这是指标清单，不是自评表（已查看：Sheet1）", ""},
		"三门峡市委网信办/自评表（含得分图）.xlsx":       {status: StatusOK},
		"三门峡市委网信办/自评表（说明页损坏）.xlsx":      {status: StatusOK, b07: "说明"},
		"临江市水利局/自评表（未填写）.xlsx":          {status: StatusOK},
	}
	if len(docOf(t, rep).Files) != len(want) {
		t.Fatalf("%d files in results.json, want %d", len(docOf(t, rep).Files), len(want))
	}
	for _, fe := range docOf(t, rep).Files {
		w, ok := want[fe.Path]
		if !ok {
			t.Errorf("unexpected file %s", fe.Path)
			continue
		}
		if fe.Status != w.status || fe.Code != w.code || fe.Reason != w.reason {
			t.Errorf("%s: %s %s %q, want %s %s %q", fe.Path, fe.Status, fe.Code, fe.Reason, w.status, w.code, w.reason)
		}
		if w.status != StatusOK {
			continue
		}
		if len(fe.Forms) != 1 || fe.Output == nil {
			t.Errorf("%s: %d forms, output %q; want one form and its annotated copy", fe.Path, len(fe.Forms), deref(fe.Output))
			continue
		}
		checkB07(t, fe.Path, fe.Forms[0], w.b07)
	}
	summary := filepath.Join(out, SummaryName)
	// Grouped by department, then unit and project (names may hold line breaks).
	if got := summaryProjects(t, summary); strings.ReplaceAll(strings.Join(got, "|"), "\n", "") != "网络安全应急演练|网络宣传管理和文化建设经费|农村公路养护工程|小型水库除险加固" {
		t.Errorf("汇总表 rows are %v, want the projects of the four 自评表 only", got)
	}
	if score, grade := summaryScore(t, summary, "小型水库除险加固"); score != "未填写" || grade != "未填写" {
		t.Errorf("the unfilled form reads %q / %q in 汇总表, want 未填写 / 未填写", score, grade)
	}
	failed := badFailedSheet(t, summary)
	for path, w := range want {
		row, listed := failed[path]
		switch {
		case w.status == StatusOK && listed:
			t.Errorf("未处理文件 lists %s, a 自评表", path)
		case w.status != StatusOK && (row.code != w.code || row.reason != w.reason):
			t.Errorf("未处理文件 %s: %+v, want %s %q", path, row, w.code, w.reason)
		}
	}
	if !problemListHas(t, summary, "B07", "说明") {
		t.Error("问题清单 has no B07 naming the sheet 说明")
	}
}

// checkB07 asserts the B07 findings of a form: one naming sheet (a warning on no cell, the form's
// status left to its other findings), or none when sheet is "".
func checkB07(t *testing.T, path string, fm FormEntry, sheet string) {
	t.Helper()
	var b07 []FindingEntry
	for _, fd := range fm.Findings {
		if fd.Code == "B07" {
			b07 = append(b07, fd)
		}
	}
	if sheet == "" {
		if len(b07) != 0 {
			t.Errorf("%s: B07 %+v on a workbook whose sheets were all read", path, b07)
		}
		return
	}
	if len(b07) != 1 {
		t.Fatalf("%s: %d B07 findings, want one", path, len(b07))
	}
	fd := b07[0]
	if fd.Severity != scoring.Warning.String() || fd.Sheet == nil || *fd.Sheet != sheet || fd.Cell != nil ||
		!strings.Contains(fd.Message, "“"+sheet+"”") || !strings.Contains(fd.Message, "损坏") {
		t.Errorf("%s: B07 = %+v %q, want a 警告 on sheet %s, no cell, saying it is damaged", path, fd, deref(fd.Sheet), sheet)
	}
}

// summaryProjects lists the 项目名称 of the 汇总表's form rows, in order.
func summaryProjects(t *testing.T, path string) []string {
	t.Helper()
	return columnOf(t, path, "汇总表", "项目名称", func(row map[string]string) bool { return row["项目名称"] != "" })
}

// problemListHas reports whether the 问题清单 holds a finding of code whose sheet is sheet.
func problemListHas(t *testing.T, path, code, sheet string) bool {
	t.Helper()
	rows := columnOf(t, path, "问题清单", "代码", func(row map[string]string) bool {
		return row["代码"] == code && strings.Contains(strings.Join(values(row), "|"), sheet)
	})
	return len(rows) > 0
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// columnOf reads the column named col of a summary sheet, from the rows under its header row
// (the first row holding col) that keep says to keep; a row is seen as header → value.
func columnOf(t *testing.T, path, sheet, col string, keep func(map[string]string) bool) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	var out []string
	for _, r := range rows {
		if header == nil {
			for _, h := range r {
				if strings.TrimSpace(h) == col {
					header = r
				}
			}
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(r) {
				row[strings.TrimSpace(h)] = r[i]
			}
		}
		if keep(row) {
			out = append(out, row[col])
		}
	}
	if header == nil {
		t.Fatalf("%s: no header row with %s", sheet, col)
	}
	return out
}

// summaryScore returns the 复核得分 and 复核等级 the 汇总表 shows for the project.
func summaryScore(t *testing.T, path, project string) (score, grade string) {
	t.Helper()
	of := func(row map[string]string) bool { return strings.ReplaceAll(row["项目名称"], "\n", "") == project }
	scores := columnOf(t, path, "汇总表", "复核得分", of)
	grades := columnOf(t, path, "汇总表", "复核等级", of)
	if len(scores) != 1 || len(grades) != 1 {
		t.Fatalf("汇总表 has %d rows for %s", len(scores), project)
	}
	return scores[0], grades[0]
}
