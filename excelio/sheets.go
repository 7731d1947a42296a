package excelio

import (
	"errors"
	"fmt"

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

// readSheet locates the forms on one sheet, and names the indicator tables on it that are not
// forms. A panic while reading it costs this sheet only.
func readSheet(f *excelize.File, sheet string) (forms []*scoring.Form, others []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			forms, others, err = nil, nil, fmt.Errorf("%w: %v", errSheetPanic, p)
		}
	}()
	g, err := loadGrid(f, sheet)
	if err != nil {
		if notWorksheet(err, sheet) {
			return nil, nil, errNotWorksheet
		}
		return nil, nil, err
	}
	forms, others = locateForms(g)
	return forms, others, nil
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
