package excelio

// Byte-level helpers the package patcher edits XML parts with: it finds elements by their
// unprefixed name and rewrites single start tags, leaving every other byte of a part as the
// unit's writer stored it.

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// errNoPatch says a part is written in a way the patcher does not edit; Annotate then falls
// back on rewriting the package whole (annotateModel).
var errNoPatch = errors.New("part not patchable")

// tagAt is one start (or empty-element) tag of a part: b[start:end] is "<name ...>" or
// "<name .../>".
type tagAt struct {
	start, end int
	empty      bool
}

// findTag finds the first start tag named name (no prefix) at or after from; ok is false when
// there is none.
func findTag(b []byte, name string, from int) (tagAt, bool) {
	var buf [64]byte // the names looked for are short: the pattern is made on the stack
	pat := append(append(buf[:0], '<'), name...)
	for i := from; i < len(b); {
		j := bytes.Index(b[i:], pat)
		if j < 0 {
			return tagAt{}, false
		}
		j += i
		k := j + len(pat)
		if k < len(b) && (b[k] == ' ' || b[k] == '>' || b[k] == '/' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r') {
			end := tagEnd(b, k)
			if end < 0 {
				return tagAt{}, false
			}
			return tagAt{start: j, end: end, empty: b[end-2] == '/'}, true
		}
		i = k
	}
	return tagAt{}, false
}

// tagEnd is the index after the '>' closing the tag whose attributes start at i, honouring
// quoted values; -1 when the tag does not end.
func tagEnd(b []byte, i int) int {
	var quote byte
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// findClose is the index of the end tag "</name>" at or after from, -1 when there is none.
func findClose(b []byte, name string, from int) int {
	var buf [64]byte
	i := bytes.Index(b[from:], append(append(append(buf[:0], "</"...), name...), '>'))
	if i < 0 {
		return -1
	}
	return from + i
}

// sheetDataEnd is the index of the worksheet b's "</sheetData>", -1 when it has none. The schema
// allows one sheetData, followed by a few short elements: looking from the end spares a scan of
// the cells, the most of a sheet, for this and for the elements after it.
func sheetDataEnd(b []byte) int {
	return bytes.LastIndex(b, []byte("</sheetData>"))
}

// tagAttr is the unescaped value of the attribute name (as written, prefix included) in tag.
func tagAttr(tag []byte, name string) (string, bool) {
	i, j, ok := attrSpan(tag, name)
	if !ok {
		return "", false
	}
	return unescapeAttr(tag[i:j]), true
}

// attrInt is the whole number an attribute's raw value v says, read as strconv.Atoi reads its
// unescaped text, without copying v when it holds no escape: a sheet's rows are read so.
func attrInt(v []byte) (int, error) {
	if bytes.IndexByte(v, '&') < 0 {
		return strconv.Atoi(string(v))
	}
	return strconv.Atoi(unescapeAttr(v))
}

// attrSpan locates the value of attribute name in tag: tag[i:j] is the raw value.
func attrSpan(tag []byte, name string) (int, int, bool) {
	pat := []byte(name)
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], pat)
		if k < 0 {
			return 0, 0, false
		}
		k += i
		after := k + len(pat)
		i = after
		if k == 0 || !isSpace(tag[k-1]) {
			continue
		}
		for after < len(tag) && isSpace(tag[after]) {
			after++
		}
		if after >= len(tag) || tag[after] != '=' {
			continue
		}
		after++
		for after < len(tag) && isSpace(tag[after]) {
			after++
		}
		if after >= len(tag) || (tag[after] != '"' && tag[after] != '\'') {
			return 0, 0, false
		}
		q := tag[after]
		end := bytes.IndexByte(tag[after+1:], q)
		if end < 0 {
			return 0, 0, false
		}
		return after + 1, after + 1 + end, true
	}
	return 0, 0, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// withAttr returns tag with attribute name set to value (escaped here), added before the tag's
// end when absent.
func withAttr(tag []byte, name, value string) []byte {
	esc := escapeAttr(value)
	if i, j, ok := attrSpan(tag, name); ok {
		return concat(tag[:i], []byte(esc), tag[j:])
	}
	end := len(tag) - 1
	if tag[end-1] == '/' {
		end--
	}
	for end > 0 && isSpace(tag[end-1]) {
		end--
	}
	return concat(tag[:end], []byte(" "+name+`="`+esc+`"`), tag[end:])
}

// withoutAttr returns tag without attribute name.
func withoutAttr(tag []byte, name string) []byte {
	i, j, ok := attrSpan(tag, name)
	if !ok {
		return tag
	}
	k := i - 1 // the quote
	for k > 0 && tag[k-1] != ' ' && tag[k-1] != '\t' && tag[k-1] != '\n' && tag[k-1] != '\r' {
		k--
	}
	k-- // the space before the name
	return concat(tag[:k], tag[j+1:])
}

// escapeAttr escapes s for a double-quoted attribute value.
func escapeAttr(s string) string {
	return attrEscaper.Replace(s)
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;")

// textEscaper escapes s for element text.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")

// splice replaces b[i:j] with repl, in a new slice.
func splice(b []byte, i, j int, repl []byte) []byte {
	return concat(b[:i], repl, b[j:])
}

// rootPrefixed reports whether the part's root element carries a namespace prefix
// ("<x:worksheet"): the patcher looks for unprefixed names only.
func rootPrefixed(b []byte) bool {
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(b) && (b[i+1] == '?' || b[i+1] == '!') {
			i++
			continue
		}
		end := i + 1
		for end < len(b) && !isSpace(b[end]) && b[end] != '>' && b[end] != '/' {
			end++
		}
		return bytes.IndexByte(b[i+1:end], ':') >= 0
	}
}
