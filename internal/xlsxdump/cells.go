package xlsxdump

import (
	"encoding/xml"
	"strconv"
	"strings"
)

type row struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Cells []cell     `xml:"c"`
}

type cell struct {
	Attrs []xml.Attr `xml:",any,attr"`
	F     *node      `xml:"f"`
	V     *string    `xml:"v"`
	Is    *richText  `xml:"is"`
}

// richText is a string item, plain or in runs; phonetic runs are not part of the text.
type richText struct {
	T    *string `xml:"t"`
	Runs []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (r richText) text() string {
	var b strings.Builder
	if r.T != nil {
		b.WriteString(*r.T)
	}
	for _, run := range r.Runs {
		b.WriteString(run.T)
	}
	return b.String()
}

// blank reports a cell holding only a style, which runs of merged or bordered areas are made of.
func (c cell) blank() bool {
	return c.F == nil && c.V == nil && c.Is == nil && attrs(c.Attrs, "r", "s") == ""
}

// rows lists the row attributes and cells; a run of adjacent blank cells of one style is one
// line, which keeps a bordered table's empty merged cells from swamping the values.
func (d *dumper) rows(rows []row) {
	num := 0
	for _, r := range rows {
		num++
		if v, ok := attr(r.Attrs, "r"); ok {
			num, _ = strconv.Atoi(v)
		}
		if a := attrs(r.Attrs, "r"); a != "" {
			d.line(1, "row %d %s", num, a)
		}
		if s, ok := attr(r.Attrs, "s"); ok {
			d.useXf(s)
		}
		d.rowCells(num, r.Cells)
	}
}

// blankRun is a run of blank cells of one style.
type blankRun struct {
	first, last string
	col         int
	style       string
}

func (b *blankRun) String() string {
	ref := b.first
	if b.last != b.first {
		ref += ":" + b.last
	}
	return ref + " s" + b.style
}

func (d *dumper) rowCells(num int, cells []cell) {
	col := 0
	var run *blankRun
	flush := func() {
		if run != nil {
			d.line(1, "%s", run)
			run = nil
		}
	}
	for _, c := range cells {
		col++
		ref, ok := attr(c.Attrs, "r")
		if ok {
			col = colOf(ref)
		} else {
			ref = colName(col) + strconv.Itoa(num)
		}
		s, ok := attr(c.Attrs, "s")
		if !ok {
			s = "0"
		}
		d.useXf(s)
		if c.blank() && run != nil && run.style == s && run.col+1 == col {
			run.last, run.col = ref, col
			continue
		}
		flush()
		if c.blank() {
			run = &blankRun{first: ref, last: ref, col: col, style: s}
			continue
		}
		d.line(1, "%s", d.cellLine(ref, s, c))
	}
	flush()
}

// cellLine is ref, style, type, value and formula; the type is shown as written ("n" when
// absent) because a number stored as text is one of the things a review looks for.
func (d *dumper) cellLine(ref, style string, c cell) string {
	t, ok := attr(c.Attrs, "t")
	if !ok {
		t = "n"
	}
	parts := []string{ref, "s" + style, t}
	if v := d.value(t, c); v != "" {
		parts = append(parts, v)
	}
	if c.F != nil {
		f := "f"
		if a := attrs(c.F.Attrs); a != "" {
			f += "{" + a + "}"
		}
		parts = append(parts, f+"="+strconv.Quote(c.F.Text))
	}
	if a := attrs(c.Attrs, "r", "s", "t"); a != "" {
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

func (d *dumper) value(t string, c cell) string {
	switch {
	case c.Is != nil:
		return strconv.Quote(c.Is.text())
	case c.V == nil:
		return ""
	case t == "s":
		i, err := strconv.Atoi(*c.V)
		if err != nil || i < 0 || i >= len(d.strs) {
			return "#" + quote(*c.V) + " (no such shared string)"
		}
		return strconv.Quote(d.strs[i].text())
	case t == "str":
		return strconv.Quote(*c.V)
	}
	return quote(*c.V)
}

// colName is the column's letters, 1 being A.
func colName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// colOf is the column number of a cell reference such as "AB12".
func colOf(ref string) int {
	n := 0
	for _, r := range strings.ToUpper(ref) {
		if r < 'A' || r > 'Z' {
			break
		}
		n = n*26 + int(r-'A'+1)
	}
	return n
}

// colRange names a <col min max> span by letters, as a reader of the sheet thinks of columns.
func colRange(lo, hi string) string {
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	switch {
	case errA != nil || errB != nil:
		return "min=" + quote(lo) + " max=" + quote(hi)
	case a == b:
		return colName(a)
	}
	return colName(a) + ":" + colName(b)
}

type commentsPart struct {
	Authors []string `xml:"authors>author"`
	List    []struct {
		Ref    string   `xml:"ref,attr"`
		Author string   `xml:"authorId,attr"`
		Text   richText `xml:"text"`
	} `xml:"commentList>comment"`
}

func (d *dumper) comments(part string) error {
	var c commentsPart
	if err := d.pkg.decode(part, &c); err != nil {
		return err
	}
	for _, cm := range c.List {
		author := "#" + quote(cm.Author) + " (no such author)"
		if i, err := strconv.Atoi(cm.Author); err == nil && i >= 0 && i < len(c.Authors) {
			author = quote(c.Authors[i])
		}
		d.line(1, "comment %s author=%s %s", cm.Ref, author, strconv.Quote(cm.Text.text()))
	}
	return nil
}
