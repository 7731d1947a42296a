package excelio

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// refill returns the index of a cell format (xf) that is format old with only its fill
// replaced: fill "" means no fill. The unit's font, border, number format, alignment and
// protection are kept by reference to the same records, so their colours come out exactly as
// the unit's file wrote them. Rebuilding the format from excelize's decoded Style instead turns
// a border colour that was absent into rgb="FF" and prefixes an 8-digit font colour again,
// which strict readers refuse.
func refill(f *excelize.File, old int, fill string) (int, error) {
	if _, err := f.GetStyle(0); err != nil {
		// GetStyle loads the stylesheet: it is read lazily.
		return 0, err
	}
	xfs := f.Styles.CellXfs
	if xfs == nil || len(xfs.Xf) == 0 {
		return 0, fmt.Errorf("工作簿没有单元格格式")
	}
	if old < 0 || old >= len(xfs.Xf) {
		old = 0 // a style index the workbook does not define reads as the default format
	}
	xf := xfs.Xf[old]
	fillID, slot := 0, len(xfs.Xf) // fills[0] is the "none" pattern every stylesheet starts with
	if fill != "" {
		// NewStyle is the only public way to add a fill record. The format it adds for the fill
		// alone is new and used by no cell, so it becomes the copy; one it found is left alone.
		tmp, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}})
		if err != nil {
			return 0, err
		}
		fid := xfs.Xf[tmp].FillID
		if fid == nil {
			return 0, fmt.Errorf("格式 %d 没有填充", tmp)
		}
		fillID = *fid
		if tmp == slot && len(xfs.Xf) == slot+1 {
			xfs.Xf = xfs.Xf[:slot]
		}
	}
	applied := true
	xf.FillID, xf.ApplyFill = &fillID, &applied
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	return slot, nil
}
