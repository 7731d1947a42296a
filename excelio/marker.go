package excelio

import (
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"
)

// reviewMarker is the defined name, scoped to the sheet, that marks a 审核意见 sheet as the one
// Annotate added. Units send the annotated copy back after fixing it, and the sheet must then be
// told from their own: not by its name (a unit may have a sheet of that name, or rename ours) nor
// by its content, but by a name Excel, WPS and LibreOffice keep with the sheet when they save,
// rename or move it. It is not hidden: excelize cannot write the hidden attribute of a defined
// name, and a stray entry in the name manager is harmless.
const reviewMarker = "jxzp_review"

// isReviewSheet reports whether sheet is a 审核意见 sheet that Annotate added, by its marker.
func isReviewSheet(f *excelize.File, sheet string) bool {
	for _, dn := range f.GetDefinedName() {
		// Excel compares names without case, and may write one back in another case.
		if strings.EqualFold(dn.Name, reviewMarker) && dn.Scope == sheet {
			return true
		}
	}
	return false
}

// markReviewSheet adds the marker to sheet. It must be called once the sheet is at its final
// position: excelize stores the scope as a sheet position, which MoveSheet does not update.
func markReviewSheet(f *excelize.File, sheet string) error {
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     reviewMarker,
		RefersTo: quoteSheet(sheet) + "!$A$1",
		Scope:    sheet,
	})
}

// errOnlyReview refuses a workbook that holds nothing but 审核意见 sheets of ours: there is no
// sheet of the unit left to annotate, and excelize cannot delete a workbook's last sheet.
var errOnlyReview = errors.New("工作簿中只有审核意见表，没有单位填报的工作表")

// dropReviewSheets deletes the 审核意见 sheets an earlier run added, so a copy sent back and
// annotated again has one, current, 审核意见 rather than a stale one beside it. Deleting a sheet
// also drops the defined names scoped to it, its marker among them, and renumbers the others.
func dropReviewSheets(f *excelize.File) error {
	sheets := f.GetSheetList()
	var stale []string
	for _, s := range sheets {
		if isReviewSheet(f, s) {
			stale = append(stale, s)
		}
	}
	if len(stale) == 0 {
		return nil
	}
	if len(stale) == len(sheets) {
		return errOnlyReview
	}
	for _, s := range stale {
		if err := f.DeleteSheet(s); err != nil {
			return err
		}
	}
	return nil
}
