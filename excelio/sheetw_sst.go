package excelio

// sstBuilder collects the shared strings of rows a wsRows streams, numbered after the strings
// already in the workbook's table (excelize's, written for the sheets it built).
type sstBuilder struct {
	base  int
	ids   map[string]int
	items []string
}

func newSSTBuilder(base int) *sstBuilder {
	return &sstBuilder{base: base, ids: map[string]int{}}
}

// index is the shared-string index of s, adding it the first time as a cell may hold it
// (cellString).
func (t *sstBuilder) index(s string) int {
	if i, ok := t.ids[s]; ok {
		return i
	}
	i := t.base + len(t.items)
	t.ids[s] = i
	t.items = append(t.items, cellString(s))
	return i
}

// writeItems writes the collected strings as <si> elements.
func (t *sstBuilder) writeItems(w xmlSink) {
	for _, s := range t.items {
		w.WriteString("<si><t")
		if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
			w.WriteString(` xml:space="preserve"`)
		}
		w.WriteByte('>')
		writeEscaped(w, s, false)
		w.WriteString("</t></si>")
	}
}
