package excelio

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func ref(sheet, cell string) scoring.Ref { return scoring.Ref{Sheet: sheet, Cell: cell} }

// writeSourceWorkbook builds a fragment of a national-layout form on 自评表, a note sheet, a
// comment the unit left on H6, a styled H6, a sheet-scoped print area and a float that only
// survives a raw read (0.1+0.2 formatted 0.00).
func writeSourceWorkbook(t *testing.T, path string, extraSheets ...string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const sh = "自评表"
	must(f.SetSheetName("Sheet1", sh))
	rows := map[string]any{
		"A1": "项目支出绩效自评表", "A2": "（2021年度）",
		"A3": "项目名称", "B3": "网络宣传管理和文化建设经费",
		"A4": "主管部门", "B4": "中共三门峡市委网信办", "E4": "实施单位", "F4": "三门峡市互联网舆情研究和应急保障中心",
		"A5": "项目资金（万元）", "C5": "年初预算数", "D5": "全年预算数", "E5": "全年执行数", "F5": "分值", "G5": "执行率", "H5": "得分",
		"B6": "年度资金总额", "C6": 110, "D6": 110, "E6": 98.69, "F6": 10, "G6": 0.8972, "H6": 9,
		"B7": "其中：当年财政拨款", "C7": 110, "D7": 110, "E7": 98.69,
		"A9": "绩效指标", "B9": "一级指标", "C9": "二级指标", "D9": "三级指标", "E9": "年度指标值", "F9": "实际完成值", "G9": "分值", "H9": "得分",
		"B10": "产出指标", "C10": "数量指标", "D10": "监测指令稿件数", "E10": "≥3500条", "F10": "3500条", "G10": 50, "H10": 50,
		"B11": "满意度指标", "C11": "服务对象满意度指标", "D11": "服务对象满意度", "E11": "≥80%", "F11": "80%", "G11": 40, "H11": 40,
		"A12": "总分", "G12": 100, "H12": 99,
		"A13": "自评等级", "B13": "优",
	}
	for cell, v := range rows {
		must(f.SetCellValue(sh, cell, v))
	}
	x, y := 0.1, 0.2 // a sum that is not 0.3 in binary: a formatted read would rewrite it
	must(f.SetCellFloat(sh, "J6", x+y, -1, 64))
	must(f.SetCellFormula(sh, "I12", "SUM(H10:H11)"))
	must(f.MergeCell(sh, "A1", "I1"))
	must(f.MergeCell(sh, "B3", "I3"))
	must(f.MergeCell(sh, "A5", "A7"))
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	must(err)
	must(f.SetCellStyle(sh, "G6", "G6", pct))
	two, err := f.NewStyle(&excelize.Style{NumFmt: 2})
	must(err)
	must(f.SetCellStyle(sh, "J6", "J6", two))
	styled, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "仿宋", Size: 12, Color: "1F4E78"},
		Border:    []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 2}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		NumFmt:    2,
	})
	must(err)
	must(f.SetCellStyle(sh, "H6", "H6", styled))
	must(f.AddComment(sh, excelize.Comment{Cell: "H6", Author: "张三", Text: "执行率按实际填写"}))
	must(f.AddComment(sh, excelize.Comment{Cell: "A13", Author: "李四", Text: "等级按总分填写"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'自评表'!$A$1:$I$13", Scope: sh}))
	must(f.AutoFilter(sh, "B9:I11", nil))
	_, err = f.NewSheet("说明")
	must(err)
	must(f.SetCellValue("说明", "A1", "填表说明：金额单位为万元。"))
	for _, name := range extraSheets {
		_, err = f.NewSheet(name)
		must(err)
	}
	must(f.SaveAs(path))
}

// sampleResult is the bureau's judgement of the source form, with findings on a few cells.
func sampleResult(sheet string) *scoring.Result {
	form := &scoring.Form{
		Sheet: sheet, Range: "A1:I13", Family: 1,
		Project:    scoring.Cell{Ref: ref(sheet, "B3"), Text: "网络宣传管理和文化建设经费"},
		Department: scoring.Cell{Ref: ref(sheet, "B4"), Text: "中共三门峡市委网信办"},
		Unit:       scoring.Cell{Ref: ref(sheet, "F4"), Text: "三门峡市互联网舆情研究和应急保障中心"},
	}
	form.Indicators = []scoring.Indicator{
		{Row: 10, Name: scoring.Cell{Ref: ref(sheet, "D10"), Text: "监测指令稿件数"}},
		{Row: 11, Name: scoring.Cell{Ref: ref(sheet, "D11"), Text: "服务对象满意度"}},
	}
	return &scoring.Result{
		Form:    form,
		Initial: dec("110"), Budget: dec("110"), Executed: dec("98.69"),
		Rate: dec("0.8971818181818182"),
		Execution: scoring.ExecutionResult{
			Points: decimal.RequireFromString("10"), Claimed: dec("9"),
			Recomputed: decimal.RequireFromString("8.97"), Ref: ref(sheet, "H6"),
		},
		Indicators: []scoring.IndicatorResult{
			{Indicator: &form.Indicators[0], Level1: "产出指标", Level2: "数量指标", Kind: scoring.KindQuantitative,
				Points: dec("50"), Claimed: dec("50"), Recomputed: dec("50")},
			{Indicator: &form.Indicators[1], Level1: "满意度指标", Level2: "服务对象满意度指标", Kind: scoring.KindQualitative,
				Points: dec("40"), Claimed: dec("40"), Recomputed: dec("30")},
		},
		ClaimedTotal:    dec("99"),
		RecomputedTotal: dec("88.97"),
		ClaimedGrade:    "优",
		RecomputedGrade: "良",
		Status:          scoring.StatusRevise,
		Findings: []scoring.Finding{
			{Code: "I15", Severity: scoring.Info, Ref: ref(sheet, "D11"), Message: "三级指标名称重复"},
			{Code: "T03", Severity: scoring.Error, Ref: ref(sheet, "H12"), Message: "复核得分 88.97，自评 99"},
			{Code: "F03", Severity: scoring.Warning, Ref: ref(sheet, "G6"), Message: "执行率应为 89.72%"},
			{Code: "F04", Severity: scoring.Error, Ref: ref(sheet, "H6"), Message: "执行率得分应为 8.97，表中填写 9"},
			{Code: "S06", Severity: scoring.Warning, Ref: ref(sheet, ""), Message: "年度总体目标为空"},
			{Code: "I07", Severity: scoring.Error, Ref: ref(sheet, "H11"), Message: "定性指标得分超出档次"},
			{Code: "I09", Severity: scoring.Warning, Ref: ref(sheet, "H11"), Message: "超额完成未说明原因"},
			{Code: "S07", Severity: scoring.Warning, Ref: ref("说明", "A1"), Message: "另一工作表上的问题"},
			// A cell inside the merged B3:I3 is marked on the merge's top-left cell.
			{Code: "S02", Severity: scoring.Warning, Ref: ref(sheet, "C3"), Message: "项目名称含编码"},
		},
	}
}

func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func openRaw(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetCells lists every non-empty cell of a sheet with its raw value or formula.
func sheetCells(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for r, row := range rows {
		for c, v := range row {
			cell := cellRef(c+1, r+1)
			formula, _ := f.GetCellFormula(sheet, cell)
			if v != "" || formula != "" {
				out[cell] = v + "|" + formula
			}
		}
	}
	return out
}

func TestAnnotate(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in", "自评表.xlsx")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		t.Fatal(err)
	}
	writeSourceWorkbook(t, src)
	dst := filepath.Join(dir, "out", "审核结果", "单位", "自评表（审核）.xlsx")
	res := sampleResult("自评表")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{res}); err != nil {
		t.Fatal(err)
	}
	in, out := openRaw(t, src), openRaw(t, dst)

	t.Run("sheets", func(t *testing.T) {
		got := out.GetSheetList()
		want := []string{"审核意见", "自评表", "说明"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("sheets = %v, want %v", got, want)
		}
		if out.GetActiveSheetIndex() != 0 {
			t.Errorf("active sheet = %d, want 0", out.GetActiveSheetIndex())
		}
	})

	t.Run("values unchanged", func(t *testing.T) {
		for _, sheet := range in.GetSheetList() {
			a, b := sheetCells(t, in, sheet), sheetCells(t, out, sheet)
			if len(a) != len(b) {
				t.Errorf("%s: %d cells in source, %d in copy", sheet, len(a), len(b))
			}
			for cell, v := range a {
				if b[cell] != v {
					t.Errorf("%s!%s = %q in copy, %q in source", sheet, cell, b[cell], v)
				}
			}
		}
		if v, _ := out.GetCellValue("自评表", "J6"); !strings.HasPrefix(v, "0.3000000") {
			t.Errorf("J6 = %q: the raw double was rewritten by its 0.00 format", v)
		}
		ma, _ := in.GetMergeCells("自评表", true)
		mb, _ := out.GetMergeCells("自评表", true)
		if len(ma) != len(mb) {
			t.Errorf("merges: %d in source, %d in copy", len(ma), len(mb))
		}
	})

	t.Run("sheet names stay on their sheet", func(t *testing.T) {
		found := map[string]bool{}
		for _, dn := range out.GetDefinedName() {
			found[dn.Name] = true
			if dn.Name == reviewMarker {
				// Ours, and the one name that belongs on 审核意见.
				if dn.Scope != reviewSheet {
					t.Errorf("%s on sheet %q", dn.Name, dn.Scope)
				}
				continue
			}
			if dn.Scope != "自评表" {
				t.Errorf("%s moved to sheet %q", dn.Name, dn.Scope)
			}
		}
		if !found["_xlnm.Print_Area"] || !found["_xlnm._FilterDatabase"] || !found[reviewMarker] {
			t.Errorf("defined names lost: %v", found)
		}
	})

	marks := []struct {
		cell     string
		fill     string // "" when the cell keeps no fill of ours
		contains []string
		absent   []string
	}{
		{"H6", outErrorFill, []string{"[F04 错误] 执行率得分应为 8.97，表中填写 9", "执行率按实际填写", "张三"}, nil},
		{"G6", outWarnFill, []string{"[F03 警告] 执行率应为 89.72%"}, []string{"F04"}},
		{"H11", outErrorFill, []string{"[I07 错误] 定性指标得分超出档次\n[I09 警告] 超额完成未说明原因"}, nil},
		{"H12", outErrorFill, []string{"[T03 错误]"}, nil},
		{"D11", "", []string{"[I15 提示] 三级指标名称重复"}, nil},
		{"B3", outWarnFill, []string{"[S02 警告]"}, nil},
	}
	comments, err := out.GetComments("自评表")
	if err != nil {
		t.Fatal(err)
	}
	byCell := map[string][]excelize.Comment{}
	for _, c := range comments {
		byCell[c.Cell] = append(byCell[c.Cell], c)
	}
	for _, m := range marks {
		t.Run("mark "+m.cell, func(t *testing.T) {
			cs := byCell[m.cell]
			if len(cs) != 1 {
				t.Fatalf("%d comments on %s, want 1", len(cs), m.cell)
			}
			if cs[0].Author != commentAuthor {
				t.Errorf("author = %q", cs[0].Author)
			}
			text := commentText(cs[0])
			for _, s := range m.contains {
				if !strings.Contains(text, s) {
					t.Errorf("comment %q lacks %q", text, s)
				}
			}
			for _, s := range m.absent {
				if strings.Contains(text, s) {
					t.Errorf("comment %q has %q", text, s)
				}
			}
			id, err := out.GetCellStyle("自评表", m.cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := out.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(st.Fill.Color) > 0 {
				got = st.Fill.Color[0]
			}
			if !strings.EqualFold(got, m.fill) {
				t.Errorf("fill = %q, want %q", got, m.fill)
			}
		})
	}
	if len(byCell["C3"]) != 0 {
		t.Error("comment on C3, inside a merge")
	}
	if cs := byCell["A13"]; len(cs) != 1 || cs[0].Author != "李四" || commentText(cs[0]) != "等级按总分填写" {
		t.Errorf("the unit's comment on an unmarked cell changed: %+v", cs)
	}

	t.Run("unit style kept", func(t *testing.T) {
		id, _ := out.GetCellStyle("自评表", "H6")
		st, _ := out.GetStyle(id)
		if st.Font == nil || !st.Font.Bold || st.Font.Family != "仿宋" || st.Font.Size != 12 {
			t.Errorf("font = %+v", st.Font)
		}
		if len(st.Border) != 2 || st.NumFmt != 2 || st.Alignment == nil || st.Alignment.Horizontal != "center" {
			t.Errorf("style = %+v", st)
		}
		id, _ = out.GetCellStyle("自评表", "G6")
		if st, _ = out.GetStyle(id); st.NumFmt != 10 {
			t.Errorf("G6 number format = %d, want 10", st.NumFmt)
		}
	})

	t.Run("review sheet", func(t *testing.T) {
		rows, err := out.GetRows("审核意见", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		text := map[string]int{}
		var codes []string
		inFindings := false
		for r, row := range rows {
			for _, v := range row {
				if _, ok := text[v]; !ok {
					text[v] = r + 1
				}
			}
			if len(row) > 0 && row[0] == "序号" {
				inFindings = true
				continue
			}
			if inFindings && len(row) > 1 && row[1] != "" {
				codes = append(codes, row[1])
			} else if inFindings {
				inFindings = false
			}
		}
		for _, s := range []string{"网络宣传管理和文化建设经费", "中共三门峡市委网信办", "三门峡市互联网舆情研究和应急保障中心",
			"自评表!A1:I13", "自评得分", "复核得分", "自评等级", "复核等级", "需修改", "复核得分对照", "预算执行率", "总分", "定量", "定性"} {
			if _, ok := text[s]; !ok {
				t.Errorf("审核意见 lacks %q", s)
			}
		}
		// Errors first, then warnings, then info; each in cell order, form-level first.
		want := "F04,I07,T03,S06,S02,F03,I09,S07,I15"
		if got := strings.Join(codes, ","); got != want {
			t.Errorf("findings order = %s, want %s", got, want)
		}
		// Each finding's cell links to the cell.
		links := 0
		for r := range rows {
			cell := cellRef(4, r+1)
			v, _ := out.GetCellValue("审核意见", cell)
			// Cells of the form's own sheet are shown without the sheet; the form's range, on
			// merged cells, is not a finding.
			sheet, name := "自评表", v
			if i := strings.Index(v, "!"); i > 0 {
				sheet, name = v[:i], v[i+1:]
			}
			if _, _, err := excelize.CellNameToCoordinates(name); err != nil {
				continue
			}
			ok, loc, err := out.GetCellHyperLink("审核意见", cell)
			if err != nil || !ok {
				t.Errorf("%s (%s) has no link", cell, v)
				continue
			}
			want := "'" + sheet + "'!" + name
			if loc != want {
				t.Errorf("%s links to %q, want %q", cell, loc, want)
			}
			links++
		}
		if links != 8 {
			t.Errorf("%d cell links, want 8", links)
		}
		// Numbers are numbers: 复核得分 88.97 is a numeric cell with format 0.00.
		r := text["复核得分"]
		v, _ := out.GetCellValue("审核意见", cellRef(4, r))
		typ, _ := out.GetCellType("审核意见", cellRef(4, r))
		if v != "88.97" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("复核得分 cell = %q (%v)", v, typ)
		}
		id, _ := out.GetCellStyle("审核意见", cellRef(4, r))
		if st, _ := out.GetStyle(id); st.NumFmt != fmtScore {
			t.Errorf("复核得分 number format = %d", st.NumFmt)
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		dst2 := filepath.Join(dir, "out2.xlsx")
		if err := Annotate(mustRead(t, src), dst2, []*scoring.Result{res}); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(dst)
		b, _ := os.ReadFile(dst2)
		if !bytes.Equal(a, b) {
			t.Error("two runs gave different bytes")
		}
	})

	t.Run("no temp files left", func(t *testing.T) {
		entries, _ := os.ReadDir(filepath.Dir(dst))
		for _, e := range entries {
			if fsx.IsTempOutput(e.Name()) {
				t.Errorf("temp file %s left", e.Name())
			}
		}
	})
}

// An unfilled form (S08) shows 未填写 where 审核意见 gives the bureau's total and grade, never 0,
// and its 总分 row leaves the recomputed score and the difference empty.
func TestAnnotateUnfilledForm(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "自评表.xlsx")
	writeSourceWorkbook(t, src)
	res := sampleResult("自评表")
	res.RecomputedTotal, res.RecomputedGrade = nil, ""
	dst := filepath.Join(dir, "自评表（审核）.xlsx")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{res}); err != nil {
		t.Fatal(err)
	}
	rows, err := openRaw(t, dst).GetRows("审核意见")
	if err != nil {
		t.Fatal(err)
	}
	// cellAfter is the value in column col (1-based) of the row whose column key holds label.
	cellAfter := func(key int, label string, col int) string {
		for _, r := range rows {
			if len(r) >= key && r[key-1] == label {
				if len(r) < col {
					return ""
				}
				return r[col-1]
			}
		}
		t.Fatalf("审核意见 has no row %q", label)
		return ""
	}
	tests := []struct {
		label    string
		key, col int
		want     string
	}{
		{"复核得分", 3, 4, "未填写"},
		{"复核等级", 3, 4, "未填写"},
		{"自评得分", 1, 2, "99"},
		{"总分", 1, 5, "99"}, // the score table's 自评得分
		{"总分", 1, 6, ""},   // its 复核得分
		{"总分", 1, 7, ""},   // and its 差异
	}
	for _, tt := range tests {
		if got := cellAfter(tt.key, tt.label, tt.col); got != tt.want {
			t.Errorf("%s column %d = %q, want %q", tt.label, tt.col, got, tt.want)
		}
	}
}

func TestAnnotateNameTaken(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	writeSourceWorkbook(t, src, "审核意见", "审核意见(2)")
	dst := filepath.Join(dir, "b.xlsx")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatal(err)
	}
	got := openRaw(t, dst).GetSheetList()
	if got[0] != "审核意见(3)" || len(got) != 5 {
		t.Errorf("sheets = %v", got)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAnnotateKeepsLayoutAndImages holds the copy to what the unit's workbook looked like beyond
// its values: column widths, row heights, an image on the form and one on another sheet.
func TestAnnotateKeepsLayoutAndImages(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.xlsx")
	writeSourceWorkbook(t, src)
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	pic := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for x := range 8 {
		pic.Set(x, x%4, color.RGBA{R: 200, A: 255})
	}
	if err := png.Encode(&img, pic); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetColWidth("自评表", "A", "A", 17.5))
	must(f.SetColWidth("自评表", "D", "E", 23))
	must(f.SetRowHeight("自评表", 10, 42))
	must(f.AddPictureFromBytes("自评表", "K2", &excelize.Picture{Extension: ".png", File: img.Bytes(),
		Format: &excelize.GraphicOptions{AltText: "单位公章"}}))
	must(f.AddPictureFromBytes("说明", "B3", &excelize.Picture{Extension: ".png", File: img.Bytes()}))
	must(f.Save())
	must(f.Close())

	dst := filepath.Join(dir, "out.xlsx")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatal(err)
	}
	in, out := openRaw(t, src), openRaw(t, dst)
	for _, c := range []string{"A", "B", "D", "E"} {
		a, _ := in.GetColWidth("自评表", c)
		b, _ := out.GetColWidth("自评表", c)
		if a != b {
			t.Errorf("column %s width %v in copy, %v in source", c, b, a)
		}
	}
	for _, r := range []int{1, 6, 10} {
		a, _ := in.GetRowHeight("自评表", r)
		b, _ := out.GetRowHeight("自评表", r)
		if a != b {
			t.Errorf("row %d height %v in copy, %v in source", r, b, a)
		}
	}
	for _, at := range [][2]string{{"自评表", "K2"}, {"说明", "B3"}} {
		pics, err := out.GetPictures(at[0], at[1])
		if err != nil || len(pics) != 1 || !bytes.Equal(pics[0].File, img.Bytes()) {
			t.Errorf("image at %s!%s: %d found, err %v", at[0], at[1], len(pics), err)
		}
	}
	// The finding on H6 still got its fill and comment on a sheet that has a drawing.
	comments, _ := out.GetComments("自评表")
	found := false
	for _, c := range comments {
		found = found || (c.Cell == "H6" && c.Author == commentAuthor)
	}
	if !found {
		t.Error("no comment by 财政局审核 on H6")
	}
}

// TestAnnotateMacroWorkbook: the copy of an .xlsm is written as .xlsx, so its package must say
// it is one, or Excel refuses to open it.
func TestAnnotateMacroWorkbook(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "自评表.xlsm")
	writeSourceWorkbook(t, src)
	const macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	if !strings.Contains(zipPart(t, src, "[Content_Types].xml"), macro) {
		t.Fatal("the source is not macro-enabled")
	}
	dst := filepath.Join(dir, "自评表（审核）.xlsx")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatal(err)
	}
	types := zipPart(t, dst, "[Content_Types].xml")
	if strings.Contains(types, macro) ||
		!strings.Contains(types, `PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"`) {
		t.Errorf("the copy's workbook content type is not that of an .xlsx:\n%s", types)
	}
}

// markedSheets lists the sheets of the workbook at path that carry our review marker.
func markedSheets(t *testing.T, path string) (all, marked []string) {
	t.Helper()
	f := openRaw(t, path)
	all = f.GetSheetList()
	for _, s := range all {
		if isReviewSheet(f, s) {
			marked = append(marked, s)
		}
	}
	return all, marked
}

// A copy the unit sent back and annotated again has one 审核意见, ours, first: the stale one
// is dropped, not kept beside a 审核意见(2).
func TestAnnotateCopySentBack(t *testing.T) {
	dir := t.TempDir()
	wb, results, dst := annotateFixture(t, "langfang_family1.xlsx", dir)
	all, marked := markedSheets(t, dst)
	if want := append([]string{reviewSheet}, wb.Sheets...); !slices.Equal(all, want) || !slices.Equal(marked, []string{reviewSheet}) {
		t.Fatalf("first copy: sheets %v, marked %v; want %v, marked [%s]", all, marked, want, reviewSheet)
	}

	back, err := ReadForms(dst, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again.xlsx")
	if err := Annotate(back.Data, again, evaluateAll(t, back)); err != nil {
		t.Fatal(err)
	}
	all2, marked2 := markedSheets(t, again)
	if !slices.Equal(all2, all) || !slices.Equal(marked2, []string{reviewSheet}) {
		t.Errorf("second copy: sheets %v, marked %v; want %v, marked [%s]", all2, marked2, all, reviewSheet)
	}
	// The same findings give the same comments: ours are replaced, not quoted as the unit's.
	f1, f2 := openRaw(t, dst), openRaw(t, again)
	for _, sheet := range wb.Sheets {
		c1, err1 := f1.GetComments(sheet)
		c2, err2 := f2.GetComments(sheet)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		text := func(cs []excelize.Comment) map[string]string {
			m := map[string]string{}
			for _, c := range cs {
				m[c.Cell] = c.Author + "|" + commentText(c)
			}
			return m
		}
		if m1, m2 := text(c1), text(c2); !maps.Equal(m1, m2) {
			t.Errorf("%s: comments changed by annotating again:\n got %v\nwant %v", sheet, m2, m1)
		}
	}
	if n := len(results); n != 1 {
		t.Errorf("%d results, want 1", n)
	}
}

// The marker survives the move of 审核意见 to the front, beside the unit's sheet-scoped names;
// a unit's own sheet named 审核意见 is kept and ours is 审核意见(2) in both rounds, with the
// unit's comment that our first comment carried kept once.
func TestAnnotateCopySentBackNameTaken(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	writeSourceWorkbook(t, src, reviewSheet)
	first := filepath.Join(dir, "b.xlsx")
	if err := Annotate(mustRead(t, src), first, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "c.xlsx")
	if err := Annotate(mustRead(t, first), second, []*scoring.Result{sampleResult("自评表")}); err != nil {
		t.Fatal(err)
	}
	want := []string{reviewSheet + "(2)", "自评表", "说明", reviewSheet}
	for _, p := range []string{first, second} {
		all, marked := markedSheets(t, p)
		if !slices.Equal(all, want) || !slices.Equal(marked, want[:1]) {
			t.Errorf("%s: sheets %v, marked %v; want %v, marked %v", filepath.Base(p), all, marked, want, want[:1])
		}
		f := openRaw(t, p)
		var area []string
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Area" {
				area = append(area, dn.Scope)
			}
		}
		if !slices.Equal(area, []string{"自评表"}) {
			t.Errorf("%s: print area scoped to %v, want [自评表]", filepath.Base(p), area)
		}
		cs, err := f.GetComments("自评表")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Cell != "H6" {
				continue
			}
			text := commentText(c)
			if strings.Count(text, "[F04 错误]") != 1 || strings.Count(text, "原批注（张三）：\n执行率按实际填写") != 1 ||
				strings.Contains(text, "原批注（"+commentAuthor) || strings.Count(text, commentAuthor) != 1 {
				t.Errorf("%s: H6 comment %q", filepath.Base(p), text)
			}
		}
	}
}

// A workbook of nothing but our own 审核意见 has no sheet of the unit to annotate.
func TestAnnotateOnlyReviewSheet(t *testing.T) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", reviewSheet); err != nil {
		t.Fatal(err)
	}
	if err := markReviewSheet(f, reviewSheet); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	err := Annotate(buf.Bytes(), filepath.Join(t.TempDir(), "x.xlsx"), nil)
	if !errors.Is(err, errOnlyReview) {
		t.Errorf("err = %v, want errOnlyReview", err)
	}
}

// A comment of ours is recognised by its author, or by its signature when a program re-signed it.
func TestIsOwnComment(t *testing.T) {
	for _, tt := range []struct {
		author, text string
		want         bool
	}{
		{commentAuthor, commentAuthor + "：\n[F04 错误] x", true},
		{"Administrator", commentAuthor + "：\n[F04 错误] x", true},
		{"张三", "执行率按实际填写", false},
		{"", "", false},
	} {
		if got := isOwnComment(excelize.Comment{Author: tt.author}, tt.text); got != tt.want {
			t.Errorf("isOwnComment(%q, %q) = %v", tt.author, tt.text, got)
		}
	}
}

// staleSource writes langfang_family1.xlsx with comments and styles of the unit's own on cells
// the stale-marks test marks, and a second sheet, to path; it returns the sheet of the form.
func staleSource(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(readPath("langfang_family1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sh := f.GetSheetName(0)
	styled, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: "仿宋", Size: 10, Color: "1F4E78"},
		Border:    []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 2}},
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"},
		NumFmt:    4,
	})
	must(err)
	must(f.SetCellStyle(sh, "K12", "K12", styled))
	// Excel's 差 cell style: our error fill, with its dark red font.
	bad, err := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Color: outErrorFont},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{outErrorFill}},
	})
	must(err)
	must(f.SetCellStyle(sh, "H13", "H13", bad))
	must(f.AddComment(sh, excelize.Comment{Cell: "K12", Author: "王五", Text: "得分按验收结果填写"}))
	// As Excel writes a note: the author's name opens its text.
	must(f.AddComment(sh, excelize.Comment{Cell: "K13", Author: "赵六", Text: "赵六:\n质量指标已复核"}))
	must(f.AddComment(sh, excelize.Comment{Cell: "J5", Author: "李四", Text: "分值按规定"}))
	_, err = f.NewSheet("说明")
	must(err)
	must(f.SetCellValue("说明", "A1", "填表说明"))
	must(f.SaveAs(path))
	return sh
}

// A copy sent back and annotated again keeps no mark of ours on a cell this round finds nothing
// on: our comment goes, the unit's comment it carried comes back as the unit's, and our fill
// goes with the rest of the cell's style kept.
func TestAnnotateClearsStaleMarks(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	sh := staleSource(t, src)
	wb, err := ReadForms(src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	results := evaluateAll(t, wb)
	if len(results) != 1 {
		t.Fatalf("%d forms, want 1", len(results))
	}
	finding := func(code string, sev scoring.Severity, sheet, cell, msg string) scoring.Finding {
		return scoring.Finding{Code: code, Severity: sev, Ref: ref(sheet, cell), Message: msg}
	}
	annotate := func(in []byte, out string, fs ...scoring.Finding) *excelize.File {
		t.Helper()
		r := *results[0]
		r.Findings = fs
		if err := Annotate(in, out, []*scoring.Result{&r}); err != nil {
			t.Fatal(err)
		}
		return openRaw(t, out)
	}
	first := filepath.Join(dir, "first.xlsx")
	f1 := annotate(mustRead(t, src), first,
		finding("F04", scoring.Error, sh, "L5", "执行率得分应为 8.62，表中填写 9"),
		finding("I07", scoring.Error, sh, "K12", "得分超出分值"),
		finding("I09", scoring.Warning, sh, "K13", "完成值未说明"),
		finding("I10", scoring.Warning, sh, "K14", "完成值未说明"),
		finding("I15", scoring.Info, sh, "H13", "指标值偏低"),
		finding("S07", scoring.Warning, "说明", "A1", "说明不全"))
	second := filepath.Join(dir, "second.xlsx")
	f2 := annotate(mustRead(t, first), second,
		finding("F04", scoring.Error, sh, "L5", "执行率得分应为 8.6，表中填写 9"))
	in := openRaw(t, src)

	fillOf := func(f *excelize.File, sheet, cell string) (*excelize.Style, string) {
		t.Helper()
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Fill.Type == "pattern" && st.Fill.Pattern == 1 && len(st.Fill.Color) == 1 {
			return st, strings.ToUpper(st.Fill.Color[0])
		}
		return st, ""
	}
	commentsOf := func(f *excelize.File, sheet, cell string) []excelize.Comment {
		t.Helper()
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var out []excelize.Comment
		for _, c := range cs {
			if c.Cell == cell {
				out = append(out, c)
			}
		}
		return out
	}

	for _, tc := range []struct {
		name        string
		sheet, cell string
		firstFill   string // after round one, to show round two had something to clear
		author      string // of the one comment after round two; "" for none
		text        string // its whole text, or for ours a part of it
		absent      string // not in its text
		fill        string // after round two
		sourceStyle bool   // the style after round two is the source's, not only round one's but the fill
	}{
		{"new finding replaces ours", sh, "L5", outErrorFill, commentAuthor, "[F04 错误] 执行率得分应为 8.6，表中填写 9", "8.62", outErrorFill, false},
		{"unit comment named in heading", sh, "K12", outErrorFill, "王五", "得分按验收结果填写", "", "", true},
		{"unit comment opening with author", sh, "K13", outWarnFill, "赵六", "赵六:\n质量指标已复核", "", "", false},
		{"ours alone is deleted", sh, "K14", outWarnFill, "", "", "", "", false},
		{"unit's own 差 style is kept", sh, "H13", outErrorFill, "", "", "", outErrorFill, true},
		{"sheet without findings", "说明", "A1", outWarnFill, "", "", "", "", false},
		{"unit comment on unmarked cell", sh, "J5", "", "李四", "分值按规定", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, got := fillOf(f1, tc.sheet, tc.cell); got != tc.firstFill {
				t.Fatalf("round one fill = %q, want %q", got, tc.firstFill)
			}
			cs := commentsOf(f2, tc.sheet, tc.cell)
			switch {
			case tc.author == "" && len(cs) != 0:
				t.Errorf("comments %+v, want none", cs)
			case tc.author != "" && len(cs) != 1:
				t.Errorf("%d comments, want 1", len(cs))
			case tc.author == commentAuthor:
				text := commentText(cs[0])
				if cs[0].Author != commentAuthor || !strings.Contains(text, tc.text) || strings.Contains(text, tc.absent) {
					t.Errorf("comment by %q: %q; want ours with %q, without %q", cs[0].Author, text, tc.text, tc.absent)
				}
			case tc.author != "":
				if cs[0].Author != tc.author || commentText(cs[0]) != tc.text {
					t.Errorf("comment by %q: %q; want by %q: %q", cs[0].Author, commentText(cs[0]), tc.author, tc.text)
				}
			}
			st, fill := fillOf(f2, tc.sheet, tc.cell)
			if fill != tc.fill {
				t.Errorf("fill = %q, want %q", fill, tc.fill)
			}
			// Font, border, number format and alignment are round one's (which rebuilt the
			// style to fill it); the fill is round one's or, cleared, none, as in the source.
			want, _ := fillOf(f1, tc.sheet, tc.cell)
			if source, _ := fillOf(in, tc.sheet, tc.cell); tc.fill == "" {
				want.Fill = source.Fill
			}
			if !reflect.DeepEqual(st, want) {
				t.Errorf("style = %+v\nwant %+v", st, want)
			}
			if source, _ := fillOf(in, tc.sheet, tc.cell); tc.sourceStyle && !reflect.DeepEqual(st, source) {
				t.Errorf("style = %+v\nwant the source's %+v", st, source)
			}
		})
	}

	// A third round on the same findings changes no comment: nothing of ours is left to clear.
	third := filepath.Join(dir, "third.xlsx")
	f3 := annotate(mustRead(t, second), third,
		finding("F04", scoring.Error, sh, "L5", "执行率得分应为 8.6，表中填写 9"))
	for _, sheet := range []string{sh, "说明"} {
		byCell := func(f *excelize.File) map[string]string {
			cs, err := f.GetComments(sheet)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for _, c := range cs {
				m[c.Cell] = c.Author + "|" + commentText(c)
			}
			return m
		}
		if c2, c3 := byCell(f2), byCell(f3); !maps.Equal(c2, c3) {
			t.Errorf("%s: round three comments %v, round two %v", sheet, c3, c2)
		}
	}
}

// The unit's comment our comment carried is found as commentCell wrote it.
func TestCarriedComment(t *testing.T) {
	for _, tt := range []struct {
		name, text   string
		author, body string
		ok           bool
	}{
		{"none", commentAuthor + "：\n[F04 错误] x", "", "", false},
		{"author in heading", commentAuthor + "：\n[F04 错误] x\n\n原批注（张三）：\n执行率按实际填写", "张三", "执行率按实际填写", true},
		{"saved with CRLF", commentAuthor + "：\r\n[F04 错误] x\r\n\r\n原批注（张三）：\r\n第一行\r\n第二行", "张三", "第一行\n第二行", true},
		{"author with brackets", commentAuthor + "：\n[F04 错误] x\n\n原批注（张三（财务））：\n说明（一）：\n内容", "张三（财务）", "说明（一）：\n内容", true},
		{"author opens the text", commentAuthor + "：\n[F04 错误] x\n\n原批注：\n张三:\n执行率按实际填写", "张三", "张三:\n执行率按实际填写", true},
		{"no author", commentAuthor + "：\n[F04 错误] x\n\n原批注：\n执行率按实际填写", "", "执行率按实际填写", true},
		{"empty", commentAuthor + "：\n[F04 错误] x\n\n原批注（张三）：\n", "", "", false},
		{"not our heading", commentAuthor + "：\n[F04 错误] x\n\n原批注说明", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			author, body, ok := carriedComment(tt.text)
			if ok != tt.ok || (ok && (author != tt.author || body != tt.body)) {
				t.Errorf("carriedComment = %q, %q, %v; want %q, %q, %v", author, body, ok, tt.author, tt.body, tt.ok)
			}
		})
	}
}

// A sheet with no finding and no comment of ours keeps its comments part byte for byte: looking
// for stale marks does not make excelize write it anew.
func TestAnnotateLeavesUnmarkedComments(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	writeSourceWorkbook(t, src)
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const note = "说明页的批注"
	if err := f.AddComment("说明", excelize.Comment{Cell: "A1", Author: "李四", Text: note}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// As another program writes it: excelize would write it anew in its own layout.
	respaceComments(t, src, note)
	res := sampleResult("自评表")
	res.Findings = slices.DeleteFunc(res.Findings, func(fd scoring.Finding) bool { return fd.Ref.Sheet == "说明" })
	dst := filepath.Join(dir, "b.xlsx")
	if err := Annotate(mustRead(t, src), dst, []*scoring.Result{res}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	found := 0
	for _, part := range zr.File {
		if !strings.HasPrefix(part.Name, "xl/comments") {
			continue
		}
		if a := zipPart(t, src, part.Name); strings.Contains(a, note) {
			found++
			if b := zipPart(t, dst, part.Name); a != b {
				t.Errorf("%s rewritten:\n%s\nwas\n%s", part.Name, b, a)
			}
		}
	}
	if found != 1 {
		t.Fatalf("%d comments parts hold the note, want 1", found)
	}
}

// respaceComments puts a line break between the elements of the comments part of the package
// at path that holds note.
func respaceComments(t *testing.T, path, note string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range zr.File {
		b := []byte(zipPart(t, path, part.Name))
		if strings.HasPrefix(part.Name, "xl/comments") && bytes.Contains(b, []byte(note)) {
			b = bytes.ReplaceAll(b, []byte("><"), []byte(">\n<"))
		}
		w, err := zw.Create(part.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
