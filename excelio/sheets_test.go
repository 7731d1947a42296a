package excelio

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/internal/ziptest"
	"github.com/xuri/excelize/v2"
)

// withChartSheet adds a chart sheet 得分图 after the form's sheet, as units add a chart of the
// scores beside the form.
func withChartSheet(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chart := &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{
		{Name: "得分", Values: "自评表!$H$13:$H$18"},
	}}
	if err := f.AddChartSheet("得分图", chart); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "chart.xlsx")
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// otherSheet is a non-worksheet sheet part patched into a package: excelize writes no dialog or
// macro sheets, so the test adds the part, its relationship and its content type by hand.
type otherSheet struct {
	name, part, relType, contentType, body string
}

var (
	dialogSheet = otherSheet{"对话框1", "xl/dialogsheets/sheet1.xml",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml",
		`<dialogsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/></dialogsheet>`}
	macroSheet = otherSheet{"宏1", "xl/macrosheets/sheet1.xml",
		"http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
		"application/vnd.ms-excel.macrosheet+xml",
		`<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData/></xm:macrosheet>`}
)

// withOtherSheet patches the sheet o into the package at path, after the existing sheets.
func withOtherSheet(t *testing.T, path string, o otherSheet) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "other.xlsx")
	ziptest.RewriteAdding(t, path, out, func(name string, body []byte) []byte {
		s := string(body)
		switch name {
		case "xl/workbook.xml":
			s = strings.Replace(s, "</sheets>", `<sheet name="`+o.name+`" sheetId="90" r:id="rId90"/></sheets>`, 1)
		case "xl/_rels/workbook.xml.rels":
			s = strings.Replace(s, "</Relationships>", `<Relationship Id="rId90" Type="`+o.relType+
				`" Target="`+strings.TrimPrefix(o.part, "xl/")+`"/></Relationships>`, 1)
		case "[Content_Types].xml":
			s = strings.Replace(s, "</Types>", `<Override PartName="/`+o.part+`" ContentType="`+o.contentType+`"/></Types>`, 1)
		}
		return []byte(s)
	}, map[string][]byte{o.part: []byte(o.body)})
	return out
}

// withBrokenSheet damages the package's second worksheet: cut in the middle, or missing.
func withBrokenSheet(t *testing.T, path string, missing bool) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "broken.xlsx")
	ziptest.Rewrite(t, path, out, func(name string, body []byte) []byte {
		if name != "xl/worksheets/sheet2.xml" {
			return body
		}
		if missing {
			return nil
		}
		return body[:len(body)/2]
	})
	return out
}

// otherSheetBook is a form beside a sheet that is not a readable worksheet.
type otherSheetBook struct {
	name   string
	build  func(t *testing.T, path string) string
	unread string // the sheet that could not be read (B07), "" when the other sheet is skipped
	why    string // a word its reason must hold
}

var otherSheetBooks = []otherSheetBook{
	{"chart sheet", withChartSheet, "", ""},
	{"dialog sheet", func(t *testing.T, p string) string { return withOtherSheet(t, p, dialogSheet) }, "", ""},
	{"macro sheet", func(t *testing.T, p string) string { return withOtherSheet(t, p, macroSheet) }, "", ""},
	{"damaged worksheet", func(t *testing.T, p string) string { return withBrokenSheet(t, p, false) }, "说明", "损坏"},
	{"missing worksheet", func(t *testing.T, p string) string { return withBrokenSheet(t, p, true) }, "说明", "缺失"},
}

// formAndNote is the national form on 自评表 with an empty 说明 sheet after it.
func formAndNote(t *testing.T) string {
	return writeBook(t, sheetSpec{"自评表", []placed{{nationalForm(defaultText), 0, 0}}},
		sheetSpec{"说明", []placed{{newLayout(), 0, 0}}})
}

// Only worksheets hold forms: a chart, dialog or macro sheet beside the form is skipped without a
// word, and a worksheet that cannot be read costs that sheet only (B07), never the workbook.
func TestReadFormsOtherSheets(t *testing.T) {
	for _, tc := range otherSheetBooks {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := ReadForms(tc.build(t, formAndNote(t)), ReadOptions{})
			if err != nil {
				t.Fatalf("ReadForms: %v", err)
			}
			if len(wb.Forms) != 1 {
				t.Fatalf("%d forms, want 1", len(wb.Forms))
			}
			checkNationalForm(t, wb.Forms[0], 0, 0, defaultText, nil)
			if got := strings.Join(wb.Sheets, ","); got != "自评表,说明" {
				t.Errorf("Sheets = %s, want 自评表,说明: only worksheets are looked at", got)
			}
			switch {
			case tc.unread == "" && len(wb.Unread) != 0:
				t.Errorf("Unread = %+v, want none", wb.Unread)
			case tc.unread != "" && (len(wb.Unread) != 1 || wb.Unread[0].Sheet != tc.unread ||
				!strings.Contains(wb.Unread[0].Reason, tc.why)):
				t.Errorf("Unread = %+v, want %s with a reason saying %s", wb.Unread, tc.unread, tc.why)
			}
		})
	}
}

// The annotated copy of such a workbook is written, every sheet kept: excelize cannot move a sheet
// in it, so 审核意见 comes last and is the active sheet.
func TestAnnotateOtherSheets(t *testing.T) {
	for _, tc := range otherSheetBooks {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.build(t, formAndNote(t))
			unit := openRaw(t, src).GetSheetList()
			wb, err := ReadForms(src, ReadOptions{})
			if err != nil {
				t.Fatalf("ReadForms: %v", err)
			}
			dst := filepath.Join(t.TempDir(), "copy.xlsx")
			results := evaluateAll(t, wb)
			if err := Annotate(wb.Data, dst, results); err != nil {
				t.Fatalf("Annotate: %v", err)
			}
			f := openRaw(t, dst)
			sheets := f.GetSheetList()
			if !slices.Equal(sheets, append(unit, reviewSheet)) {
				t.Fatalf("copy's sheets = %v, want the unit's %v and %s", sheets, unit, reviewSheet)
			}
			if active := f.GetSheetName(f.GetActiveSheetIndex()); active != reviewSheet {
				t.Errorf("active sheet %s, want %s", active, reviewSheet)
			}
			again, err := ReadForms(dst, ReadOptions{})
			if err != nil || len(again.Forms) != 1 {
				t.Fatalf("copy read back: %v, %+v", err, again)
			}
		})
	}
}

// A workbook none of whose worksheets can be read is a damaged file (B03), as before.
func TestReadFormsNoReadableSheet(t *testing.T) {
	path := writeBook(t, sheetSpec{"自评表", []placed{{nationalForm(defaultText), 0, 0}}})
	out := filepath.Join(t.TempDir(), "cut.xlsx")
	ziptest.Rewrite(t, path, out, func(name string, body []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			return body[:len(body)/2]
		}
		return body
	})
	_, err := ReadForms(out, ReadOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Code != "B03" || !strings.Contains(fe.Reason, "自评表") {
		t.Fatalf("err = %v, want B03 naming the sheet", err)
	}
}
