package templates

import (
	"github.com/xuri/excelize/v2"
)

// writer sets cells of one sheet and keeps the first error, so that building a form reads as a
// list of cells rather than a list of error checks.
type writer struct {
	f     *excelize.File
	sheet string
	err   error
}

// keep records err when it is the first.
func (w *writer) keep(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// set writes v (nil leaves the cell empty) to cell with style.
func (w *writer) set(cell string, v any, style int) {
	if v != nil {
		w.keep(w.f.SetCellValue(w.sheet, cell, v))
	}
	w.keep(w.f.SetCellStyle(w.sheet, cell, cell, style))
}

// merge merges from:to, writes v to from and styles the whole range, so borders run around it.
func (w *writer) merge(from, to string, v any, style int) {
	w.keep(w.f.MergeCell(w.sheet, from, to))
	if v != nil {
		w.keep(w.f.SetCellValue(w.sheet, from, v))
	}
	w.keep(w.f.SetCellStyle(w.sheet, from, to, style))
}

// formula writes a formula (without the leading =) to cell with style; it has no cached value,
// so every spreadsheet program computes it on open.
func (w *writer) formula(cell, expr string, style int) {
	w.keep(w.f.SetCellFormula(w.sheet, cell, expr))
	w.keep(w.f.SetCellStyle(w.sheet, cell, cell, style))
}

// height sets the height of row r in points.
func (w *writer) height(r int, h float64) { w.keep(w.f.SetRowHeight(w.sheet, r, h)) }

// widths sets the widths of the columns from A on.
func (w *writer) widths(ws []float64) {
	for i, wd := range ws {
		col, err := excelize.ColumnNumberToName(i + 1)
		w.keep(err)
		w.keep(w.f.SetColWidth(w.sheet, col, col, wd))
	}
}

// list adds a drop-down of choices over sqref. strict refuses anything else (an unknown label
// would only come back as S05); otherwise the list is a suggestion and any value is taken.
func (w *writer) list(sqref string, choices []string, strict bool, title, msg string) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	w.keep(dv.SetDropList(choices))
	if strict {
		dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
	} else if title != "" {
		dv.SetError(excelize.DataValidationErrorStyleInformation, title, msg)
	}
	w.keep(w.f.AddDataValidation(w.sheet, dv))
}

// nonNegative refuses a negative or non-numeric entry over sqref.
func (w *writer) nonNegative(sqref, what string) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	w.keep(dv.SetRange(0, 1e9, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", what+"应填写不小于 0 的数字。")
	w.keep(w.f.AddDataValidation(w.sheet, dv))
}

// textHeight estimates the height of a merged row holding text at about perLine characters a line.
func textHeight(text string, perLine int) float64 {
	n := len([]rune(text))
	lines := max(1, (n+perLine-1)/perLine)
	return float64(lines)*14 + 4
}
