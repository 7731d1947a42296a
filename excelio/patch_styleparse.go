package excelio

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// The style records are decoded by hand into the excelize-shaped records of patch_stylemodel.go,
// with encoding/xml's rules (elements and attributes matched by local name, numbers and flags
// parsed after trimming space): through encoding/xml, decoding the unit's styles cost more than
// every other step of patching together.

// xnode is an element of a parsed fragment: its local name, attributes and child elements.
type xnode struct {
	name       string
	attrs      []tagAttribute
	kids       []*xnode
	start, end int // the element's span in the fragment
	parent     int // index of the parent in parseNodes' block, -1 for a root
}

// parseNodes parses the elements of the fragment b; text, comments and processing
// instructions are skipped.
func parseNodes(b []byte) ([]*xnode, error) {
	var stack []int
	text := string(b) // one copy: names and values are its substrings
	// Every element starts at a '<' and every attribute holds a '=': counting them sizes the
	// nodes and the attributes of a usual list once.
	block := make([]xnode, 0, min(bytes.Count(b, []byte("<")), 4096))
	attrs := make([]tagAttribute, 0, min(bytes.Count(b, []byte("=")), 16384))
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			k := bytes.Index(b[i:], []byte("-->"))
			if k < 0 {
				return nil, errNoPatch
			}
			i += k + 3
			continue
		case bytes.HasPrefix(b[i:], []byte("<?")), bytes.HasPrefix(b[i:], []byte("<!")):
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 {
				return nil, errNoPatch
			}
			i += k + 1
			continue
		case bytes.HasPrefix(b[i:], []byte("</")):
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 || len(stack) == 0 {
				return nil, errNoPatch
			}
			i += k + 1
			block[stack[len(stack)-1]].end = i
			stack = stack[:len(stack)-1]
			continue
		}
		end := tagEnd(b, i+1)
		if end < 0 {
			return nil, errNoPatch
		}
		tag := text[i:end]
		nameEnd := 1
		for nameEnd < len(tag) && !isSpace(tag[nameEnd]) && tag[nameEnd] != '>' && tag[nameEnd] != '/' {
			nameEnd++
		}
		from := len(attrs)
		attrs = appendAttrs(attrs, tag)
		parent := -1
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		block = append(block, xnode{name: localName(tag[1:nameEnd]), attrs: attrs[from:len(attrs):len(attrs)], start: i, end: end, parent: parent})
		if tag[len(tag)-2] != '/' {
			stack = append(stack, len(block)-1)
		}
		i = end
	}
	if len(stack) != 0 {
		return nil, errNoPatch
	}
	return linkNodes(block), nil
}

// linkNodes gives each node of block its children, in document order, and returns the roots:
// every list is a window of one slice, rather than a slice grown per parent.
func linkNodes(block []xnode) []*xnode {
	all := make([]*xnode, len(block))
	// counts[0] is the roots' count, counts[i+1] node i's children's; next[i+1] is where node
	// i's next child goes in all, the roots coming first.
	counts := make([]int, 2*(len(block)+1))
	counts, next := counts[:len(block)+1], counts[len(block)+1:]
	for i := range block {
		counts[block[i].parent+1]++
	}
	at := counts[0]
	for i := range block {
		next[i+1] = at
		at += counts[i+1]
	}
	for i := range block {
		n := &block[i]
		all[next[n.parent+1]] = n
		next[n.parent+1]++
	}
	for i := range block {
		if k := counts[i+1]; k > 0 {
			block[i].kids = all[next[i+1]-k : next[i+1] : next[i+1]]
		}
	}
	return all[:counts[0]:counts[0]]
}

// localName is a name without its prefix.
func localName(name string) string {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// attr is the value of the node's attribute of that local name; the last written wins, as in
// encoding/xml.
func (n *xnode) attr(local string) (string, bool) {
	v, ok := "", false
	for _, a := range n.attrs {
		if localName(a.name) == local && !strings.HasPrefix(a.name, "xmlns") {
			v, ok = a.value, true
		}
	}
	return v, ok
}

// decoder collects the first error of a record's decoding. The records and values it makes
// come out of blocks: a styles.xml holds hundreds of small records, and one allocation each
// made its decoding the patcher's busiest allocator.
type decoder struct {
	err    error
	ints   []int
	bools  []bool
	floats []float64
	strs   []string
	flags  []sBool
	vals   []sVal
	nums   []sNum
	colors []sColor
	fonts  []sFont
	lines  []sLine
	xfs    []sXf
	aligns []sAlignment
}

// alloc is a new zero value taken from the block *buf, a new one when it is full: twice the
// size of the last, from 4 to 64 values, so that a kind used little wastes little.
func alloc[T any](buf *[]T) *T {
	if len(*buf) == cap(*buf) {
		*buf = make([]T, 0, min(max(2*cap(*buf), 4), 64))
	}
	*buf = (*buf)[:len(*buf)+1]
	return &(*buf)[len(*buf)-1]
}

func (d *decoder) intPtr(n *xnode, name string) *int {
	return d.intOf(n.attr(name))
}

// intOf is the number an attribute's value v says, nil when the attribute is absent (!ok).
func (d *decoder) intOf(v string, ok bool) *int {
	if !ok {
		return nil
	}
	i := alloc(&d.ints)
	if v != "" { // encoding/xml reads an empty number as zero
		var err error
		if *i, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
			d.err = errNoPatch
		}
	}
	return i
}

func (d *decoder) boolPtr(n *xnode, name string) *bool {
	return d.boolOf(n.attr(name))
}

// boolOf is the flag an attribute's value v says, nil when the attribute is absent (!ok).
func (d *decoder) boolOf(v string, ok bool) *bool {
	if !ok {
		return nil
	}
	b := alloc(&d.bools)
	if v != "" {
		var err error
		if *b, err = strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			d.err = errNoPatch
		}
	}
	return b
}

func (d *decoder) int(n *xnode, name string) int {
	if p := d.intPtr(n, name); p != nil {
		return *p
	}
	return 0
}

func (d *decoder) bool(n *xnode, name string) bool {
	if p := d.boolPtr(n, name); p != nil {
		return *p
	}
	return false
}

func (d *decoder) float(n *xnode, name string) float64 {
	v, ok := n.attr(name)
	if !ok || v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		d.err = errNoPatch
	}
	return f
}

func (d *decoder) color(n *xnode) *sColor {
	c := alloc(&d.colors)
	*c = sColor{Auto: d.bool(n, "auto"), Indexed: d.int(n, "indexed"), Theme: d.intPtr(n, "theme"), Tint: d.float(n, "tint")}
	c.RGB, _ = n.attr("rgb")
	return c
}

// flag is a font flag (b, i, ...) as excelize's attrValBool reads it: no val, or an empty one,
// is true.
func (d *decoder) flag(n *xnode) *sBool {
	v := alloc(&d.bools)
	*v = true
	if s, ok := n.attr("val"); ok && s != "" {
		var err error
		if *v, err = strconv.ParseBool(s); err != nil {
			d.err = errNoPatch
		}
	}
	f := alloc(&d.flags)
	f.Val = v
	return f
}

func (d *decoder) str(n *xnode) *sVal {
	s := alloc(&d.vals)
	if v, ok := n.attr("val"); ok {
		s.Val = alloc(&d.strs)
		*s.Val = v
	}
	return s
}

// num is a font's family or charset.
func (d *decoder) num(n *xnode) *sNum {
	v := alloc(&d.nums)
	v.Val = d.intPtr(n, "val")
	return v
}

func (d *decoder) font(n *xnode) *sFont {
	f := alloc(&d.fonts)
	for _, k := range n.kids {
		switch k.name {
		case "b":
			f.B = d.flag(k)
		case "i":
			f.I = d.flag(k)
		case "strike":
			f.Strike = d.flag(k)
		case "condense":
			f.Condense = d.flag(k)
		case "extend":
			f.Extend = d.flag(k)
		case "outline":
			f.Outline = d.flag(k)
		case "shadow":
			f.Shadow = d.flag(k)
		case "u":
			f.U = d.str(k)
		case "vertAlign":
			f.VertAlign = d.str(k)
		case "name":
			f.Name = d.str(k)
		case "scheme":
			f.Scheme = d.str(k)
		case "family":
			f.Family = d.num(k)
		case "charset":
			f.Charset = d.num(k)
		case "sz":
			f.Sz = &sFloat{}
			if _, ok := k.attr("val"); ok {
				f.Sz.Val = alloc(&d.floats)
				*f.Sz.Val = d.float(k, "val")
			}
		case "color":
			f.Color = d.color(k)
		}
	}
	return f
}

// fill decodes a fill of the fragment b; a gradient fill, which annotating never writes, goes
// through encoding/xml.
func (d *decoder) fill(n *xnode, b []byte) *sFill {
	f := &sFill{}
	for _, k := range n.kids {
		switch k.name {
		case "patternFill":
			p := &sPatternFill{}
			p.PatternType, _ = k.attr("patternType")
			for _, c := range k.kids {
				switch c.name {
				case "fgColor":
					p.FgColor = d.color(c)
				case "bgColor":
					p.BgColor = d.color(c)
				}
			}
			f.PatternFill = p
		case "gradientFill":
			if err := xml.Unmarshal(b[n.start:n.end], f); err != nil {
				d.err = errNoPatch
			}
			return f
		}
	}
	return f
}

func (d *decoder) border(n *xnode) *sBorder {
	b := &sBorder{DiagonalDown: d.bool(n, "diagonalDown"), DiagonalUp: d.bool(n, "diagonalUp"), Outline: d.bool(n, "outline")}
	for _, k := range n.kids {
		side := b.side(k.name)
		if side == nil {
			continue
		}
		l := alloc(&d.lines)
		l.Style, _ = k.attr("style")
		for _, c := range k.kids {
			if c.name == "color" {
				l.Color = d.color(c)
			}
		}
		*side = l
	}
	return b
}

// side is where the border line of the element name goes, nil for no side of a border.
func (b *sBorder) side(name string) **sLine {
	switch name {
	case "left":
		return &b.Left
	case "right":
		return &b.Right
	case "top":
		return &b.Top
	case "bottom":
		return &b.Bottom
	case "diagonal":
		return &b.Diagonal
	case "vertical":
		return &b.Vertical
	case "horizontal":
		return &b.Horizontal
	}
	return nil
}

// The attributes of an xf record, by their index in xfAttr.
const (
	xfNumFmt = iota
	xfFont
	xfFill
	xfBorder
	xfXf
	xfQuotePrefix
	xfPivotButton
	xfApplyNumberFormat
	xfApplyFont
	xfApplyFill
	xfApplyBorder
	xfApplyAlignment
	xfApplyProtection
	xfAttrs
)

// xfAttr is the index of the xf attribute of that local name, -1 for another.
func xfAttr(local string) int {
	switch local {
	case "numFmtId":
		return xfNumFmt
	case "fontId":
		return xfFont
	case "fillId":
		return xfFill
	case "borderId":
		return xfBorder
	case "xfId":
		return xfXf
	case "quotePrefix":
		return xfQuotePrefix
	case "pivotButton":
		return xfPivotButton
	case "applyNumberFormat":
		return xfApplyNumberFormat
	case "applyFont":
		return xfApplyFont
	case "applyFill":
		return xfApplyFill
	case "applyBorder":
		return xfApplyBorder
	case "applyAlignment":
		return xfApplyAlignment
	case "applyProtection":
		return xfApplyProtection
	}
	return -1
}

func (d *decoder) xf(n *xnode) *sXf {
	// The attributes are read in one pass, the last of a name winning as in xnode.attr: a
	// stylesheet has many formats of a dozen attributes, and a lookup of each cost the most.
	var v [xfAttrs]string
	var has [xfAttrs]bool
	for _, a := range n.attrs {
		if i := xfAttr(localName(a.name)); i >= 0 && !strings.HasPrefix(a.name, "xmlns") {
			v[i], has[i] = a.value, true
		}
	}
	x := alloc(&d.xfs)
	*x = sXf{NumFmtID: d.intOf(v[xfNumFmt], has[xfNumFmt]), FontID: d.intOf(v[xfFont], has[xfFont]),
		FillID: d.intOf(v[xfFill], has[xfFill]), BorderID: d.intOf(v[xfBorder], has[xfBorder]),
		XfID: d.intOf(v[xfXf], has[xfXf]), QuotePrefix: d.boolOf(v[xfQuotePrefix], has[xfQuotePrefix]),
		PivotButton:       d.boolOf(v[xfPivotButton], has[xfPivotButton]),
		ApplyNumberFormat: d.boolOf(v[xfApplyNumberFormat], has[xfApplyNumberFormat]),
		ApplyFont:         d.boolOf(v[xfApplyFont], has[xfApplyFont]), ApplyFill: d.boolOf(v[xfApplyFill], has[xfApplyFill]),
		ApplyBorder:     d.boolOf(v[xfApplyBorder], has[xfApplyBorder]),
		ApplyAlignment:  d.boolOf(v[xfApplyAlignment], has[xfApplyAlignment]),
		ApplyProtection: d.boolOf(v[xfApplyProtection], has[xfApplyProtection])}
	for _, k := range n.kids {
		switch k.name {
		case "alignment":
			a := alloc(&d.aligns)
			*a = sAlignment{Indent: d.int(k, "indent"), JustifyLastLine: d.bool(k, "justifyLastLine"),
				RelativeIndent: d.int(k, "relativeIndent"), ShrinkToFit: d.bool(k, "shrinkToFit"),
				TextRotation: d.int(k, "textRotation"), WrapText: d.bool(k, "wrapText")}
			a.Horizontal, _ = k.attr("horizontal")
			a.Vertical, _ = k.attr("vertical")
			if v, ok := k.attr("readingOrder"); ok && v != "" {
				ro, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
				if err != nil {
					d.err = errNoPatch
				}
				a.ReadingOrder = ro
			}
			x.Alignment = a
		case "protection":
			x.Protection = &sProtection{Hidden: d.boolPtr(k, "hidden"), Locked: d.boolPtr(k, "locked")}
		}
	}
	return x
}
