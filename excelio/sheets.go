package excelio

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/jxzp/jxzp/scoring"
	"github.com/xuri/excelize/v2"
)

// SheetError is one worksheet that could not be read; the rest of its workbook was (B07).
type SheetError struct {
	Sheet  string // the sheet's name as written in the workbook
	Reason string // Chinese, why the sheet could not be read
	Err    error  // the cause, for logs and tests
}

var (
	// errNotWorksheet marks a chart, dialog or macro sheet: not an error, a sheet to skip.
	errNotWorksheet = errors.New("not a worksheet")
	// errSheetPanic marks a sheet whose reading tripped a library panic.
	errSheetPanic = errors.New("panic reading the sheet")
)

// sheetToRead is one sheet of a workbook, with the way its grid is read.
type sheetToRead struct {
	name string
	grid func() (*grid, error)
}

// bookSheets lists the sheets of the package (see readIndex for part and has) to read, in workbook order, our own 审核意见
// sheets left out: their tables quote the form's labels and scores, and read as a form they
// would give dozens of bogus findings. The streaming reader reads them; a package it does not
// model exactly (errIrregular) is read by excelize, opened through lazy.
func bookSheets(part func(string) []byte, has func(string) bool, lazy *lazyExcel) ([]sheetToRead, error) {
	book, err := streamBookOf(part, has)
	if err != nil {
		f, err := lazy.open()
		if err != nil {
			return nil, err
		}
		var out []sheetToRead
		for _, name := range f.GetSheetList() {
			if !isReviewSheet(f, name) {
				out = append(out, sheetToRead{name: name, grid: func() (*grid, error) { return excelizeSheetGrid(f, name) }})
			}
		}
		return out, nil
	}
	var out []sheetToRead
	for _, s := range book.sheets {
		if !book.reviews[s.name] {
			out = append(out, sheetToRead{name: s.name, grid: func() (*grid, error) { return streamSheetGrid(book, s, lazy) }})
		}
	}
	return out, nil
}

// read locates the forms on the sheet, and names the indicator tables on it that are not
// forms. A panic while reading it costs this sheet only.
func (s sheetToRead) read() (forms []*scoring.Form, others []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			forms, others, err = nil, nil, fmt.Errorf("%w: %v", errSheetPanic, p)
		}
	}()
	g, err := s.grid()
	if err != nil {
		return nil, nil, err
	}
	forms, others = locateForms(g)
	return forms, others, nil
}

// streamSheetGrid reads the grid of the sheet s of book, leaving it to excelize when the
// streaming reader does not model it exactly.
func streamSheetGrid(book *streamBook, s bookSheet, lazy *lazyExcel) (*grid, error) {
	switch {
	case !plainSheetName(s.name):
		return excelizeOnly(s.name, lazy)
	case !s.found:
		return nil, excelize.ErrSheetNotExist{SheetName: s.name}
	case isChartLike(s.part):
		return nil, errNotWorksheet
	}
	g, err := readStreamGrid(book, s, lazy)
	if !errors.Is(err, errIrregular) {
		return g, err
	}
	return excelizeOnly(s.name, lazy)
}

// excelizeOnly reads the grid of a sheet the streaming reader leaves to excelize.
func excelizeOnly(sheet string, lazy *lazyExcel) (*grid, error) {
	f, err := lazy.open()
	if err != nil {
		return nil, err
	}
	return excelizeSheetGrid(f, sheet)
}

// plainSheetName reports whether excelize accepts name as a sheet's name; it refuses to read a
// sheet of any other, which only excelize knows how to say.
func plainSheetName(name string) bool {
	return name != "" && len(utf16.Encode([]rune(name))) <= excelize.MaxSheetNameLength &&
		!strings.HasPrefix(name, "'") && !strings.HasSuffix(name, "'") && !strings.ContainsAny(name, `:\/?*[]`)
}

// excelizeSheetGrid reads the grid of a sheet with excelize.
func excelizeSheetGrid(f *excelize.File, sheet string) (*grid, error) {
	g, err := loadExcelizeGrid(f, sheet)
	if err != nil && notWorksheet(err, sheet) {
		return nil, errNotWorksheet
	}
	return g, err
}

// notWorksheet reports excelize's refusal of a chart, dialog or macro sheet. excelize gives that
// refusal no type of its own and compares its message in the same way internally.
func notWorksheet(err error, sheet string) bool {
	return err.Error() == fmt.Sprintf("sheet %s is not a worksheet", sheet)
}

// sheetReason says in Chinese why a worksheet could not be read.
func sheetReason(err error) string {
	var missing excelize.ErrSheetNotExist
	switch {
	case errors.As(err, &missing):
		return "该表的内容在文件中缺失，文件可能已损坏"
	case errors.Is(err, errSheetPanic):
		return "该表结构异常，读取时出错"
	default:
		return "该表的内容已损坏，无法解析"
	}
}
