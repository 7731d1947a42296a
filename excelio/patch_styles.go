package excelio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// styleList is one record list of styles.xml (fonts, fills, borders, cellXfs): the unit's
// records decoded, those added after them, and their count as excelize numbers new ones.
type styleList[T any] struct {
	tag   string
	items []*T
	count int
	added [][]byte
	eq    func(a, b *T) bool
}

// stylePatch appends to the unit's styles.xml the records annotating needs, as excelize's
// NewStyle would have: reusing an equal record where NewStyle reuses one.
type stylePatch struct {
	raw     []byte
	fonts   styleList[sFont]
	fills   styleList[sFill]
	borders styleList[sBorder]
	xfs     styleList[sXf]
	out     map[outStyle]int
	xfRaw   []byte // the XML of the formats added, one after the other
}

// addXf appends the format xf and returns its index.
func (s *stylePatch) addXf(xf *sXf) int {
	if s.xfRaw == nil {
		s.xfRaw = make([]byte, 0, 4096) // a copy adds about 25 formats of 150 bytes
	}
	// A record's slice stays where it is written when xfRaw grows into a new array.
	from := len(s.xfRaw)
	s.xfRaw = appendXfXML(s.xfRaw, xf)
	return s.xfs.add(xf, s.xfRaw[from:len(s.xfRaw):len(s.xfRaw)])
}

// readStylePatch decodes the record lists of styles.xml.
func readStylePatch(raw []byte) (*stylePatch, error) {
	if rootPrefixed(raw) {
		return nil, errNoPatch
	}
	s := &stylePatch{raw: raw, out: make(map[outStyle]int, 24),
		fonts: styleList[sFont]{tag: "fonts", eq: eqFont}, fills: styleList[sFill]{tag: "fills", eq: eqFill},
		borders: styleList[sBorder]{tag: "borders", eq: eqBorder}, xfs: styleList[sXf]{tag: "cellXfs"}}
	d := &decoder{}
	if err := decodeList(raw, d, &s.fonts, "font", true, func(d *decoder, n *xnode, _ []byte) *sFont { return d.font(n) }); err != nil {
		return nil, err
	}
	if err := decodeList(raw, d, &s.fills, "fill", true, func(d *decoder, n *xnode, b []byte) *sFill { return d.fill(n, b) }); err != nil {
		return nil, err
	}
	if err := decodeList(raw, d, &s.borders, "border", true, func(d *decoder, n *xnode, _ []byte) *sBorder { return d.border(n) }); err != nil {
		return nil, err
	}
	if err := decodeList(raw, d, &s.xfs, "xf", false, func(d *decoder, n *xnode, _ []byte) *sXf { return d.xf(n) }); err != nil {
		return nil, err
	}
	if len(s.xfs.items) == 0 {
		return nil, errors.New("工作簿没有单元格格式")
	}
	return s, nil
}

// decodeList decodes the records named item of the list l.tag of raw with dec; counted lists
// number new records from their count attribute as excelize does, so one whose count is not its
// length is left to excelize.
func decodeList[T any](raw []byte, d *decoder, l *styleList[T], item string, counted bool, dec func(*decoder, *xnode, []byte) *T) error {
	t, ok := findTag(raw, l.tag, 0)
	if !ok || t.empty {
		return errNoPatch
	}
	end := findClose(raw, l.tag, t.end)
	if end < 0 {
		return errNoPatch
	}
	body := raw[t.end:end]
	nodes, err := parseNodes(body)
	if err != nil {
		return err
	}
	l.items = make([]*T, 0, len(nodes)+24) // and room for the records a copy adds, about 20
	for _, n := range nodes {
		if n.name == item {
			l.items = append(l.items, dec(d, n, body))
		}
	}
	if d.err != nil {
		return d.err
	}
	l.count = len(l.items)
	if counted {
		n, err := strconv.Atoi(attrOr(raw[t.start:t.end], "count"))
		if err != nil || n != len(l.items) {
			return errNoPatch
		}
	}
	return nil
}

// find is the index of the first record equal to v, -1 when none is.
func (l *styleList[T]) find(v *T) int {
	for i, it := range l.items {
		if l.eq(it, v) {
			return i
		}
	}
	return -1
}

// add appends v, whose XML is raw, and returns its index.
func (l *styleList[T]) add(v *T, raw []byte) int {
	l.items = append(l.items, v)
	l.added = append(l.added, raw)
	l.count++
	return l.count - 1
}

// findOrAdd is the index of a record equal to v, added (as raw) when there is none.
func (l *styleList[T]) findOrAdd(v *T, raw func() ([]byte, error)) (int, error) {
	if i := l.find(v); i >= 0 {
		return i, nil
	}
	return l.addXML(v, raw)
}

// addXML appends v, whose XML raw gives, and returns its index.
func (l *styleList[T]) addXML(v *T, raw func() ([]byte, error)) (int, error) {
	b, err := raw()
	if err != nil {
		return 0, err
	}
	return l.add(v, b), nil
}

// recordKey names a record the patcher writes for one of our styles or fills.
type recordKey struct {
	list  string
	style outStyle
	color string
}

// recordXML caches the XML of the records the patcher writes: they are the same in every copy.
var recordXML sync.Map

// marshalled is the XML of v as element name, cached under key.
func marshalled(key recordKey, name string, v any) func() ([]byte, error) {
	return func() ([]byte, error) {
		if b, ok := recordXML.Load(key); ok {
			return b.([]byte), nil
		}
		var b bytes.Buffer
		if err := xml.NewEncoder(&b).EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
			return nil, err
		}
		recordXML.Store(key, b.Bytes())
		return b.Bytes(), nil
	}
}

// refill is xf.go's refill over the patched styles: a copy of format old with only its fill
// replaced by a solid fill of colour (none for ""), appended.
func (s *stylePatch) refill(old int, color string) (int, error) {
	if old < 0 || old >= len(s.xfs.items) {
		old = 0
	}
	fillID := 0 // fills[0] is the "none" pattern every stylesheet starts with
	if color != "" {
		fill := solidFill(color)
		var err error
		if fillID, err = s.fills.findOrAdd(fill, marshalled(recordKey{list: "fill", color: color}, "fill", fill)); err != nil {
			return 0, err
		}
	}
	xf := *s.xfs.items[old]
	applied := true
	xf.FillID, xf.ApplyFill = &fillID, &applied
	return s.addXf(&xf), nil
}

// solidFill is the fill excelize's NewStyle makes of a solid pattern fill of colour.
func solidFill(color string) *sFill {
	return &sFill{PatternFill: &sPatternFill{PatternType: "solid", FgColor: &sColor{RGB: paletteColor(color)}}}
}

// paletteColor is a colour as excelize writes an RGB one.
func paletteColor(c string) string {
	return "FF" + strings.ReplaceAll(strings.ToUpper(c), "#", "")
}

// bytes is styles.xml with the added records and their lists' counts, built in one pass into
// a buffer of buffer(size).
func (s *stylePatch) bytes(buffer func(int) []byte) ([]byte, error) {
	type edit struct {
		t     tagAt
		close int
		tag   []byte
		added [][]byte
	}
	var edits []edit
	size := len(s.raw)
	for _, l := range []struct {
		tag   string
		added [][]byte
		count int
	}{
		{s.fonts.tag, s.fonts.added, s.fonts.count},
		{s.fills.tag, s.fills.added, s.fills.count},
		{s.borders.tag, s.borders.added, s.borders.count},
		{s.xfs.tag, s.xfs.added, len(s.xfs.items)},
	} {
		if len(l.added) == 0 {
			continue
		}
		t, ok := findTag(s.raw, l.tag, 0)
		if !ok {
			return nil, errNoPatch
		}
		end := findClose(s.raw, l.tag, t.end)
		if end < 0 {
			return nil, errNoPatch
		}
		e := edit{t: t, close: end, tag: withAttr(s.raw[t.start:t.end], "count", strconv.Itoa(l.count)), added: l.added}
		edits = append(edits, e)
		size += len(e.tag)
		for _, r := range l.added {
			size += len(r)
		}
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.t.start - b.t.start })
	out := buffer(size)
	last := 0
	for _, e := range edits {
		if e.t.start < last {
			return nil, errNoPatch // one list inside another
		}
		out = append(out, s.raw[last:e.t.start]...)
		out = append(out, e.tag...)
		out = append(out, s.raw[e.t.end:e.close]...)
		for _, r := range e.added {
			out = append(out, r...)
		}
		last = e.close
	}
	return append(out, s.raw[last:]...), nil
}
