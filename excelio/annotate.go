package excelio

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// reviewSheet is the name of the sheet Annotate puts first in the copy.
const reviewSheet = "审核意见"

// commentAuthor signs every 批注 Annotate writes, so the unit tells the bureau's from its own.
const commentAuthor = "财政局审核"

// copyPathForType is the name Annotate gives the workbook before writing it; only its extension
// is used, to choose the package's content type.
const copyPathForType = "copy.xlsx"

// Annotate writes to dst a copy of the workbook package src (Workbook.Data: the unit's file as
// read, converted from .xls or decrypted where it had to be) with every finding of results marked
// (fill and 批注 on its cell) and a first sheet 审核意见. dst is written to a temporary name
// beside it and renamed, so a crash leaves no half-written file.
func Annotate(src []byte, dst string, results []*scoring.Result) error {
	return fsx.WriteLazy(dst, func(w io.Writer) error {
		return writeAnnotated(src, nil, w, results)
	})
}

// WriteAnnotated writes to w the copy Annotate would write of the package the workbook was read
// from, taking the package's directory and the parts the reading inflated as they are rather
// than reading them again. Nothing is written to w when it fails before the copy is complete in
// memory; a failure while writing may leave part of it there.
func (wb *Workbook) WriteAnnotated(w io.Writer, results []*scoring.Result) error {
	return writeAnnotated(wb.Data, wb.kept, w, results)
}

// writeAnnotated writes the annotated copy of src to w: by patching it when the patcher can,
// else through excelize's model. kept, when not nil, is what reading src left in memory.
func writeAnnotated(src []byte, kept *keptPackage, w io.Writer, results []*scoring.Result) error {
	if p, err := openPatchKept(src, kept); err == nil {
		if done, err := annotateByPatch(p, w, results); done || err != nil {
			return err
		}
	}
	return annotateModel(src, w, results)
}

// annotateByPatch writes the copy of p by patching it; done is false when the patcher leaves the
// package to annotateModel (errNoPatch).
func annotateByPatch(p *pkgPatch, w io.Writer, results []*scoring.Result) (done bool, err error) {
	// Copies are written side by side: each waits for its share of the memory budget (budget.go).
	// The patcher holds no model of the package, only the parts it changes: their declared size
	// bounds it, as the patcher refuses a part larger than it declares.
	release, err := parseBudget.acquire(context.Background(), costPerInflated*p.declared())
	if err != nil {
		return true, err
	}
	defer release()
	defer p.release()
	if err := annotatePatched(p, results); errors.Is(err, errNoPatch) {
		return false, nil
	} else if err != nil {
		return true, err
	}
	return true, p.write(w)
}

// annotateModel is Annotate through excelize's model of the whole package, for the packages the
// patcher leaves alone (see annotatePatched).
func annotateModel(src []byte, w io.Writer, results []*scoring.Result) error {
	// Copies are written side by side: each waits for its share of the memory budget (budget.go).
	release, err := reserve(context.Background(), src)
	if err != nil {
		return err
	}
	defer release()
	f, err := openPackage(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if zw := newPatchZip(src); zw != nil {
		f.SetZipWriter(zw)
	}

	// A copy the unit sent back still holds the 审核意见 of the earlier round: it goes before
	// anything is numbered, so the copy gets exactly one, this round's, and the sheet positions
	// used below are those of the unit's sheets.
	if err := dropReviewSheets(f); err != nil {
		return err
	}
	order := sheetOrder(f)
	marked, err := markFindings(f, results, order)
	if err != nil {
		return err
	}
	if err := clearStaleMarks(f, src, marked); err != nil {
		return err
	}
	if err := addReviewSheet(f, results, order); err != nil {
		return err
	}
	// The copy is always an .xlsx. Naming the file lets excelize give the package the content
	// type of one: an .xlsm's macro-enabled type under an .xlsx name is a file Excel refuses to
	// open ("file format or extension is not valid").
	f.Path = copyPathForType
	_, err = f.WriteTo(w)
	return err
}

// openPackage opens the workbook package src as Annotate edits it.
func openPackage(src []byte) (*excelize.File, error) {
	return excelize.OpenReader(bytes.NewReader(src), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
	})
}

// sheetOrder maps each sheet of the unit's workbook to its position, for cell-order sorting.
func sheetOrder(f *excelize.File) map[string]int {
	order := map[string]int{}
	for i, name := range f.GetSheetList() {
		order[name] = i
	}
	return order
}

// findingPos is where a finding sorts: by sheet in workbook order, then row, then column.
// Findings about the form as a whole (no cell) sort first.
type findingPos struct {
	hasCell  bool
	sheet    int
	name     string
	row, col int
}

func posOf(ref scoring.Ref, order map[string]int) findingPos {
	col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref.Cell, "$", ""))
	if ref.Cell == "" || err != nil {
		return findingPos{}
	}
	idx, ok := order[ref.Sheet]
	if !ok {
		idx = len(order)
	}
	return findingPos{hasCell: true, sheet: idx, name: ref.Sheet, row: row, col: col}
}

func comparePos(a, b findingPos) int {
	if a.hasCell != b.hasCell {
		if !a.hasCell {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.sheet, b.sheet), cmp.Compare(a.name, b.name),
		cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
}

// sortedFindings returns fs errors first, then warnings, then info, each in cell order, then
// by code: the order of the 审核意见 table.
func sortedFindings(fs []scoring.Finding, order map[string]int) []scoring.Finding {
	out := slices.Clone(fs)
	scoring.SortFindings(out, scoring.FindingOrder{Sheets: order, ErrorsFirst: true, WholeFormFirst: true, ByMessage: true})
	return out
}
