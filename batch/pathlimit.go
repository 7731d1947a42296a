package batch

import (
	"unicode/utf8"
)

// maxExcelPath is the longest full path, in characters, Excel opens a workbook from: a longer
// one gets "文件名或路径不存在" however the file was written.
const maxExcelPath = 218

// minNameRunes is the shortest a copy's file name is cut to, 「（审核）(99).xlsx」 included, so a
// reviewer can still tell the copies apart; a deeper output folder than that allows cannot be helped.
const minNameRunes = 24

// minUnitRunes is the shortest a unit's folder name is cut to.
const minUnitRunes = 8

// newNamerWithin returns a namer whose paths, joined to the absolute output folder out, stay
// within Excel's limit: the copy's name is cut first, then the unit's folder.
func newNamerWithin(out string) *namer {
	nm := newNamer()
	nm.budget = max(maxExcelPath-utf8.RuneCountInString(out)-1, 1)
	return nm
}

// unitFolder is the folder name of unit's copies, cut so a name of minNameRunes still fits.
func (nm *namer) unitFolder(unit string) string {
	name := SanitizeName(unit, UnknownUnit)
	if nm.budget == 0 {
		return name
	}
	// 审核结果/<unit>/<name>
	room := nm.budget - utf8.RuneCountInString(ReviewDir) - 2 - minNameRunes
	if room >= utf8.RuneCountInString(name) {
		return name
	}
	cut := trimName(truncateName(name, max(room, minUnitRunes), maxNameBytes))
	if cut == "" {
		return UnknownUnit
	}
	return cut
}

// nameRunes is how long a copy's file name in dir may be.
func (nm *namer) nameRunes(dir string) int {
	if nm.budget == 0 {
		return maxNameRunes
	}
	return min(maxNameRunes, max(nm.budget-utf8.RuneCountInString(dir)-1, minNameRunes))
}
