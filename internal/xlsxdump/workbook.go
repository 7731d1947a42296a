package xlsxdump

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// workbook is xl/workbook.xml: the sheets in tab order, the defined names and the rest as written.
type workbook struct {
	Views  []attrElem `xml:"bookViews>workbookView"`
	Sheets []attrElem `xml:"sheets>sheet"`
	Names  []struct {
		Attrs []xml.Attr `xml:",any,attr"`
		Text  string     `xml:",chardata"`
	} `xml:"definedNames>definedName"`
	Other []node `xml:",any"`
}

// view is a workbookView attribute as a number, 0 when absent as the schema defaults it.
func (w *workbook) view(name string) int {
	if len(w.Views) == 0 {
		return 0
	}
	v, _ := attr(w.Views[0].Attrs, name)
	n, _ := strconv.Atoi(v)
	return n
}

func (w *workbook) sheetName(i int) string {
	n, _ := attr(w.Sheets[i].Attrs, "name")
	return n
}

func (d *dumper) workbook() {
	d.line(0, "workbook %s", d.wbPart)
	d.relLines(1, d.wbRels)
	for _, o := range d.wb.Other {
		d.line(1, "%s", o)
	}
	for _, v := range d.wb.Views {
		d.line(1, "workbookView{%s}", attrs(v.Attrs))
	}
	for i := range d.wb.Sheets {
		d.line(1, "%s", d.sheetHeader(i))
	}
	for _, n := range d.wb.Names {
		d.line(1, "%s", d.definedName(n.Attrs, n.Text))
	}
}

// sheetHeader is the sheet's tab: position, name, state and whether it is the active or first
// tab shown.
func (d *dumper) sheetHeader(i int) string {
	as := d.wb.Sheets[i].Attrs
	parts := []string{"sheet", strconv.Itoa(i + 1), strconv.Quote(d.wb.sheetName(i))}
	if a := attrs(as, "name", "r:id"); a != "" {
		parts = append(parts, a)
	}
	if _, ok := attr(as, "state"); !ok {
		parts = append(parts, "(visible)")
	}
	if d.wb.view("activeTab") == i {
		parts = append(parts, "active")
	}
	if d.wb.view("firstSheet") == i {
		parts = append(parts, "first")
	}
	return strings.Join(parts, " ")
}

// definedName shows the scope by sheet name, since the index alone hides a name moved to the
// wrong sheet when sheets are inserted.
func (d *dumper) definedName(as []xml.Attr, text string) string {
	name, _ := attr(as, "name")
	parts := []string{"definedName", quote(name)}
	if id, ok := attr(as, "localSheetId"); ok {
		i, err := strconv.Atoi(id)
		if err != nil || i < 0 || i >= len(d.wb.Sheets) {
			parts = append(parts, "localSheetId="+quote(id)+" (no such sheet)")
		} else {
			parts = append(parts, "sheet="+quote(d.wb.sheetName(i)))
		}
	}
	if a := attrs(as, "name", "localSheetId"); a != "" {
		parts = append(parts, a)
	}
	return strings.Join(append(parts, "=", strconv.Quote(text)), " ")
}
