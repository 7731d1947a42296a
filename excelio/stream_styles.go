package excelio

import (
	"io"
	"strings"
)

// styleTable is what the reader needs of the styles part: the number format code of every cell
// style, as excelize's GetStyle resolves it.
type styleTable struct {
	codes []string // by style index; "" is General, as is an index outside the list
}

// formatCode is the number format code of style index idx.
func (st styleTable) formatCode(idx int) string {
	if idx < 0 || idx >= len(st.codes) {
		return ""
	}
	return st.codes[idx]
}

// builtinID reports the format ids excelize takes as built in (its builtInNumFmt and language
// formats): for those a custom format of the same id is ignored.
func builtinID(id int) bool {
	return (0 <= id && id <= 4) || (9 <= id && id <= 22) || (37 <= id && id <= 49) ||
		(27 <= id && id <= 36) || (50 <= id && id <= 62) || (67 <= id && id <= 81)
}

// readStyles reads the cell styles' number formats from the styles part.
func readStyles(part []byte) (styleTable, error) {
	return readTokens(part, stylesOf)
}

// stylesOf reads the number formats of a styles part's tokens.
func stylesOf(w tokenSource) (styleTable, error) {
	var ids []*int
	custom := map[int]string{}
	for {
		kind, err := w.step()
		if err == io.EOF {
			break
		}
		if err != nil {
			return styleTable{}, err
		}
		if kind != tokStart {
			continue
		}
		e := w.start()
		parent := w.parentLocal()
		switch {
		case w.depth() == 1:
			if !w.rootIn(e, "styleSheet", nsMain) {
				return styleTable{}, errIrregular
			}
		case w.depth() == 3 && parent == "numFmts" && e.Name.Local == "numFmt":
			id := 0
			if v, ok := rawAttr(e, "numFmtId"); ok {
				if id, err = intAttr(v); err != nil {
					return styleTable{}, errIrregular
				}
			}
			code, _ := rawAttr(e, "formatCode")
			custom[id] = strings.Clone(code) // kept by the book, not the part (see partString)
		case w.depth() == 3 && parent == "cellXfs" && e.Name.Local == "xf":
			v, ok := rawAttr(e, "numFmtId")
			if !ok {
				ids = append(ids, nil)
				continue
			}
			id, err := intAttr(v)
			if err != nil {
				return styleTable{}, errIrregular
			}
			ids = append(ids, &id)
		}
	}
	st := styleTable{codes: make([]string, len(ids))}
	for i, id := range ids {
		switch {
		case id == nil:
		case builtinID(*id):
			st.codes[i] = builtinFormats[*id]
		default:
			st.codes[i] = custom[*id]
		}
	}
	return st, nil
}
