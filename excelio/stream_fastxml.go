package excelio

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// errUnsure is fastXML's answer to anything outside the plain XML it reads: a comment, CDATA,
// another encoding, an entity of its own, a mismatched tag… The part is then read again by
// xmlWalker, which says exactly what encoding/xml says of it.
var errUnsure = errors.New("not plain XML")

// fastXML gives the tokens xmlWalker gives of a part written as office programs write their
// worksheets (UTF-8, no comments, CDATA or DOCTYPE, tags that match), several times faster, by
// scanning the bytes directly. For anything else it fails with errUnsure before giving a token
// that could differ. Its names and attribute values share the part's memory (see partString).
type fastXML struct {
	b       []byte
	i       int
	stack   []xml.Name
	ns      []xml.Attr // the root's namespace declarations: Name.Local the prefix ("" the default)
	pending bool       // a self-closing element's end is the next token
	rooted  bool
	done    bool
	attrs   []xml.Attr
	name    xml.Name // the element of the last start or end token
	chars   []byte   // the last character data
	// unescaped holds the last character data when it had references, reused from one to the next.
	unescaped []byte
	// stackUsed and attrsUsed are the most elements open and attributes read at once, what reset
	// clears.
	stackUsed, attrsUsed int
	// Room for the stack, the namespaces and the attributes of a part as office programs write
	// it, allocated with the scanner.
	stackRoom [8]xml.Name
	nsRoom    [8]xml.Attr
	attrRoom  [8]xml.Attr
}

// newFastXML scans part, or fails at once when the part as a whole is not plain (see plainText).
func newFastXML(part []byte) (*fastXML, error) {
	if !plainText(part) {
		return nil, errUnsure
	}
	x := fastXMLs.Get().(*fastXML) // new, or reset by release
	if x.stack == nil {
		x.stack, x.ns, x.attrs = x.stackRoom[:0], x.nsRoom[:0], x.attrRoom[:0]
	}
	x.b = part
	return x, nil
}

// fastXMLs are the scanners done with, reused with the room they grew: a workbook is a dozen
// parts, a batch thousands of workbooks.
var fastXMLs = sync.Pool{New: func() any { return new(fastXML) }}

// release gives x back for another part, once its reader is done with its tokens.
func (x *fastXML) release() {
	x.reset()
	fastXMLs.Put(x)
}

// reset readies x for another part, keeping its buffers but nothing they held.
func (x *fastXML) reset() {
	stack, ns, attrs, unescaped := x.stack, x.ns, x.attrs, x.unescaped
	// Only what the part used holds anything: clearing the whole room, which a part with many
	// attributes once grew, cost a write barrier a pointer while the collector runs.
	clear(stack[:x.stackUsed])
	clear(ns[:len(ns)])
	clear(attrs[:max(x.attrsUsed, len(attrs))])
	*x = fastXML{stack: stack[:0], ns: ns[:0], attrs: attrs[:0], unescaped: unescaped[:0]}
}

// plainText reports whether part is valid UTF-8 free of what encoding/xml reads specially or
// refuses: carriage returns (which it turns into line feeds), control characters, U+FFFE and
// U+FFFF.
func plainText(part []byte) bool {
	for i := 0; i < len(part); {
		if i+8 <= len(part) && printableASCII(binary.LittleEndian.Uint64(part[i:])) {
			i += 8
			continue
		}
		ch := part[i]
		if ch < utf8.RuneSelf {
			if ch < 0x20 && ch != '\t' && ch != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(part[i:])
		if r == utf8.RuneError && size == 1 || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

// printableASCII reports whether the eight bytes of w are all in 0x20–0x7f, the bulk of a part:
// checked a word at a time rather than a byte.
func printableASCII(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (w|(w-0x20*ones))&highs == 0
}

func (x *fastXML) depth() int { return len(x.stack) }

func (x *fastXML) parentLocal() string {
	if len(x.stack) < 2 {
		return ""
	}
	return x.stack[len(x.stack)-2].Local
}

func (x *fastXML) rootNamespace(prefix string) (string, bool) {
	for i := len(x.ns) - 1; i >= 0; i-- {
		if x.ns[i].Name.Local == prefix {
			return x.ns[i].Value, true
		}
	}
	return "", false
}

func (x *fastXML) rootIn(e xml.StartElement, local, ns string) bool {
	declared, _ := x.rootNamespace(e.Name.Space)
	return e.Name.Local == local && declared == ns
}

// next returns the next token inside the root, as xmlWalker.next does.
func (x *fastXML) next() (xml.Token, error) {
	kind, err := x.step()
	if err != nil {
		return nil, err
	}
	return boxToken(x, kind), nil
}

// step reads the next token inside the root without building it: start and text give it.
func (x *fastXML) step() (tokKind, error) {
	if x.pending {
		x.pending = false
		return x.pop(x.stack[len(x.stack)-1])
	}
	for !x.done {
		if x.i >= len(x.b) {
			if !x.rooted {
				return tokOther, io.EOF
			}
			return tokOther, errUnsure
		}
		if x.b[x.i] != '<' {
			text, err := x.readText()
			if err != nil {
				return tokOther, err
			}
			if x.rooted {
				x.chars = text
				return tokText, nil
			}
			continue
		}
		if x.i+1 >= len(x.b) {
			return tokOther, errUnsure
		}
		switch x.b[x.i+1] {
		case '/':
			return x.endTag()
		case '?':
			if err := x.declaration(); err != nil {
				return tokOther, err
			}
		case '!':
			return tokOther, errUnsure
		default:
			return x.startTag()
		}
	}
	return tokOther, io.EOF
}

// start is the start element just read; its Attr is valid until the next token.
func (x *fastXML) start() xml.StartElement { return xml.StartElement{Name: x.name, Attr: x.attrs} }

// text is the character data just read, valid until the next token.
func (x *fastXML) text() []byte { return x.chars }

// end is the end element just read.
func (x *fastXML) end() xml.EndElement { return xml.EndElement{Name: x.name} }

// startTag reads a start tag (x.i at its '<').
func (x *fastXML) startTag() (tokKind, error) {
	x.i++
	name, ok := x.readName()
	if !ok {
		return tokOther, errUnsure
	}
	x.attrs = x.attrs[:0]
	for {
		x.space()
		if x.i >= len(x.b) {
			return tokOther, errUnsure
		}
		switch x.b[x.i] {
		case '/':
			if x.i+1 >= len(x.b) || x.b[x.i+1] != '>' {
				return tokOther, errUnsure
			}
			x.i += 2
			x.pending = true
			x.push(name)
			return tokStart, nil
		case '>':
			x.i++
			x.push(name)
			return tokStart, nil
		}
		a, err := x.attr()
		if err != nil {
			return tokOther, err
		}
		x.attrs = append(x.attrs, a)
	}
}

// push opens the element name, with the attributes just read. Its Attr, unlike encoding/xml's,
// is valid only until the next token: every reader takes what it needs of a tag at once.
func (x *fastXML) push(name xml.Name) {
	attrs := x.attrs
	if !x.rooted {
		x.rooted = true
		for _, a := range attrs {
			switch {
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				x.ns = append(x.ns, xml.Attr{Value: a.Value})
			case a.Name.Space == "xmlns":
				x.ns = append(x.ns, xml.Attr{Name: xml.Name{Local: a.Name.Local}, Value: a.Value})
			}
		}
	}
	x.stack = append(x.stack, name)
	x.name = name
	x.stackUsed = max(x.stackUsed, len(x.stack))
	x.attrsUsed = max(x.attrsUsed, len(attrs))
}

// attr reads one attribute, name="value" or name='value'.
func (x *fastXML) attr() (xml.Attr, error) {
	name, ok := x.readName()
	if !ok {
		return xml.Attr{}, errUnsure
	}
	x.space()
	if x.i >= len(x.b) || x.b[x.i] != '=' {
		return xml.Attr{}, errUnsure
	}
	x.i++
	x.space()
	if x.i >= len(x.b) || (x.b[x.i] != '"' && x.b[x.i] != '\'') {
		return xml.Attr{}, errUnsure
	}
	quote := x.b[x.i]
	x.i++
	end := bytes.IndexByte(x.b[x.i:], quote)
	if end < 0 {
		return xml.Attr{}, errUnsure
	}
	raw := x.b[x.i : x.i+end]
	x.i += end + 1
	if bytes.IndexByte(raw, '<') >= 0 {
		return xml.Attr{}, errUnsure
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return xml.Attr{Name: name, Value: partString(raw)}, nil
	}
	v, ok := unescape(raw)
	if !ok {
		return xml.Attr{}, errUnsure
	}
	return xml.Attr{Name: name, Value: v}, nil
}

// endTag reads an end tag (x.i at its '<').
func (x *fastXML) endTag() (tokKind, error) {
	x.i += 2
	name, ok := x.readName()
	if !ok {
		return tokOther, errUnsure
	}
	x.space()
	if x.i >= len(x.b) || x.b[x.i] != '>' || len(x.stack) == 0 || x.stack[len(x.stack)-1] != name {
		return tokOther, errUnsure
	}
	x.i++
	return x.pop(name)
}

// pop closes the innermost element, named name.
func (x *fastXML) pop(name xml.Name) (tokKind, error) {
	x.stack = x.stack[:len(x.stack)-1]
	if len(x.stack) == 0 {
		x.done = true
	}
	x.name = name
	return tokEnd, nil
}

// readText reads character data up to the next tag.
func (x *fastXML) readText() ([]byte, error) {
	end := bytes.IndexByte(x.b[x.i:], '<')
	if end < 0 {
		end = len(x.b) - x.i
	}
	raw := x.b[x.i : x.i+end]
	x.i += end
	if bytes.Contains(raw, []byte("]]>")) {
		return nil, errUnsure
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return raw, nil
	}
	var ok bool
	if x.unescaped, ok = unescapeTo(x.unescaped[:0], raw); !ok {
		return nil, errUnsure
	}
	return x.unescaped, nil
}

// space skips white space.
func (x *fastXML) space() {
	for x.i < len(x.b) && (x.b[x.i] == ' ' || x.b[x.i] == '\t' || x.b[x.i] == '\n') {
		x.i++
	}
}

// readName reads an ASCII name, prefix:local or local, as encoding/xml splits it.
func (x *fastXML) readName() (xml.Name, bool) {
	start, colon := x.i, -1
	for x.i < len(x.b) {
		ch := x.b[x.i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch == '_':
		case (ch >= '0' && ch <= '9') || ch == '.' || ch == '-':
			if x.i == start {
				return xml.Name{}, false
			}
		case ch == ':':
			if colon >= 0 || x.i == start {
				return xml.Name{}, false
			}
			colon = x.i
		default:
			goto end
		}
		x.i++
	}
end:
	if x.i == start || x.i == colon+1 || (x.i < len(x.b) && x.b[x.i] >= utf8.RuneSelf) {
		return xml.Name{}, false
	}
	if colon < 0 {
		return xml.Name{Local: partString(x.b[start:x.i])}, true
	}
	return xml.Name{Space: partString(x.b[start:colon]), Local: partString(x.b[colon+1 : x.i])}, true
}

// partString is b, bytes of the part, as a string sharing their memory: a part is never written
// to once inflated, and the strings a reader keeps past the package's reading are cloned (the
// sheet names), so that no part outlives its workbook.
func partString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// unescape decodes the predefined and numeric character references of raw; ok is false for any
// other reference, or one encoding/xml would refuse.
func unescape(raw []byte) (string, bool) {
	b, ok := unescapeTo(nil, raw)
	return string(b), ok
}

// unescapeTo is unescape appending to dst, for the scanner's reused buffer.
func unescapeTo(b, raw []byte) ([]byte, bool) {
	amp := bytes.IndexByte(raw, '&')
	for amp >= 0 {
		b = append(b, raw[:amp]...)
		raw = raw[amp+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return nil, false
		}
		ref := raw[:semi]
		raw = raw[semi+1:]
		switch string(ref) {
		case "amp":
			b = append(b, '&')
		case "lt":
			b = append(b, '<')
		case "gt":
			b = append(b, '>')
		case "quot":
			b = append(b, '"')
		case "apos":
			b = append(b, '\'')
		default:
			r, ok := charRef(partString(ref))
			if !ok {
				return nil, false
			}
			b = utf8.AppendRune(b, r)
		}
		amp = bytes.IndexByte(raw, '&')
	}
	return append(b, raw...), true
}

// charRef reads a numeric character reference (#65 or #x41) to a character XML allows.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	r := rune(n)
	ok := r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
	return r, ok
}

// plainWellFormed reports whether fastXML reads part to the end of its root with nothing but
// white space after it: then encoding/xml reads it whole without an error too (wellFormed). A
// false answer says nothing; wellFormed then decides.
func plainWellFormed(part []byte) bool {
	x, err := newFastXML(part)
	if err != nil {
		return false
	}
	defer x.release()
	for {
		if _, err := x.step(); err == io.EOF {
			break
		} else if err != nil {
			return false
		}
	}
	return x.rooted && len(bytes.TrimLeft(x.b[x.i:], " \t\n")) == 0
}
