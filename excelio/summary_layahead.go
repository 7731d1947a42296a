package excelio

// Laying 问题清单 out ahead: with more than one worker, its rows are laid out by a goroutine of
// their own while 汇总表 and 按主管部门 are built, as soon as the forms are grouped. Styles must
// be made in the order the sheets use them, for the same bytes whatever the worker count, so
// the goroutine only notes the styles its rows use, in the order first used, and 问题清单's turn
// makes them then; its links go to a set of their own, taken over then too.

import "sync"

// laidOut is 问题清单 laid out: its sheet, text widths and rows, the styles its rows use in the
// order first used, and its links.
type laidOut struct {
	rs     *rawSheet
	widths colWidths
	rows   int
	styles []outStyle
	links  linkSet
	err    error
}

// styleNotes notes the styles a layout uses, in the order first used.
type styleNotes struct {
	last  []outStyle // each column's last style: down a column it rarely changes
	known []bool
	seen  map[outStyle]bool
	order []outStyle
}

func (sn *styleNotes) note(col int, o outStyle) error {
	for len(sn.last) <= col {
		sn.last, sn.known = append(sn.last, outStyle{}), append(sn.known, false)
	}
	if sn.known[col] && sn.last[col] == o {
		return nil
	}
	sn.last[col], sn.known[col] = o, true
	if !sn.seen[o] {
		sn.seen[o] = true
		sn.order = append(sn.order, o)
	}
	return nil
}

// layFindingsAhead starts laying 问题清单 out when there are workers to spare.
func (w *summaryWriter) layFindingsAhead(s *Summary) {
	if w.workers <= 1 || w.findingsAhead != nil {
		return
	}
	groups, nw := w.groups(s)
	var wg sync.WaitGroup
	lo := &laidOut{rs: findingsSheet(groups, nw), widths: colWidths{}, links: linkSet{}}
	wg.Go(func() {
		notes := &styleNotes{seen: map[outStyle]bool{}}
		lo.rows, _, lo.err = layoutInto(lo.rs, lo.widths, nil, notes.note, lo.links)
		lo.styles = notes.order
	})
	w.findingsAhead = func() *laidOut {
		wg.Wait()
		return lo
	}
}

// findingsLayout is 问题清单 laid out, ahead or now, its styles made and its links taken over.
func (w *summaryWriter) findingsLayout(s *Summary) (*rawSheet, colWidths, int, error) {
	if w.findingsAhead == nil {
		groups, nw := w.groups(s)
		rs, widths := findingsSheet(groups, nw), colWidths{}
		rows, _, err := w.layout(rs, widths, nil)
		return rs, widths, rows, err
	}
	lo := w.findingsAhead()
	if lo.err != nil {
		return nil, nil, 0, lo.err
	}
	for _, o := range lo.styles {
		if _, err := w.st.id(o); err != nil {
			return nil, nil, 0, err
		}
	}
	if sl := lo.links[sheetFindings]; sl != nil {
		w.links[sheetFindings] = sl
	}
	return lo.rs, lo.widths, lo.rows, nil
}
