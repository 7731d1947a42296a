package batch

import (
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameRunes is the longest name component an output path may have, in characters: the
// bureau copies the folder to Windows machines, where long paths break Explorer and Excel.
const maxNameRunes = 100

// maxNameBytes keeps a component under the 255-byte limit of Linux file systems: 100 Chinese
// characters take 300 bytes in UTF-8, so the character limit alone would not be enough.
const maxNameBytes = 240

// ReviewDir is the folder under OUT that holds the annotated copies.
const ReviewDir = "审核结果"

// UnknownUnit names the folder of copies whose form has no readable 实施单位.
const UnknownUnit = "未识别单位"

// reviewSuffix marks an annotated copy, so it is never mistaken for the unit's original.
const reviewSuffix = "（审核）"

// reviewSuffixes are the spellings of reviewSuffix a stem may already end with: a copy the unit
// sent back after fixing it keeps our name, perhaps retyped with ASCII brackets.
var reviewSuffixes = []string{reviewSuffix, "(审核)"}

// reservedNames are the device names Windows refuses as a file name, with or without extension.
var reservedNames = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true,
	"COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true,
	"LPT7": true, "LPT8": true, "LPT9": true,
}

// SanitizeName turns s into one path component that Windows, macOS and Linux all accept:
// forbidden characters become "_", control characters are dropped, surrounding spaces and
// trailing dots go, and the result is cut to maxNameRunes characters. fallback is used when
// nothing is left.
func SanitizeName(s, fallback string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteRune('_')
		case strings.ContainsRune(`\/:*?"<>|`, r):
			b.WriteRune('_')
		case unicode.IsControl(r):
			// A line break inside a cell is common in unit names; it means nothing in a file name.
		default:
			b.WriteRune(r)
		}
	}
	out := trimName(b.String())
	out = truncateName(out, maxNameRunes, maxNameBytes)
	out = trimName(out)
	if out == "" {
		out = fallback
	}
	if stem, _, _ := strings.Cut(out, "."); reservedNames[strings.ToUpper(strings.TrimSpace(stem))] {
		out = "_" + out
	}
	return out
}

// trimName removes what Windows strips silently (trailing dots and spaces) and the leading
// spaces a unit may have typed, so two runs and two systems agree on the name.
func trimName(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	return strings.TrimRightFunc(s, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
}

// truncateName cuts s to at most maxRunes characters and maxBytes bytes, never inside a rune.
func truncateName(s string, maxRunes, maxBytes int) string {
	n, size := 0, 0
	for i, r := range s {
		l := utf8.RuneLen(r)
		if n+1 > maxRunes || size+l > maxBytes {
			return s[:i]
		}
		n++
		size += l
	}
	return s
}

// copyName is the file name of the annotated copy of input: its stem, 「（审核）」, the suffix
// " (n)" when n > 1, and .xlsx (the copy is always written as .xlsx whatever came in). The stem
// is shortened so the whole name stays within the limits. A stem that already ends with
// 「（审核）」 or 「(审核)」 (our copy, sent back) does not get a second one: the copy of
// X（审核）.xlsx is X（审核）.xlsx, not X（审核）（审核）.xlsx.
func copyName(input string, n int) string {
	return copyNameWithin(input, n, maxNameRunes)
}

// copyNameWithin is copyName with the name cut to maxRunes characters instead of maxNameRunes.
func copyNameWithin(input string, n, maxRunes int) string {
	stem := strings.TrimSuffix(input, path.Ext(input))
	tail := reviewSuffix
	if n > 1 {
		tail += "(" + strconv.Itoa(n) + ")"
	}
	tail += ".xlsx"
	stem = SanitizeName(stem, "未命名")
	stem = trimReviewSuffix(stem)
	stem = truncateName(stem, maxRunes-utf8.RuneCountInString(tail), maxNameBytes-len(tail))
	stem = trimName(stem)
	if stem == "" {
		stem = "未命名"
	}
	return stem + tail
}

// trimReviewSuffix removes every 「（审核）」 or 「(审核)」 stem ends with, and the spaces before
// them: a copy that went round several times still gets one. An earlier copy's collision number
// (X（审核）(2)) is a part of the stem like any other and stays.
func trimReviewSuffix(stem string) string {
	for {
		cut := false
		for _, sfx := range reviewSuffixes {
			if s, ok := strings.CutSuffix(stem, sfx); ok {
				stem, cut = trimName(s), true
			}
		}
		if !cut {
			return stem
		}
	}
}

// namer hands out output paths for annotated copies, one call per input in path order, so the
// first input keeps the plain name and later ones that would land on it get (2), (3), …
// A file keeps only its collision number: its path is derived from it each time it is needed
// (output), so a run of fifty thousand files holds no path of a copy.
type namer struct {
	// used are the paths handed out, by collision key; let go once every file has its number.
	used   map[string]bool
	budget int // the longest output path relative to OUT, in characters; 0 for no limit
	// flat puts the copies straight into the output folder, not under ReviewDir/<unit>.
	flat bool
	// dirs are the units' folders, by unit: filled by reserve, only read afterwards, so that
	// output may be called by several goroutines at once.
	dirs map[string]unitDir
}

// unitDir is the folder of a unit's copies, relative to OUT, and how long a copy's name in it may be.
type unitDir struct {
	path      string // "" for a flat namer
	nameRunes int
}

func newNamer() *namer { return &namer{used: map[string]bool{}, dirs: map[string]unitDir{}} }

// newFlatNamer returns a namer whose copies go straight into the output folder (jxzp check).
func newFlatNamer() *namer {
	nm := newNamer()
	nm.flat = true
	return nm
}

// reserve hands out the collision number of the input file at rel whose first form names unit
// (trimmed), and returns the output path it stands for, relative to OUT with '/' separators.
func (nm *namer) reserve(rel, unit string) (int, string) {
	d, ok := nm.dirs[unit]
	if !ok {
		d = nm.dir(unit)
		nm.dirs[strings.Clone(unit)] = d
	}
	base := path.Base(rel)
	for n := 1; ; n++ {
		p := d.join(copyNameWithin(base, n, d.nameRunes))
		// Windows and macOS compare names without case, and macOS may decompose them: two
		// names equal under that comparison would overwrite each other there.
		key := strings.ToLower(norm.NFC.String(p))
		if !nm.used[key] {
			nm.used[key] = true
			return n, p
		}
	}
}

// settled lets the collision keys go once every file has its number: output needs none of them.
func (nm *namer) settled() { nm.used = nil }

// path is the output path that reserve returned with collision number n for rel and unit.
func (nm *namer) path(rel, unit string, n int) string {
	d, ok := nm.dirs[unit]
	if !ok {
		d = nm.dir(unit)
	}
	return d.join(copyNameWithin(path.Base(rel), n, d.nameRunes))
}

// output is the path of the annotated copy of s relative to OUT with '/' separators, "" when
// it has none.
func (nm *namer) output(s *fileState) string {
	if s.copyN == 0 {
		return ""
	}
	return nm.path(s.rel, strings.TrimSpace(s.unit), int(s.copyN))
}

// dir is the folder of unit's copies.
func (nm *namer) dir(unit string) unitDir {
	if nm.flat {
		return unitDir{nameRunes: maxNameRunes}
	}
	p := ReviewDir + "/" + nm.unitFolder(unit)
	return unitDir{path: p, nameRunes: nm.nameRunes(p)}
}

// join is the path of the copy named name in d.
func (d unitDir) join(name string) string {
	if d.path == "" {
		return name
	}
	return d.path + "/" + name
}
