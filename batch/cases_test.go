package batch

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	sofficecmd "github.com/jxzp/jxzp/internal/soffice"
	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/internal/ziptest"
)

// The regression inbox of issue 7: valid forms that excelize reads but whose annotated copy a
// strict reader refused, or that cost the batch its copy or its summary. Every workbook is made
// here from a bundled sample, so the inbox is a program, not a folder of opaque binaries.

// caseBase is the sample every case starts from: the seed case, whose findings mark six cells
// (I6, B13, F17, B18, G24, H24), so each case has flagged cells whose format the copy must keep.
var caseBase = filepath.Join("..", "samples", "三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx")

// caseRepeats is how many times the repeat case sends one project: from 16 on, the B01 message
// naming every other copy was long enough to break the copy and the summary.
const caseRepeats = 17

// caseCells are the cells of the base form the cases rewrite, found by their labels so that a
// change of the sample's layout moves them too.
type caseCells struct {
	sheet   string
	project string // 项目名称's value
	unit    string // 实施单位's value
	target  string // 年度指标值 of the first indicator
	actual  string // 实际完成值 of the first indicator
}

// strictCase is one workbook of the regression inbox.
type strictCase struct {
	path string // in the inbox, '/' separators
	what string
	// edit changes cells through excelize; it always gives the project a name of its own, so
	// that no two cases (and no case and the seed sample) are B01 repeats of each other.
	edit func(t testing.TB, f *excelize.File, c caseCells)
	// patch rewrites parts of the saved package; nil for none. A patch that changes no part
	// fails the generator, so a sample that no longer has what a patch looks for is noticed.
	patch func(t testing.TB, name string, body []byte) []byte
}

// renameProject gives the case's project a name no other form of the batch has.
func renameProject(tag string) func(t testing.TB, f *excelize.File, c caseCells) {
	return func(t testing.TB, f *excelize.File, c caseCells) {
		setCell(t, f, c.sheet, c.project, "网络宣传管理和文化建设经费（"+tag+"）")
	}
}

// strictCases lists the cases of issue 7, each a valid form that must be scored, copied and
// summarised.
func strictCases() []strictCase {
	cases := []strictCase{
		{path: "长文本/项目名称过长.xlsx", what: "a 项目名称 of 270 characters",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				setCell(t, f, c.sheet, c.project, longText("网络宣传管理和文化建设经费", 270))
			}},
		{path: "长文本/实施单位过长.xlsx", what: "a 实施单位 of 240 characters",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("实施单位过长")(t, f, c)
				setCell(t, f, c.sheet, c.unit, longText("三门峡市互联网舆情研究和应急保障中心", 240))
			}},
		{path: "长文本/年度指标值过长.xlsx", what: "a 年度指标值 of 600 characters in one indicator row",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("年度指标值过长")(t, f, c)
				setCell(t, f, c.sheet, c.target, longText("完成全年网络舆情监测任务，监测指令稿件不少于3500条", 600))
			}},
		{path: "长文本/实际完成值超长.xlsx", what: "a 实际完成值 of 32,000 characters",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("实际完成值超长")(t, f, c)
				setCell(t, f, c.sheet, c.actual, longText("3500条", 32000))
			}},
		{path: "特殊结构/无工作表视图.xlsx", what: "worksheets without <sheetViews>, one of them not the active sheet",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("无工作表视图")(t, f, c)
				// excelize skips the active sheet when it ungroups sheets: the one that
				// panicked is a second sheet, here a page of notes as units add.
				if _, err := f.NewSheet("填表说明"); err != nil {
					t.Fatal(err)
				}
				setCell(t, f, "填表说明", "A1", "金额单位为万元，得分保留两位小数。")
			},
			patch: func(t testing.TB, name string, body []byte) []byte {
				if !strings.HasPrefix(name, "xl/worksheets/") {
					return body
				}
				return regexp.MustCompile(`(?s)<sheetViews>.*?</sheetViews>|<sheetViews/>`).ReplaceAll(body, nil)
			}},
		{path: "特殊结构/严格OOXML.xlsx", what: "Strict OOXML (purl.oclc.org namespaces, conformance=\"strict\")",
			edit: renameProject("严格OOXML"), patch: toStrictOOXML},
		{path: "特殊结构/批注含未定义实体.xlsx", what: "a unit's comment whose XML uses the undefined entity &nbsp;",
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("批注含未定义实体")(t, f, c)
				// On the first flagged cell (I6, F04), so the copy must merge the unit's comment
				// into ours, and on an unflagged one, which the copy must keep as it is.
				for _, cell := range []string{"I6", c.project} {
					if err := f.AddComment(c.sheet, excelize.Comment{Cell: cell, Author: "填报人",
						Text: "以批复文件为准 请审核"}); err != nil {
						t.Fatal(err)
					}
				}
			},
			patch: func(t testing.TB, name string, body []byte) []byte {
				if !strings.HasPrefix(name, "xl/comments") {
					return body
				}
				return bytes.ReplaceAll(body, []byte("以批复文件为准 请审核"), []byte("以批复文件为准&nbsp;请审核"))
			}},
		{path: "特殊结构/无色边框与黑色字体.xlsx", what: "borders without a colour and fonts coloured rgb=\"00000000\"",
			edit: renameProject("无色边框与黑色字体"), patch: colourlessStyles},
	}
	for i := 1; i <= caseRepeats; i++ {
		n := i
		cases = append(cases, strictCase{
			path: fmt.Sprintf("重复报送/三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表（第%02d次报送）.xlsx", n),
			what: fmt.Sprintf("copy %d of %d of one project: B01 repeats, not B02 byte duplicates", n, caseRepeats),
			edit: func(t testing.TB, f *excelize.File, c caseCells) {
				renameProject("重复报送")(t, f, c)
				// One harmless difference, in the document properties, keeps the copies
				// from being byte for byte the same.
				props, err := f.GetDocProps()
				if err != nil {
					t.Fatal(err)
				}
				props.Description = fmt.Sprintf("第%d次报送", n)
				if err := f.SetDocProps(props); err != nil {
					t.Fatal(err)
				}
			},
		})
	}
	return cases
}

// writeStrictCases writes every case of strictCases into inbox and returns them.
func writeStrictCases(t testing.TB, inbox string) []strictCase {
	t.Helper()
	cases := strictCases()
	for _, c := range cases {
		dst := filepath.Join(inbox, filepath.FromSlash(c.path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		writeStrictCase(t, c, dst)
	}
	return cases
}

func writeStrictCase(t testing.TB, c strictCase, dst string) {
	t.Helper()
	f, err := excelize.OpenFile(caseBase)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c.edit(t, f, findCaseCells(t, f))
	saved := dst
	if c.patch != nil {
		saved = filepath.Join(t.TempDir(), "saved.xlsx")
	}
	if err := f.SaveAs(saved); err != nil {
		t.Fatalf("%s: %v", c.path, err)
	}
	if c.patch == nil {
		return
	}
	changed := false
	ziptest.Rewrite(t, saved, dst, func(name string, body []byte) []byte {
		out := c.patch(t, name, body)
		changed = changed || !bytes.Equal(out, body)
		return out
	})
	if !changed {
		t.Fatalf("%s: the patch changed no part of the package", c.path)
	}
}

// findCaseCells finds the cells of caseCells on the base's first sheet by their labels: the
// value of 项目名称 and 实施单位 is the first filled cell to the right of the label, the first
// indicator's 年度指标值 and 实际完成值 the first filled cell under their headers.
func findCaseCells(t testing.TB, f *excelize.File) caseCells {
	t.Helper()
	c := caseCells{sheet: f.GetSheetList()[0]}
	rows, err := f.GetRows(c.sheet)
	if err != nil {
		t.Fatal(err)
	}
	at := func(col, row int) string {
		if row < len(rows) && col < len(rows[row]) {
			return strings.TrimSpace(rows[row][col])
		}
		return ""
	}
	name := func(col, row int) string {
		cell, _ := excelize.CoordinatesToCellName(col+1, row+1)
		return cell
	}
	right := func(col, row int) string {
		for x := col + 1; x < len(rows[row]); x++ {
			if at(x, row) != "" {
				return name(x, row)
			}
		}
		return ""
	}
	below := func(col, row int) string {
		for y := row + 1; y < len(rows); y++ {
			if at(col, y) != "" {
				return name(col, y)
			}
		}
		return ""
	}
	for y, row := range rows {
		for x := range row {
			switch strings.Join(strings.Fields(at(x, y)), "") {
			case "项目名称":
				c.project = cmp.Or(c.project, right(x, y))
			case "实施单位":
				c.unit = cmp.Or(c.unit, right(x, y))
			case "年度指标值":
				c.target = cmp.Or(c.target, below(x, y))
			case "实际完成值":
				c.actual = cmp.Or(c.actual, below(x, y))
			}
		}
	}
	if c.project == "" || c.unit == "" || c.target == "" || c.actual == "" {
		t.Fatalf("%s: labelled cells not all found: %+v", caseBase, c)
	}
	return c
}

func setCell(t testing.TB, f *excelize.File, sheet, cell, value string) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, value); err != nil {
		t.Fatal(err)
	}
}

// longText is start followed by a plausible explanation repeated to n characters, as units
// write them when they paste a paragraph of their report into a cell.
func longText(start string, n int) string {
	const filler = "（根据年度工作计划和上级主管部门批复文件，结合本单位实际情况，逐项细化分解并落实到具体责任科室和责任人，按季度开展调度和督导）"
	var b strings.Builder
	b.WriteString(start)
	for utf8.RuneCountInString(b.String()) < n {
		b.WriteString(filler)
	}
	return string([]rune(b.String())[:n])
}

// strictNamespaces maps the transitional namespaces of the parts excelize writes to their Strict
// OOXML (ISO/IEC 29500 Strict) forms, the specific before the general: a relationship type is a
// namespace followed by a name, and extended-properties changes its name as well.
var strictNamespaces = []struct{ from, to string }{
	{"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
		"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
		"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://purl.oclc.org/ooxml/officeDocument/relationships"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
		"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
		"http://purl.oclc.org/ooxml/officeDocument/customProperties"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
		"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"},
	{"http://schemas.openxmlformats.org/officeDocument/2006/customXml", "http://purl.oclc.org/ooxml/officeDocument/customXml"},
	{"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"},
	{"http://schemas.openxmlformats.org/drawingml/2006/", "http://purl.oclc.org/ooxml/drawingml/"},
	{"http://schemas.openxmlformats.org/schemaLibrary/2006/main", "http://purl.oclc.org/ooxml/schemaLibrary/main"},
	// The package's own namespaces (content types, package relationships, core properties) are
	// the same in both conformance classes.
}

// toStrictOOXML rewrites one part of a transitional package into its Strict form, as Excel's
// "Strict Open XML Spreadsheet" writes it: every namespace and relationship type, and
// conformance="strict" on the workbook.
func toStrictOOXML(t testing.TB, name string, body []byte) []byte {
	if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") && !strings.HasSuffix(name, ".vml") {
		return body
	}
	s := string(body)
	for _, ns := range strictNamespaces {
		s = strings.ReplaceAll(s, ns.from, ns.to)
	}
	if name == "xl/workbook.xml" {
		if !strings.Contains(s, "<workbook ") {
			t.Fatalf("xl/workbook.xml has no <workbook> element: %.200s", s)
		}
		s = strings.Replace(s, "<workbook ", `<workbook conformance="strict" `, 1)
	}
	return []byte(s)
}

// colourlessStyles gives every border side of styles.xml no colour and every font the colour
// rgb="00000000", as some generators write them: both valid, and both turned by the copy into
// colours openpyxl refuses.
func colourlessStyles(t testing.TB, name string, body []byte) []byte {
	if name != "xl/styles.xml" {
		return body
	}
	colour := regexp.MustCompile(`<color\b[^>]*?(?:/>|>\s*</color>)`)
	section := func(s, tag string, edit func(string) string) string {
		i, j := strings.Index(s, "<"+tag), strings.Index(s, "</"+tag+">")
		if i < 0 || j < i {
			t.Fatalf("styles.xml has no <%s>", tag)
		}
		return s[:i] + edit(s[i:j]) + s[j:]
	}
	s := section(string(body), "fonts", func(fonts string) string {
		return colour.ReplaceAllString(fonts, `<color rgb="00000000"/>`)
	})
	s = section(s, "borders", func(borders string) string {
		return colour.ReplaceAllString(borders, "")
	})
	return []byte(s)
}

// TestStrictCaseReadsInLibreOffice proves the hand-made Strict OOXML case is a workbook another
// reader takes for one: LibreOffice reads Strict but writes only transitional OOXML (its "Calc
// Office Open XML" filter included), so the case cannot be made by LibreOffice and is checked by
// it instead.
func TestStrictCaseReadsInLibreOffice(t *testing.T) {
	t.Parallel()
	exe, err := sofficecmd.Find()
	if err != nil {
		msg := "LibreOffice (soffice) is not on the PATH: the Strict OOXML case was not read by a second reader"
		strictcheck.Notice(t, "SKIP TestStrictCaseReadsInLibreOffice: "+msg)
		t.Skip(msg)
	}
	var c strictCase
	for _, sc := range strictCases() {
		if sc.path == "特殊结构/严格OOXML.xlsx" {
			c = sc
		}
	}
	if c.edit == nil {
		t.Fatal("no Strict OOXML case")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "strict.xlsx")
	writeStrictCase(t, c, src)
	csvDir := filepath.Join(dir, "csv")
	// Comma, double quote, UTF-8 (76), from line 1.
	runSoffice(t, exe, dir, "csv:Text - txt - csv (StarCalc):44,34,76,1", csvDir, src)
	data, err := os.ReadFile(filepath.Join(csvDir, "strict.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"网络宣传管理和文化建设经费（严格OOXML）", "三门峡市互联网舆情研究和应急保障中心", "98.69"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("LibreOffice's reading of the Strict case lacks %q:\n%.500s", want, data)
		}
	}
}
