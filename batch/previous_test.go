package batch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/excelio"
)

// secondYear copies the samples into a new inbox as the units would send them the year after:
// two findings fixed, one project added, one unit not sending again.
func secondYear(t *testing.T) string {
	t.Helper()
	inbox := t.TempDir()
	entries, err := os.ReadDir(filepath.Join("..", "samples"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		sent := strings.HasSuffix(e.Name(), ".xlsx") || strings.HasSuffix(e.Name(), ".eml")
		if !sent || strings.Contains(e.Name(), "群众艺术馆") {
			continue
		}
		data, err := os.ReadFile(filepath.Join("..", "samples", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inbox, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, sheet string, change func(f *excelize.File)) {
		t.Helper()
		f, err := excelize.OpenFile(filepath.Join(inbox, name))
		if err != nil {
			t.Fatal(err)
		}
		change(f)
		if err := f.SaveAs(filepath.Join(inbox, name)); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	set := func(f *excelize.File, sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	edit("三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx", "Sheet1", func(f *excelize.File) {
		set(f, "Sheet1", "I6", 8.97) // F04 fixed
	})
	edit("三门峡市儿童福利院_孤弃儿童养育经费_自评表.xlsx", "孤弃儿童养育经费", func(f *excelize.File) {
		set(f, "孤弃儿童养育经费", "H14", 9) // I05 fixed
	})
	// A new project of the 农业技术推广中心: its form under another name.
	src := "三门峡市农业技术推广中心_农作物病虫害统防统治经费_自评表.xlsx"
	data, err := os.ReadFile(filepath.Join(inbox, src))
	if err != nil {
		t.Fatal(err)
	}
	added := "三门峡市农业技术推广中心_耕地质量监测经费_自评表.xlsx"
	if err := os.WriteFile(filepath.Join(inbox, added), data, 0o644); err != nil {
		t.Fatal(err)
	}
	edit(added, "自评表", func(f *excelize.File) {
		rows, _ := f.GetRows("自评表")
		for r, row := range rows {
			for c, v := range row {
				if strings.Contains(v, "农作物病虫害统防统治经费") {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					set(f, "自评表", cell, strings.ReplaceAll(v, "农作物病虫害统防统治经费", "耕地质量监测经费"))
				}
			}
		}
	})
	return inbox
}

// TestPreviousTwoYears runs the samples, then their second year with --previous, and checks the
// comparison sheet row by row.
func TestPreviousTwoYears(t *testing.T) {
	first := runReview(t, filepath.Join("..", "samples"), t.TempDir(), nil, nil)
	prev, err := ReadPrevious(first.ResultsPath)
	if err != nil {
		t.Fatal(err)
	}
	rep := runReview(t, secondYear(t), t.TempDir(), nil, prev)
	f, err := excelize.OpenFile(rep.SummaryPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(excelio.SheetCompareRun)
	if err != nil {
		t.Fatalf("no sheet %s: %v", excelio.SheetCompareRun, err)
	}
	byProject := map[string][]string{}
	for _, r := range rows[3:] {
		r = append(r, make([]string, 14)...)
		byProject[strings.ReplaceAll(r[3], "\n", "")] = r[:14]
	}
	if len(byProject) != 8 {
		t.Fatalf("%d projects compared, want 8 (7 of the first run and the new one): %v", len(byProject), byProject)
	}
	check := func(project string, col int, want string) {
		t.Helper()
		if got := byProject[project][col]; got != want {
			t.Errorf("%s column %d = %q, want %q", project, col+1, got, want)
		}
	}
	const (
		colLast, colThis, colDelta, colFixed, colStill, colNew, colChange, colRepeat = 4, 5, 6, 9, 10, 11, 12, 13
	)
	// 网信办: F04 fixed, which lifts the recomputed total by nothing (the score was wrong, not the
	// rate); the other errors and warnings remain and mark the unit.
	check("网络宣传管理和文化建设经费", colFixed, "F04")
	check("网络宣传管理和文化建设经费", colStill, "W02 监测指令稿件数\nI12 网络信息发现及时率\nW02 话题阅读量\nW01\nT01\nT03")
	check("网络宣传管理和文化建设经费", colRepeat, "是")
	check("网络宣传管理和文化建设经费", colLast, "88.97")
	// 儿童福利院: I05 fixed on its indicator.
	check("孤弃儿童养育经费", colFixed, "I05 儿童康复训练人次")
	check("孤弃儿童养育经费", colChange, "")
	// The new project and the project not sent again.
	check("耕地质量监测经费", colChange, excelio.CompareNew)
	check("耕地质量监测经费", colLast, "")
	check("耕地质量监测经费", colRepeat, "")
	check("公共文化服务体系建设经费", colChange, excelio.CompareGone)
	check("公共文化服务体系建设经费", colThis, "")
	// A form with no findings in either year: nothing fixed, nothing repeated, no change.
	check("农作物病虫害统防统治经费", colDelta, "0.00")
	check("农作物病虫害统防统治经费", colStill, "")
	check("农作物病虫害统防统治经费", colNew, "")

	// The same run against a results.json of another year is 与上年对比.
	for i := range prev.Files {
		for j := range prev.Files[i].Forms {
			y := 2020
			prev.Files[i].Forms[j].Year = &y
		}
	}
	if c := compareRuns(prev, nil, 2021); c.Sheet != excelio.SheetCompareYear {
		t.Errorf("sheet %s for 2020 against 2021, want %s", c.Sheet, excelio.SheetCompareYear)
	}
	if c := compareRuns(nil, nil, 2021); c != nil {
		t.Error("a comparison without --previous")
	}
}
