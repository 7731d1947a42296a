package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// The sheets of the summary, in order (outputs.md §2).
var summarySheets = []string{"汇总表", "按主管部门", "问题清单", "未处理文件", "统计图", "审核规则说明"}

// runSamplesTo scores ../samples into out, which may hold an earlier run.
func runSamplesTo(t *testing.T, out, title string) *Report {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{
		Inbox: filepath.Join("..", "samples"), Out: out, Title: title,
		Profile: p, ProfileName: scoring.DefaultProfileName(), Progress: NoProgress{},
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func openOutput(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellIs compares a raw numeric cell with a decimal of results.json; nil wants an empty cell.
func cellIs(t *testing.T, f *excelize.File, sheet, cell string, want *string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if want == nil {
		if got != "" {
			t.Errorf("%s!%s = %q, want empty", sheet, cell, got)
		}
		return
	}
	g, err := decimal.NewFromString(got)
	// A cell holds the nearest double: equal to 10 places is equal.
	if err != nil || !g.Round(10).Equal(decimal.RequireFromString(*want)) {
		t.Errorf("%s!%s = %q, want %s", sheet, cell, got, *want)
	}
}

func textIs(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%s!%s = %q, want %q", sheet, cell, got, want)
	}
}

func strp(s string) *string { return &s }

// zipPartNames lists the parts of an .xlsx package.
func zipPartNames(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") {
			parts[zf.Name] = ""
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	return parts
}

// allForms is every form of the run in results.json order, with its file.
type docForm struct {
	file *FileEntry
	form *FormEntry
}

func allForms(doc *Document) []docForm {
	var out []docForm
	for i := range doc.Files {
		fe := &doc.Files[i]
		for j := range fe.Forms {
			out = append(out, docForm{fe, &fe.Forms[j]})
		}
	}
	return out
}

// TestSampleOutputs builds the outputs of the bundled samples and checks them cell by cell:
// the summary against results.json, the seed sample's annotated copy against its input, and a
// second run against the first, byte for byte.
func TestSampleOutputs(t *testing.T) {
	out := t.TempDir()
	rep := runSamplesTo(t, out, "")
	doc := docOf(t, rep)
	forms := allForms(doc)
	// 汇总表's data rows: one per form and a subtotal per department.
	deptSet := map[string]bool{}
	for _, df := range forms {
		deptSet[*df.form.Department] = true
	}
	dataRows := len(forms) + len(deptSet)
	// Six workbooks and a seventh form in the sample message (samples/报送邮件-三门峡市图书馆.eml).
	if len(forms) != 7 {
		t.Fatalf("%d forms in the samples, want 7", len(forms))
	}
	summary := filepath.Join(out, SummaryName)
	f := openOutput(t, summary)

	if got := f.GetSheetList(); !slices.Equal(got, summarySheets) {
		t.Fatalf("summary sheets = %v, want %v", got, summarySheets)
	}
	const sh = "汇总表"

	t.Run("title and header", func(t *testing.T) {
		if rep.Title != DefaultTitle(2021) {
			t.Errorf("title = %q", rep.Title)
		}
		textIs(t, f, sh, "A1", DefaultTitle(2021))
		want := []string{"序号", "主管部门", "实施单位", "项目名称", "年初预算数", "全年预算数", "全年执行数",
			"执行率", "自评得分", "复核得分", "差异", "复核等级", "错误数", "警告数", "状态", "文件"}
		for i, h := range want {
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			textIs(t, f, sh, cell, h)
		}
	})

	t.Run("one row per form", func(t *testing.T) {
		// Rows are grouped by department, so each form's row is found by its project; names
		// carry line breaks at sensible points.
		all, _ := f.GetRows(sh)
		rowOf := map[string]int{}
		for i, r := range all {
			if len(r) > 3 {
				rowOf[strings.ReplaceAll(r[3], "\n", "")] = i + 1
			}
		}
		flat := func(cell string) string {
			v, _ := f.GetCellValue(sh, cell)
			return strings.ReplaceAll(v, "\n", "")
		}
		for _, df := range forms {
			fm := df.form
			row := strconv.Itoa(rowOf[*fm.Project])
			if flat("B"+row) != *fm.Department || flat("C"+row) != *fm.Unit {
				t.Errorf("row %s: %q / %q, want %q / %q", row, flat("B"+row), flat("C"+row), *fm.Department, *fm.Unit)
			}
			cellIs(t, f, sh, "E"+row, fm.Funds.Initial)
			cellIs(t, f, sh, "F"+row, fm.Funds.Budget)
			cellIs(t, f, sh, "G"+row, fm.Funds.Executed)
			cellIs(t, f, sh, "H"+row, fm.Funds.Rate)
			cellIs(t, f, sh, "I"+row, fm.Total.Claimed)
			cellIs(t, f, sh, "J"+row, fm.Total.Recomputed)
			var diff *string
			if fm.Total.Claimed != nil {
				d := decimal.RequireFromString(*fm.Total.Recomputed).Sub(decimal.RequireFromString(*fm.Total.Claimed))
				diff = strp(d.String())
			}
			cellIs(t, f, sh, "K"+row, diff)
			textIs(t, f, sh, "L"+row, *fm.Grade.Recomputed)
			errs, warns := 0, 0
			for _, fd := range fm.Findings {
				switch fd.Severity {
				case scoring.Error.String():
					errs++
				case scoring.Warning.String():
					warns++
				}
			}
			cellIs(t, f, sh, "M"+row, strp(strconv.Itoa(errs)))
			cellIs(t, f, sh, "N"+row, strp(strconv.Itoa(warns)))
			textIs(t, f, sh, "O"+row, fm.Status)

			ok, target, err := f.GetCellHyperLink(sh, "P"+row)
			if err != nil || !ok {
				t.Errorf("P%s has no link (%v)", row, err)
				continue
			}
			rel, err := url.PathUnescape(target)
			if err != nil || rel != deref(df.file.Output) {
				t.Errorf("P%s links to %q, want %q", row, target, deref(df.file.Output))
			}
			// A relative link resolves against the summary's own folder.
			if _, err := os.Stat(filepath.Join(filepath.Dir(summary), filepath.FromSlash(rel))); err != nil {
				t.Errorf("P%s links to a missing file: %v", row, err)
			}
		}
	})

	t.Run("total row", func(t *testing.T) {
		row := strconv.Itoa(4 + dataRows)
		textIs(t, f, sh, "A"+row, fmt.Sprintf("合计（%d 张表）", len(forms)))
		var initial, budget, executed, rateBudget, rateExecuted decimal.Decimal
		errs := 0
		for _, df := range forms {
			fm := df.form
			add := func(sum *decimal.Decimal, v *string) {
				if v != nil {
					*sum = sum.Add(decimal.RequireFromString(*v))
				}
			}
			add(&initial, fm.Funds.Initial)
			add(&budget, fm.Funds.Budget)
			add(&executed, fm.Funds.Executed)
			if fm.Funds.Rate != nil {
				add(&rateBudget, fm.Funds.Budget)
				add(&rateExecuted, fm.Funds.Executed)
			}
			for _, fd := range fm.Findings {
				if fd.Severity == scoring.Error.String() {
					errs++
				}
			}
		}
		cellIs(t, f, sh, "E"+row, strp(initial.String()))
		cellIs(t, f, sh, "F"+row, strp(budget.String()))
		cellIs(t, f, sh, "G"+row, strp(executed.String()))
		// Weighted by budget: Σ执行 / Σ预算, not the mean of the rates.
		cellIs(t, f, sh, "H"+row, strp(rateExecuted.DivRound(rateBudget, 4).String()))
		cellIs(t, f, sh, "M"+row, strp(strconv.Itoa(errs)))
		for col, numFmt := range map[string]int{"E": 4, "F": 4, "G": 4, "H": 10, "J4": 2} {
			cell := col + row
			if len(col) > 1 {
				cell = col
			}
			id, _ := f.GetCellStyle(sh, cell)
			st, err := f.GetStyle(id)
			if err != nil || st.NumFmt != numFmt {
				t.Errorf("%s number format = %v, want %d", cell, st, numFmt)
			}
		}
	})

	t.Run("conditional colours", func(t *testing.T) {
		cf, err := f.GetConditionalFormats(sh)
		if err != nil {
			t.Fatal(err)
		}
		last := strconv.Itoa(3 + dataRows)
		for ref, want := range map[string][]string{
			"O4:O" + last: {`"需修改"`, `"通过"`},
			"L4:L" + last: {`"优"`, `"中"`, `"差"`},
		} {
			var got []string
			for _, o := range cf[ref] {
				if o.Format == nil {
					t.Errorf("%s rule %s has no format", ref, o.Value)
				}
				got = append(got, o.Value)
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("conditional formats on %s = %v, lack %s", ref, got, w)
				}
			}
		}
	})

	t.Run("print and view", func(t *testing.T) {
		names := f.GetDefinedName()
		for _, sheet := range summarySheets {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
				t.Errorf("%s page layout: size %d %s, fit %d×%d", sheet, *pl.Size, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: fitToPage not set", sheet)
			}
			titles, filter := "", ""
			for _, dn := range names {
				if dn.Scope == sheet && dn.Name == "_xlnm.Print_Titles" {
					titles = dn.RefersTo
				}
				if dn.Scope == sheet && dn.Name == "_xlnm._FilterDatabase" {
					filter = dn.RefersTo
				}
			}
			wantTitles := "'" + sheet + "'!$1:$3"
			if sheet == "统计图" {
				wantTitles = "'" + sheet + "'!$1:$2"
			}
			if titles != wantTitles {
				t.Errorf("%s print titles = %q, want %q", sheet, titles, wantTitles)
			}
			if sheet == "统计图" {
				continue
			}
			if !strings.HasPrefix(strings.ReplaceAll(filter, "$", ""), "'"+sheet+"'!A3:") {
				t.Errorf("%s autofilter = %q", sheet, filter)
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 3 || panes.TopLeftCell != "A4" {
				t.Errorf("%s panes = %+v (%v)", sheet, panes, err)
			}
		}
		if font, _ := f.GetDefaultFont(); font != "宋体" {
			t.Errorf("default font = %q", font)
		}
		parts := zipPartNames(t, summary)
		// excelize writes the filter range with absolute references.
		last := strconv.Itoa(3 + dataRows)
		if xml := parts["xl/worksheets/sheet1.xml"]; !strings.Contains(xml, `<autoFilter ref="A3:P`+last+`"`) &&
			!strings.Contains(xml, `<autoFilter ref="$A$3:$P$`+last+`"`) {
			t.Error("汇总表 has no autoFilter element over its header and rows")
		}
	})

	t.Run("charts", func(t *testing.T) {
		parts := zipPartNames(t, summary)
		grade, ok1 := parts["xl/charts/chart1.xml"]
		dept, ok2 := parts["xl/charts/chart2.xml"]
		if !ok1 || !ok2 {
			t.Fatalf("summary holds no chart1.xml/chart2.xml")
		}
		if _, ok := parts["xl/charts/chart3.xml"]; ok {
			t.Error("more than two charts")
		}
		if !strings.Contains(grade, `barDir val="col"`) || !strings.Contains(dept, `barDir val="bar"`) {
			t.Error("want a column chart of grades and a bar chart of departments")
		}
		if !strings.Contains(dept, `formatCode="0.00%"`) {
			t.Error("execution rates are not labelled 0.00%")
		}
		// The charts sit on 统计图, the fifth sheet.
		if !strings.Contains(parts["xl/worksheets/_rels/sheet5.xml.rels"], "drawing") {
			t.Error("统计图 has no drawing")
		}
		rels := parts["xl/drawings/_rels/drawing1.xml.rels"]
		if !strings.Contains(rels, "chart1.xml") || !strings.Contains(rels, "chart2.xml") {
			t.Errorf("the drawing of 统计图 does not hold both charts: %s", rels)
		}
		// Its data table: 优 4, 良 2 among the six samples, by recomputed grade.
		count := map[string]int{}
		for _, df := range forms {
			count[*df.form.Grade.Recomputed]++
		}
		rows, _ := f.GetRows("统计图", excelize.Options{RawCellValue: true})
		seen := 0
		for _, r := range rows {
			if len(r) >= 2 && slices.Contains([]string{"优", "良", "中", "差"}, r[0]) {
				seen++
				if r[1] != strconv.Itoa(count[r[0]]) {
					t.Errorf("统计图 %s = %s, want %d", r[0], r[1], count[r[0]])
				}
			}
		}
		if seen != 4 {
			t.Errorf("统计图 lists %d grades, want 4", seen)
		}
	})

	t.Run("findings list", func(t *testing.T) {
		var want []string
		for _, df := range forms {
			for _, fd := range df.form.Findings {
				cell := ""
				if fd.Cell != nil {
					cell = *fd.Cell
				}
				want = append(want, deref(df.file.Output)+"|"+deref(fd.Sheet)+"|"+cell+"|"+fd.Code+"|"+fd.Severity)
			}
		}
		rows, err := f.GetRows("问题清单", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, r := range rows[3:] {
			if len(r) < 9 || r[0] != strconv.Itoa(len(got)+1) {
				continue
			}
			_, target, _ := f.GetCellHyperLink("问题清单", "E"+strconv.Itoa(4+i))
			rel, _ := url.PathUnescape(target)
			got = append(got, rel+"|"+r[5]+"|"+r[6]+"|"+r[7]+"|"+r[8])
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("问题清单 has %d rows, results.json %d findings:\n got %v\nwant %v", len(got), len(want), got, want)
		}
		failed, _ := f.GetRows("未处理文件")
		if len(failed) < 4 || len(failed[3]) == 0 || failed[3][0] != "所有文件均已处理。" {
			t.Errorf("未处理文件 = %v", failed)
		}
	})

	t.Run("every finding marked", func(t *testing.T) {
		for i := range doc.Files {
			fe := &doc.Files[i]
			if fe.Output == nil {
				continue
			}
			c := openOutput(t, filepath.Join(out, filepath.FromSlash(*fe.Output)))
			comments := map[string]map[string]string{}
			for _, fm := range fe.Forms {
				for _, fd := range fm.Findings {
					if fd.Cell == nil || fd.Sheet == nil {
						continue
					}
					sheet := *fd.Sheet
					if comments[sheet] == nil {
						comments[sheet] = map[string]string{}
						list, err := c.GetComments(sheet)
						if err != nil {
							t.Fatal(err)
						}
						for _, cm := range list {
							text := cm.Text
							for _, run := range cm.Paragraph {
								text += run.Text
							}
							comments[sheet][cm.Cell] = cm.Author + "\x00" + text
						}
					}
					cell := topLeft(t, c, sheet, *fd.Cell)
					got := comments[sheet][cell]
					if !strings.HasPrefix(got, "财政局审核\x00") || !strings.Contains(got, "["+fd.Code+" ") {
						t.Errorf("%s %s!%s (%s): comment %q lacks the finding", fe.Path, sheet, cell, fd.Code, got)
					}
					if fd.Severity == scoring.Info.String() {
						continue
					}
					id, _ := c.GetCellStyle(sheet, cell)
					st, err := c.GetStyle(id)
					if err != nil || len(st.Fill.Color) == 0 {
						t.Errorf("%s %s!%s (%s) has no fill", fe.Path, sheet, cell, fd.Code)
					}
				}
			}
		}
	})

	t.Run("seed copy", func(t *testing.T) {
		var fe *FileEntry
		for i := range doc.Files {
			if strings.HasPrefix(doc.Files[i].Path, "三门峡市互联网舆情研究和应急保障中心") {
				fe = &doc.Files[i]
			}
		}
		if fe == nil || fe.Output == nil || len(fe.Forms) != 1 {
			t.Fatal("the seed sample has no annotated copy")
		}
		form := fe.Forms[0]
		c := openOutput(t, filepath.Join(out, filepath.FromSlash(*fe.Output)))
		in := openOutput(t, filepath.Join("..", "samples", filepath.FromSlash(fe.Path)))

		sheets := c.GetSheetList()
		if len(sheets) == 0 || sheets[0] != "审核意见" || c.GetActiveSheetIndex() != 0 {
			t.Fatalf("copy sheets = %v (active %d), want 审核意见 first and active", sheets, c.GetActiveSheetIndex())
		}
		if !slices.Equal(sheets[1:], in.GetSheetList()) {
			t.Errorf("copy sheets %v, input %v", sheets[1:], in.GetSheetList())
		}

		// 审核意见 links each finding's cell to that cell of the form.
		rows, _ := c.GetRows("审核意见", excelize.Options{RawCellValue: true})
		links := map[string]bool{}
		for r := range rows {
			for col := 1; col <= 8; col++ {
				cell, _ := excelize.CoordinatesToCellName(col, r+1)
				if ok, loc, _ := c.GetCellHyperLink("审核意见", cell); ok {
					links[loc] = true
				}
			}
		}
		for _, fd := range form.Findings {
			if fd.Cell != nil {
				want := "'" + form.Sheet + "'!" + *fd.Cell
				if !links[want] {
					t.Errorf("审核意见 has no link to %s (links %v)", want, links)
				}
			}
		}
		if !links["'Sheet1'!I6"] {
			t.Error("审核意见 has no link to 'Sheet1'!I6")
		}
		// The recomputed scores stand beside the unit's on 审核意见.
		var recomputed bool
		for _, r := range rows {
			if len(r) >= 6 && r[0] == "预算执行率" && r[4] == "9" && r[5] == "8.97" {
				recomputed = true
			}
		}
		if !recomputed {
			t.Error("审核意见 lacks the row 预算执行率 | 9 | 8.97")
		}

		// I6: red fill and a 批注 by 财政局审核 naming 8.97.
		id, _ := c.GetCellStyle("Sheet1", "I6")
		st, _ := c.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], "FFC7CE") {
			t.Errorf("I6 fill = %+v", st)
		}
		comments, _ := c.GetComments("Sheet1")
		var i6 string
		for _, cm := range comments {
			if cm.Cell == "I6" && cm.Author == "财政局审核" {
				i6 = cm.Text
				for _, run := range cm.Paragraph {
					i6 += run.Text
				}
			}
		}
		if !strings.Contains(i6, "8.97") {
			t.Errorf("I6 comment = %q, want one by 财政局审核 naming 8.97", i6)
		}

		// Everything the unit wrote is still there: values and formulas, merges, widths.
		for _, sheet := range in.GetSheetList() {
			a, b := sheetValues(t, in, sheet), sheetValues(t, c, sheet)
			if len(a) != len(b) {
				t.Errorf("%s: %d cells in the input, %d in the copy", sheet, len(a), len(b))
			}
			for cell, v := range a {
				if b[cell] != v {
					t.Errorf("%s!%s = %q in the copy, %q in the input", sheet, cell, b[cell], v)
				}
			}
			ma, _ := in.GetMergeCells(sheet, true)
			mb, _ := c.GetMergeCells(sheet, true)
			if len(ma) != len(mb) {
				t.Errorf("%s: %d merges in the input, %d in the copy", sheet, len(ma), len(mb))
			}
			for col := 1; col <= 12; col++ {
				name, _ := excelize.ColumnNumberToName(col)
				wa, _ := in.GetColWidth(sheet, name)
				wb, _ := c.GetColWidth(sheet, name)
				if wa != wb {
					t.Errorf("%s column %s: width %v in the input, %v in the copy", sheet, name, wa, wb)
				}
			}
		}
	})

	t.Run("title option", func(t *testing.T) {
		other := runSamplesTo(t, t.TempDir(), "三门峡市2021年度绩效自评抽查")
		g := openOutput(t, other.SummaryPath)
		textIs(t, g, sh, "A1", "三门峡市2021年度绩效自评抽查")
	})

	t.Run("re-run is byte-identical", func(t *testing.T) {
		files := []string{SummaryName, ResultsName}
		for i := range doc.Files {
			if o := doc.Files[i].Output; o != nil {
				files = append(files, filepath.FromSlash(*o))
			}
		}
		first := map[string][]byte{}
		for _, name := range files {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			first[name] = b
		}
		firstJSON := jsonOf(t, rep)
		again := runSamplesTo(t, out, "")
		if !bytes.Equal(jsonOf(t, again), firstJSON) {
			t.Error("results.json differs between runs")
		}
		for _, name := range files {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between runs", name)
			}
		}
	})
}

// sheetValues is every non-empty cell of a sheet with its raw value and formula.
func sheetValues(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			formula, _ := f.GetCellFormula(sheet, cell)
			if v != "" || formula != "" {
				out[cell] = v + "|" + formula
			}
		}
	}
	return out
}

// topLeft is the cell that shows a mark for cell: the top-left one of its merged range.
func topLeft(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(cell, "$", ""))
	if err != nil {
		t.Fatal(err)
	}
	merges, _ := f.GetMergeCells(sheet, true)
	for _, m := range merges {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		if c1 <= col && col <= c2 && r1 <= row && row <= r2 {
			return m.GetStartAxis()
		}
	}
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
