package excelio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// errUnsure is fastXML's answer to anything outside the plain XML it reads: a comment, CDATA,
// another encoding, an entity of its own, a mismatched tag… The part is then read again by
// xmlWalker, which says exactly what encoding/xml says of it.
var errUnsure = errors.New("not plain XML")

// fastXML gives the tokens xmlWalker gives of a part written as office programs write their
// worksheets (UTF-8, no comments, CDATA or DOCTYPE, tags that match), several times faster, by
// scanning the bytes directly. For anything else it fails with errUnsure before giving a token
// that could differ.
type fastXML struct {
	b       []byte
	i       int
	stack   []xml.Name
	ns      map[string]string
	pending bool // a self-closing element's end is the next token
	rooted  bool
	done    bool
	attrs   []xml.Attr
}

// newFastXML scans part, or fails at once when the part as a whole is not plain (see plainText).
func newFastXML(part []byte) (*fastXML, error) {
	if !plainText(part) {
		return nil, errUnsure
	}
	return &fastXML{b: part}, nil
}

// plainText reports whether part is valid UTF-8 free of what encoding/xml reads specially or
// refuses: carriage returns (which it turns into line feeds), control characters, U+FFFE and
// U+FFFF.
func plainText(part []byte) bool {
	for _, ch := range part {
		if ch < 0x20 && ch != '\t' && ch != '\n' {
			return false
		}
	}
	return utf8.Valid(part) && !bytes.Contains(part, []byte("\xef\xbf\xbe")) && !bytes.Contains(part, []byte("\xef\xbf\xbf"))
}

func (x *fastXML) depth() int { return len(x.stack) }

func (x *fastXML) parentLocal() string {
	if len(x.stack) < 2 {
		return ""
	}
	return x.stack[len(x.stack)-2].Local
}

func (x *fastXML) rootNamespace(prefix string) (string, bool) {
	ns, ok := x.ns[prefix]
	return ns, ok
}

func (x *fastXML) rootIn(e xml.StartElement, local, ns string) bool {
	return e.Name.Local == local && x.ns[e.Name.Space] == ns
}

// next returns the next token inside the root, as xmlWalker.next does.
func (x *fastXML) next() (xml.Token, error) {
	if x.pending {
		x.pending = false
		return x.pop(x.stack[len(x.stack)-1])
	}
	for !x.done {
		if x.i >= len(x.b) {
			if !x.rooted {
				return nil, io.EOF
			}
			return nil, errUnsure
		}
		if x.b[x.i] != '<' {
			text, err := x.text()
			if err != nil {
				return nil, err
			}
			if x.rooted {
				return xml.CharData(text), nil
			}
			continue
		}
		if x.i+1 >= len(x.b) {
			return nil, errUnsure
		}
		switch x.b[x.i+1] {
		case '/':
			return x.endTag()
		case '?':
			if err := x.declaration(); err != nil {
				return nil, err
			}
		case '!':
			return nil, errUnsure
		default:
			return x.startTag()
		}
	}
	return nil, io.EOF
}

// declaration reads the XML declaration, which may only open the part and declare UTF-8.
func (x *fastXML) declaration() error {
	end := bytes.Index(x.b[x.i:], []byte("?>"))
	if x.i != 0 || end < 0 || !bytes.HasPrefix(x.b, []byte("<?xml ")) {
		return errUnsure
	}
	decl := string(x.b[6:end])
	x.i = end + 2
	for _, a := range strings.Fields(decl) {
		k, v, ok := strings.Cut(a, "=")
		if !ok || len(v) < 2 || (v[0] != '"' && v[0] != '\'') || v[len(v)-1] != v[0] {
			return errUnsure
		}
		v = v[1 : len(v)-1]
		switch {
		case k == "version" && v == "1.0", k == "standalone":
		case k == "encoding" && strings.EqualFold(v, "utf-8"):
		default:
			return errUnsure
		}
	}
	return nil
}

// startTag reads a start tag (x.i at its '<').
func (x *fastXML) startTag() (xml.Token, error) {
	x.i++
	name, ok := x.name()
	if !ok {
		return nil, errUnsure
	}
	x.attrs = x.attrs[:0]
	for {
		x.space()
		if x.i >= len(x.b) {
			return nil, errUnsure
		}
		switch x.b[x.i] {
		case '/':
			if x.i+1 >= len(x.b) || x.b[x.i+1] != '>' {
				return nil, errUnsure
			}
			x.i += 2
			x.pending = true
			return x.push(name), nil
		case '>':
			x.i++
			return x.push(name), nil
		}
		a, err := x.attr()
		if err != nil {
			return nil, err
		}
		x.attrs = append(x.attrs, a)
	}
}

// push opens the element name, with the attributes just read. Its Attr, unlike encoding/xml's,
// is valid only until the next token: every reader takes what it needs of a tag at once.
func (x *fastXML) push(name xml.Name) xml.StartElement {
	attrs := x.attrs
	if !x.rooted {
		x.rooted = true
		x.ns = map[string]string{}
		for _, a := range attrs {
			switch {
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				x.ns[""] = a.Value
			case a.Name.Space == "xmlns":
				x.ns[a.Name.Local] = a.Value
			}
		}
	}
	x.stack = append(x.stack, name)
	return xml.StartElement{Name: name, Attr: attrs}
}

// attr reads one attribute, name="value" or name='value'.
func (x *fastXML) attr() (xml.Attr, error) {
	name, ok := x.name()
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
	v, ok := unescape(raw)
	if !ok {
		return xml.Attr{}, errUnsure
	}
	return xml.Attr{Name: name, Value: v}, nil
}

// endTag reads an end tag (x.i at its '<').
func (x *fastXML) endTag() (xml.Token, error) {
	x.i += 2
	name, ok := x.name()
	if !ok {
		return nil, errUnsure
	}
	x.space()
	if x.i >= len(x.b) || x.b[x.i] != '>' || len(x.stack) == 0 || x.stack[len(x.stack)-1] != name {
		return nil, errUnsure
	}
	x.i++
	return x.pop(name)
}

// pop closes the innermost element, named name.
func (x *fastXML) pop(name xml.Name) (xml.Token, error) {
	x.stack = x.stack[:len(x.stack)-1]
	if len(x.stack) == 0 {
		x.done = true
	}
	return xml.EndElement{Name: name}, nil
}

// text reads character data up to the next tag.
func (x *fastXML) text() ([]byte, error) {
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
	s, ok := unescape(raw)
	if !ok {
		return nil, errUnsure
	}
	return []byte(s), nil
}

// space skips white space.
func (x *fastXML) space() {
	for x.i < len(x.b) && (x.b[x.i] == ' ' || x.b[x.i] == '\t' || x.b[x.i] == '\n') {
		x.i++
	}
}

// name reads an ASCII name, prefix:local or local, as encoding/xml splits it.
func (x *fastXML) name() (xml.Name, bool) {
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
		return xml.Name{Local: internName(x.b[start:x.i])}, true
	}
	return xml.Name{Space: internName(x.b[start:colon]), Local: internName(x.b[colon+1 : x.i])}, true
}

// internName is b as a string, the names of a worksheet's frequent elements and attributes
// shared rather than allocated for every tag.
func internName(b []byte) string {
	switch string(b) {
	case "c":
		return "c"
	case "r":
		return "r"
	case "s":
		return "s"
	case "t":
		return "t"
	case "v":
		return "v"
	case "f":
		return "f"
	case "row":
		return "row"
	case "is":
		return "is"
	case "spans":
		return "spans"
	case "ht":
		return "ht"
	case "customHeight":
		return "customHeight"
	case "mergeCell":
		return "mergeCell"
	case "ref":
		return "ref"
	case "si":
		return "si"
	case "xf":
		return "xf"
	}
	return string(b)
}

// unescape decodes the predefined and numeric character references of raw; ok is false for any
// other reference, or one encoding/xml would refuse.
func unescape(raw []byte) (string, bool) {
	amp := bytes.IndexByte(raw, '&')
	if amp < 0 {
		return string(raw), true
	}
	var b strings.Builder
	for amp >= 0 {
		b.Write(raw[:amp])
		raw = raw[amp+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return "", false
		}
		ref := string(raw[:semi])
		raw = raw[semi+1:]
		switch ref {
		case "amp":
			b.WriteByte('&')
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "quot":
			b.WriteByte('"')
		case "apos":
			b.WriteByte('\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				return "", false
			}
			b.WriteRune(r)
		}
		amp = bytes.IndexByte(raw, '&')
	}
	b.Write(raw)
	return b.String(), true
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
	for {
		if _, err := x.next(); err == io.EOF {
			break
		} else if err != nil {
			return false
		}
	}
	return x.rooted && len(bytes.TrimLeft(x.b[x.i:], " \t\n")) == 0
}
