package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// Build returns the blank template of profile p as an .xlsx package: the form on the first sheet
// (year line left blank when year is 0), the profile's notes under it, and a 填表说明 sheet.
// Equal inputs give equal bytes, which is what lets the built-in templates be embedded and checked.
func Build(p *scoring.Profile, year int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", FormSheet); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(GuideSheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	l := LayoutOf(p)
	form := &writer{f: f, sheet: FormSheet}
	if l.NoPoints {
		yunnanForm(form, st, p, l, year)
	} else {
		nationalForm(form, st, p, l, year)
	}
	notesRows(form, st, p, l)
	guide := &writer{f: f, sheet: GuideSheet}
	guideSheet(guide, st, p, l)
	for _, err := range []error{form.err, guide.err, finish(f, p, l)} {
		if err != nil {
			return nil, fmt.Errorf("生成表样：%w", err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// notesRows writes the profile's scoring notes under the form, after one blank row, each line
// merged across the form's width.
func notesRows(w *writer, st *styles, p *scoring.Profile, l Layout) {
	c := CellsOf(l)
	for i, line := range Notes(p, l) {
		r := c.NotesRow + i
		w.merge(Cell("A", r), Cell(c.LastCol, r), line, st.note)
		w.height(r, textHeight(line, 62))
	}
}

// finish sets what belongs to the workbook and its sheets as a whole: protection without a
// password, A4 printing one page wide, the print area, recalculation on open, fixed properties.
func finish(f *excelize.File, p *scoring.Profile, l Layout) error {
	c := CellsOf(l)
	last := c.NotesRow + len(Notes(p, l)) - 1
	steps := []func() error{
		func() error { return protect(f, FormSheet) },
		func() error { return protect(f, GuideSheet) },
		func() error { return pageSetup(f, FormSheet, "portrait") },
		func() error { return pageSetup(f, GuideSheet, "portrait") },
		func() error {
			return f.SetDefinedName(&excelize.DefinedName{
				Name: "_xlnm.Print_Area", Scope: FormSheet,
				RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", FormSheet, c.LastCol, last),
			})
		},
		// The formulas are written without cached values; this asks every program to compute
		// the whole workbook when it opens it, not only the cells it thinks are dirty.
		func() error { return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: ptr(true)}) },
		func() error {
			return f.SetDocProps(&excelize.DocProperties{
				Title: formTitle, Creator: "jxzp", Description: "空白表样，由 jxzp template 生成",
				Created: "2020-01-01T00:00:00Z", Modified: "2020-01-01T00:00:00Z", Language: "zh-CN",
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}

// protect locks a sheet without a password: labels and formulas cannot be typed over by
// accident, while rows can still be inserted and resized.
func protect(f *excelize.File, sheet string) error {
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true,
	})
}

// pageSetup prints a sheet on A4, one page wide, centred.
func pageSetup(f *excelize.File, sheet, orientation string) error {
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptr(9), Orientation: ptr(orientation), FitToWidth: ptr(1), FitToHeight: ptr(0),
	}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	return f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.5), Right: ptr(0.5), Top: ptr(0.6), Bottom: ptr(0.6), Horizontally: ptr(true),
	})
}

// ptr returns a pointer to v, for excelize's optional settings.
func ptr[T any](v T) *T { return &v }
