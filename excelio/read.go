// Package excelio reads 项目支出绩效自评表 forms out of workbooks, whatever their layout, and
// writes the bureau's outputs: the annotated copy of each workbook and the city summary.
package excelio

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jxzp/jxzp/scoring"
)

// FileError says why a whole file could not be read; Code is B03 (unreadable) or B04 (legacy).
type FileError struct {
	Code   scoring.Code // B03 or B04, the file's code in results.json
	Reason string       // Chinese, for the user
	// Err is the cause, one of the Err sentinels of this package or a file-system error.
	Err error
}

// Error returns Reason: the message is shown to the user as it is, in Chinese.
func (e *FileError) Error() string { return e.Reason }

// Unwrap returns Err, so that errors.Is can test the sentinel behind the Chinese reason.
func (e *FileError) Unwrap() error { return e.Err }

// Workbook is what was read from one file.
type Workbook struct {
	// Sheets are the unit's sheets looked at, in workbook order: a 审核意见 sheet of ours, in a
	// copy sent back, is neither read nor listed, so B06's 已查看 names only the unit's sheets.
	Sheets []string
	// Forms are the forms located, in sheet order, then top to bottom; none when no sheet holds one.
	Forms []*scoring.Form
	// Unread are the worksheets that could not be read, in workbook order: each costs that sheet
	// only (B07), the others are read. They are listed in Sheets too.
	Unread []SheetError
	// Others are the indicator tables found that are not 自评表 (a 绩效目标申报表, an 指标清单),
	// in sheet order: not scored, they say what a workbook without a form is (B06).
	Others []OtherTable
	// Data is the .xlsx package the forms were read from: the file's bytes, or what they became
	// after decryption or conversion from .xls. Annotate writes its copy from it.
	Data []byte
	// kept is what the reading left in memory of Data for WriteAnnotated; nil when the parts
	// read are not Data's (a package rewritten by normalizePackage).
	kept *keptPackage
}

// keptPackage is a package's zip directory and the parts its reading inflated, by stored name.
type keptPackage struct {
	zr    *zip.Reader
	parts map[string][]byte
}

// ReadOptions bound the reading of one file.
type ReadOptions struct {
	// Password is tried on an encrypted workbook; empty refuses it with B03.
	Password string
	// Context, when set, stops the reading when it ends (Ctrl-C): a LibreOffice conversion is
	// killed and a file waiting for its share of memory gives up.
	Context context.Context
}

// ctx is the reading's context, never nil.
func (o ReadOptions) ctx() context.Context {
	if o.Context == nil {
		return context.Background()
	}
	return o.Context
}

// readObserver, set by the tests only, is given every package ReadForms reads, once normalised:
// the differential test of the streaming reader checks it against excelize's reading.
var readObserver func(data []byte)

// ReadForms opens the workbook at path read-only and locates every form in it.
// A file that cannot be read at all gives a *FileError.
func ReadForms(path string, opts ReadOptions) (wb *Workbook, err error) {
	defer func() {
		// A crafted workbook must cost one file, never the batch.
		if p := recover(); p != nil {
			wb, err = nil, fileErr(scoring.B03, fmt.Errorf("%w: %v", ErrCorrupt, p), "文件结构异常，无法读取")
		}
	}()
	ctx := opts.ctx()
	pkg, releaseHeld, err := loadPackage(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	defer releaseHeld()
	data := pkg.data
	// One pass inflates every part read, within the bounds, and keeps the XML ones for what follows.
	sp, err := scanZip(data, pkg.zr, limits.partBytes, scanRead)
	if err != nil {
		return nil, err
	}
	data, changed, err := sp.normalize(data)
	if err != nil {
		return nil, err
	}
	if readObserver != nil {
		readObserver(data)
	}
	lazy, err := newLazyExcel(ctx, data, sp)
	if err != nil {
		return nil, err
	}
	defer lazy.close()
	wb = &Workbook{Data: data}
	part, has := keptParts(sp)
	if !changed {
		wb.kept = &keptPackage{zr: sp.zr, parts: sp.parts}
	} else {
		// Rare: the parts read are not the package's any more; its rewritten ones are read anew.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, corruptErr()
		}
		part, has = zipParts(zr)
	}
	sheets, err := bookSheets(part, has, lazy)
	if err != nil {
		return nil, err
	}
	for _, sheet := range sheets {
		forms, others, err := sheet.read()
		if errors.Is(err, errNotWorksheet) {
			continue // a chart, dialog or macro sheet: only a worksheet can hold a form
		}
		wb.Sheets = append(wb.Sheets, sheet.name)
		if err != nil {
			wb.Unread = append(wb.Unread, SheetError{Sheet: sheet.name, Reason: sheetReason(err), Err: err})
			continue
		}
		wb.Forms = append(wb.Forms, forms...)
		for _, what := range others {
			wb.Others = append(wb.Others, OtherTable{Sheet: sheet.name, What: what})
		}
	}
	mended, err := lazy.outcome()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(mended, data) {
		// The full inspection mended a part the reading skipped: the copy is made from the
		// mended package, whose parts are not the ones kept.
		wb.Data, wb.kept = mended, nil
	}
	if len(wb.Unread) > 0 && len(wb.Unread) == len(wb.Sheets) {
		// Not one sheet could be read: the file is damaged, not a workbook with a bad sheet.
		u := wb.Unread[0]
		return nil, fileErr(scoring.B03, fmt.Errorf("%w: %v", ErrCorrupt, u.Err), "工作表“%s”无法读取，文件可能已损坏", u.Sheet)
	}
	return wb, nil
}

// String names the workbook's sheets for messages.
func (wb *Workbook) String() string { return fmt.Sprint(wb.Sheets) }
