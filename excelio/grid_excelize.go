package excelio

import (
	"github.com/xuri/excelize/v2"
)

// loadExcelizeGrid reads a sheet's grid with excelize: the reading of a sheet or package the
// streaming reader leaves to excelize (errIrregular), which keeps every quirk of a malformed or
// unusual workbook reading as it always did.
func loadExcelizeGrid(f *excelize.File, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	if len(rows) > maxScanRows {
		rows = rows[:maxScanRows]
	}
	for i, r := range rows {
		if len(r) > maxScanCols {
			rows[i] = r[:maxScanCols]
		}
	}
	g := &grid{f: f, sheet: sheet, rows: rows, span: map[[2]int][2]int{},
		formats: map[int]numFormat{}, date1904: date1904(f)}
	g.showDates()
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		g.addMerge(r1-1, c1-1, r2-1, c2-1)
	}
	return g, nil
}

// date1904 reports whether the workbook counts dates from 1904 (old Mac workbooks).
func date1904(f *excelize.File) bool {
	props, err := f.GetWorkbookProps()
	return err == nil && props.Date1904 != nil && *props.Date1904
}
