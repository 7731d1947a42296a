package excelio

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// addReviewSheet creates 审核意见 as the first and active sheet of the copy.
func addReviewSheet(f *excelize.File, results []*scoring.Result, order map[string]int) error {
	name, err := freeReviewSheetName(f)
	if err != nil {
		return err
	}
	if err := checkNewSheetPath(f); err != nil {
		return err
	}
	if err := insertFirstSheet(f, name); err != nil {
		return err
	}
	// Marked only now, after the move: its scope is a sheet position too.
	if err := markReviewSheet(f, name); err != nil {
		return fmt.Errorf("定义名称 %s：%w", reviewMarker, err)
	}
	if idx, err := f.GetSheetIndex(name); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}

	data, err := reviewXML(results, order, newOutStyles(f).id, nil)
	if err != nil {
		return err
	}
	return replaceSheetPart(f, name, data)
}

// replaceSheetPart makes excelize save data as the part of sheet, a sheet NewSheet made: the
// parsed worksheet is dropped, so the part is written from the package as it stands.
func replaceSheetPart(f *excelize.File, sheet string, data []byte) error {
	for id, name := range f.GetSheetMap() {
		if name != sheet {
			continue
		}
		// NewSheet names the part after the sheet's ID.
		path := "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
		if _, ok := f.Sheet.Load(path); !ok {
			break
		}
		f.Sheet.Delete(path)
		f.Pkg.Store(path, data)
		return nil
	}
	return errors.New("工作簿内部结构特殊，无法写入审核意见表")
}

// freeReviewSheetName is 审核意见, or 审核意见(n) for the first n that the unit has not used.
func freeReviewSheetName(f *excelize.File) (string, error) {
	name := reviewSheet
	for n := 2; ; n++ {
		idx, err := f.GetSheetIndex(name)
		if err != nil {
			return "", err
		}
		if idx < 0 {
			return name, nil
		}
		name = reviewSheet + "(" + strconv.Itoa(n) + ")"
	}
}

// allWorksheets reports whether every sheet is a worksheet excelize can parse. MoveSheet
// dereferences each sheet's worksheet and crashes on a chart, dialog or macro sheet or a damaged
// worksheet; in such a workbook the review sheet stays last, and opens first as the active sheet.
func allWorksheets(f *excelize.File) bool {
	for _, sheet := range f.GetSheetList() {
		if _, err := f.GetMergeCells(sheet); err != nil {
			return false
		}
	}
	return true
}

// insertFirstSheet adds an empty sheet name before all the others.
//
// MoveSheet renumbers the sheets but not the sheet-scoped defined names (print areas, print
// titles, filters), which hold a sheet position: they are lifted out, and put back after the
// move by sheet name so each still belongs to its own sheet.
func insertFirstSheet(f *excelize.File, name string) error {
	first := f.GetSheetName(0)
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "Workbook" && dn.Scope != "" {
			scoped = append(scoped, dn)
		}
	}
	for _, dn := range scoped {
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
			return fmt.Errorf("定义名称 %s：%w", dn.Name, err)
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if first != "" && allWorksheets(f) {
		giveSheetViews(f)
		if err := f.MoveSheet(name, first); err != nil {
			return err
		}
	}
	for _, dn := range scoped {
		if err := f.SetDefinedName(&dn); err != nil {
			return fmt.Errorf("定义名称 %s：%w", dn.Name, err)
		}
	}
	return nil
}

// giveSheetViews gives a default view to every worksheet written without one (the element is
// optional, and LibreOffice and other writers omit it): excelize's MoveSheet deselects the tab of
// every sheet through its view and panics on a sheet that has none.
func giveSheetViews(f *excelize.File) {
	for _, sheet := range f.GetSheetList() {
		// Reading view 0 creates it when missing; a sheet that is no worksheet has no views to
		// deselect and answers with an error, which is nothing to act on.
		_, _ = f.GetSheetView(sheet, 0)
	}
}

// checkNewSheetPath refuses a workbook whose part names would make NewSheet overwrite one of
// its sheets: excelize names the new part after the highest sheet ID, and some writers number
// their parts differently from their sheet IDs.
func checkNewSheetPath(f *excelize.File) error {
	maxID := 0
	for id := range f.GetSheetMap() {
		maxID = max(maxID, id)
	}
	path := "xl/worksheets/sheet" + strconv.Itoa(maxID+1) + ".xml"
	_, inPkg := f.Pkg.Load(path)
	_, inSheets := f.Sheet.Load(path)
	if inPkg || inSheets {
		return errNewSheetPath(path)
	}
	return nil
}

// errNewSheetPath refuses a workbook whose part path, where the review sheet would go, is taken.
func errNewSheetPath(path string) error {
	return errors.New("工作簿内部结构特殊，无法插入审核意见表：" + path + " 已被占用")
}
