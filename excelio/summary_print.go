package excelio

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// breakAfter are the characters a Chinese organisation or project name may be broken after
// without splitting a word: the ends of 市/县/区, 局/委/院/中心, 和/及/与 and the like.
const breakAfter = "省市州县区局委院会站所队心办处厅部馆校团司、）)-_和及与费金程目"

// breakName breaks a name for a cell width units wide at the last sensible point of each line,
// so a wrapped 实施单位 reads "临江市人力资源和 / 社会保障局", never "临江市人力资源和社 / 会保障局";
// a stretch with no such point is cut at the width. A name that fits is returned as it is.
func breakName(s string, width int) string {
	usable := width - 1
	if usable < 4 || textWidth(s) <= usable || strings.Contains(s, "\n") {
		return s
	}
	rs := []rune(s)
	var lines []string
	for len(rs) > 0 {
		w, fit := 0, 0
		for fit < len(rs) && w+runeWidth(rs[fit]) <= usable {
			w += runeWidth(rs[fit])
			fit++
		}
		if fit == len(rs) {
			lines = append(lines, string(rs))
			break
		}
		cut := fit
		// The last sensible point, unless it leaves less than a third of a line on this one.
		for i := fit; i > fit/3; i-- {
			if strings.ContainsRune(breakAfter, rs[i-1]) || rs[i] == '（' || rs[i] == '(' {
				cut = i
				break
			}
		}
		lines = append(lines, string(rs[:cut]))
		rs = rs[cut:]
	}
	return strings.Join(lines, "\n")
}

// lastBreaks remembers each name column's last name as breakName broke it: a department's
// forms come together, a unit's often too, so most rows repeat the names of the row before.
type lastBreaks struct {
	in, out [3]string
	known   [3]bool
}

// breakName is breakName(s, width) for name column i, whose width does not change.
func (lb *lastBreaks) breakName(i int, s string, width int) string {
	if !lb.known[i] || lb.in[i] != s {
		lb.in[i], lb.out[i], lb.known[i] = s, breakName(s, width), true
	}
	return lb.out[i]
}

// nameWidth is the width of a name column, at most hi: the name of typical length (the 90th
// percentile, so a few very long names do not widen every page) on one line when that fits,
// else the narrowest width at which it takes two lines broken at sensible points. ws are the
// text widths of the column's names (sorted here), first gives the first name of a width.
func nameWidth(ws []int, first func(width int) string, lo, hi int) int {
	if len(ws) == 0 {
		return lo
	}
	slices.Sort(ws)
	target := ws[(len(ws)-1)*9/10]
	if target+1 <= hi {
		return max(lo, target+1)
	}
	typical := first(target)
	for width := max(lo, (target+1)/2+2); width < hi; width++ {
		if strings.Count(breakName(typical, width), "\n") < 2 {
			return width
		}
	}
	return hi
}

// Page geometry of the printSetup layout, in points: the height of A4 landscape less the margins.
const (
	pageHeightPt = 595 - 2*0.6*72
	// pageSafety leaves room for a reader whose row heights differ a little from ours: a break
	// placed a little early costs a few blank lines, one placed late splits a department.
	pageSafety = 0.95
)

// pageRows is the height in sheet points one printed page holds under the repeated title rows.
// It assumes a scale of 100 %: fitting to the page width only ever shrinks a sheet, and each
// reader measures column widths in its own fonts, so a smaller scale cannot be relied on; on a
// shrunk page our breaks come early, never late.
func pageRows(f *excelize.File, sheet string, titleRows int) (float64, error) {
	avail := pageHeightPt * pageSafety
	for r := 1; r <= titleRows; r++ {
		h, err := f.GetRowHeight(sheet, r)
		if err != nil {
			return 0, err
		}
		avail -= h
	}
	return avail, nil
}

// keepTogether places manual page breaks so that each block of rows (a department and its
// subtotal) starts on a new page when it would not fit on what is left of the current one but
// fits on a page of its own; a block longer than a page is broken row by row. blocks are the
// first rows of each block, in order, end is the last row of the table and heightOf gives the
// height of a row under the title rows.
func keepTogether(f *excelize.File, sheet string, titleRows int, blocks []int, end int, heightOf func(row int) float64) error {
	capacity, err := pageRows(f, sheet, titleRows)
	if err != nil || capacity <= 0 {
		return err
	}
	// LibreOffice ignores manual breaks on a sheet fitted to the page and breaks where the page
	// is full: the sheet is printed at a scale of our own instead, which every reader honours
	// with the breaks, and the page holds capacity / scale of the sheet's height.
	scale, err := fixScale(f, sheet)
	if err != nil {
		return err
	}
	capacity = capacity * 100 / float64(scale)
	height := func(from, to int) float64 {
		h := 0.0
		for r := from; r <= to; r++ {
			h += heightOf(r)
		}
		return h
	}
	used := 0.0
	for i, first := range blocks {
		last := end
		if i+1 < len(blocks) {
			last = blocks[i+1] - 1
		}
		h := height(first, last)
		if used > 0 && used+h > capacity && h <= capacity {
			if err := f.InsertPageBreak(sheet, cellRef(1, first)); err != nil {
				return err
			}
			used = 0
		}
		if used+h <= capacity {
			used += h
			continue
		}
		// Longer than what is left: break row by row.
		for r := first; r <= last; r++ {
			rh := heightOf(r)
			if used > 0 && used+rh > capacity {
				if err := f.InsertPageBreak(sheet, cellRef(1, r)); err != nil {
					return err
				}
				used = 0
			}
			used += rh
		}
	}
	return nil
}

// Page width of the printSetup layout, in points: A4 landscape less the side margins.
const pageWidthPt = 842 - 2*0.4*72

// fixScale replaces fit-to-width on sheet by the scale that fits its columns to the page width,
// measured generously (8 px a character, 宋体's widest digit, plus Excel's 5 px of padding), so
// the columns never spill onto a second page across; it returns the scale in percent.
func fixScale(f *excelize.File, sheet string) (int, error) {
	cols, err := f.GetCols(sheet)
	if err != nil {
		return 0, err
	}
	total := 0.0
	for i := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			return 0, err
		}
		total += (w*8 + 5) * 0.75
	}
	scale := 100
	if total > 0 {
		scale = min(100, max(10, int(pageWidthPt/total*100*0.9)))
	}
	fit := false
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return 0, err
	}
	s := uint(scale)
	return scale, f.SetPageLayout(sheet, &excelize.PageLayoutOptions{AdjustTo: &s})
}

// pages is how many pages rows up to end take at 100 %, by the estimate keepTogether uses;
// heightOf gives the height of a row under the title rows.
func pages(f *excelize.File, sheet string, titleRows, end int, heightOf func(row int) float64) float64 {
	capacity, err := pageRows(f, sheet, titleRows)
	if err != nil || capacity <= 0 {
		return 0
	}
	h := 0.0
	for r := titleRows + 1; r <= end; r++ {
		h += heightOf(r)
	}
	// The scale fit-to-width gives is not known here; 1.5 pages at 100 % still print on one
	// page at the usual 65–75 %.
	return h / capacity / 1.5
}
