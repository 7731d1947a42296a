package scoring

import (
	"cmp"
	"slices"
	"strings"
)

// FindingOrder says how SortFindings orders findings; every output states its own.
// Position is by sheet (FormSheet first, then in Sheets' order, a sheet it lacks after those,
// by name), then row, then column; a finding with no cell comes first within its sheet.
// Ties fall to the code (then, with ByMessage, the message).
type FindingOrder struct {
	// Sheets is the workbook's order of sheets; nil orders sheets by name.
	Sheets map[string]int
	// FormSheet, when set, sorts before every other sheet (the summary's: the form's own sheet).
	FormSheet string
	// ErrorsFirst orders by severity as shown (errors, warnings, then info) before position.
	ErrorsFirst bool
	// WorstCellFirst groups findings by cell: cells whose worst finding is most severe first,
	// and within a cell, the most severe first. Cells are compared without their sheet.
	WorstCellFirst bool
	// WholeFormFirst puts findings with no cell (about the whole form) before every sheet.
	WholeFormFirst bool
	// SameCell is for findings that all mark one cell (a merged range is one): their
	// positions do not order them.
	SameCell bool
	// ByMessage breaks the last ties by message.
	ByMessage bool
}

// SortFindings orders fs in place, stably, as o says.
func SortFindings(fs []Finding, o FindingOrder) {
	var worst map[string]Severity
	if o.WorstCellFirst {
		worst = map[string]Severity{}
		for _, f := range fs {
			if w, ok := worst[f.Ref.Cell]; !ok || f.Shown() < w {
				worst[f.Ref.Cell] = f.Shown()
			}
		}
	}
	rank := func(sheet string) int {
		if o.FormSheet != "" && sheet == o.FormSheet {
			return -1
		}
		if i, ok := o.Sheets[sheet]; ok {
			return i
		}
		return len(o.Sheets)
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if o.ErrorsFirst {
			if c := cmp.Compare(a.Shown(), b.Shown()); c != 0 {
				return c
			}
		}
		if o.WorstCellFirst {
			if c := cmp.Compare(worst[a.Ref.Cell], worst[b.Ref.Cell]); c != 0 {
				return c
			}
		}
		if !o.SameCell {
			if c := comparePos(a.Ref, b.Ref, o, rank); c != 0 {
				return c
			}
		}
		if o.WorstCellFirst {
			if c := cmp.Compare(a.Shown(), b.Shown()); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(a.Code, b.Code); c != 0 || !o.ByMessage {
			return c
		}
		return cmp.Compare(a.Message, b.Message)
	})
}

// comparePos compares two findings' places as o says.
func comparePos(a, b Ref, o FindingOrder, rank func(string) int) int {
	if o.WholeFormFirst && (a.Cell == "" || b.Cell == "") {
		// Findings about the whole form come first, in no order of their own.
		switch {
		case a.Cell == b.Cell:
			return 0
		case a.Cell == "":
			return -1
		}
		return 1
	}
	if !o.WorstCellFirst {
		if c := cmp.Or(cmp.Compare(rank(a.Sheet), rank(b.Sheet)), cmp.Compare(a.Sheet, b.Sheet)); c != 0 {
			return c
		}
	}
	if a.Cell == b.Cell {
		return 0
	}
	rowA, colA, okA := cellOrder(a.Cell)
	rowB, colB, okB := cellOrder(b.Cell)
	if !okA || !okB {
		return cmp.Compare(a.Cell, b.Cell)
	}
	return cmp.Or(cmp.Compare(rowA, rowB), cmp.Compare(colA, colB))
}

// cellOrder splits "H12" (or "$H$12", or "h12") into (12, 8) for ordering; an empty cell is
// (0, 0), before every other. ok is false for what is not a cell name.
func cellOrder(cell string) (row, col int, ok bool) {
	s := strings.ToUpper(strings.ReplaceAll(cell, "$", ""))
	if s == "" {
		return 0, 0, true
	}
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		row = row*10 + int(s[j]-'0')
		j++
	}
	return row, col, i > 0 && j > i && j == len(s)
}
