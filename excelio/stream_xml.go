package excelio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// Namespaces the streaming reader expects on the root of the parts it reads; excelize refuses a
// root in any other namespace, and such a package is left to it (see errIrregular).
const (
	nsMain         = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
	nsDrawingML    = "http://schemas.openxmlformats.org/drawingml/2006/main"
)

// errIrregular marks a part the streaming reader does not model exactly as excelize reads it
// (a cell without its reference, rows out of order, a root in another namespace…): such a sheet
// or package is read by excelize, as before, so that every quirk keeps its old outcome.
var errIrregular = errors.New("irregular part")

// xmlWalker reads one part's tokens without encoding/xml's namespace translation (the cost of
// Token), checking as Token does that every end tag closes the start tag it should. It stops at
// the end of the root element, as excelize's Decode does.
type xmlWalker struct {
	d      *xml.Decoder
	stack  []xml.Name
	ns     map[string]string // the root's namespace declarations, by prefix ("" the default)
	rooted bool              // the root element has been read
	done   bool              // the root element has ended
	tok    xml.Token         // the last token read by step
}

// newWalker walks part, decoded from its declared encoding as excelize decodes it.
func newWalker(part []byte) *xmlWalker {
	d := xml.NewDecoder(bytes.NewReader(part))
	d.CharsetReader = charset.NewReaderLabel
	return &xmlWalker{d: d}
}

// next returns the next token inside the root (the root's start and end included), io.EOF after
// the root, and a syntax error for a part that is not well-formed. The depth after the token is
// w.depth().
func (w *xmlWalker) next() (xml.Token, error) {
	if w.done {
		return nil, io.EOF
	}
	for {
		tok, err := w.d.RawToken()
		if err == io.EOF {
			if len(w.stack) > 0 || !w.rooted {
				if !w.rooted {
					return nil, io.EOF // an empty part reads as empty, as excelize reads it
				}
				return nil, &xml.SyntaxError{Msg: "unexpected EOF", Line: 0}
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !w.rooted {
				w.rooted = true
				w.ns = map[string]string{}
				for _, a := range t.Attr {
					switch {
					case a.Name.Space == "" && a.Name.Local == "xmlns":
						w.ns[""] = a.Value
					case a.Name.Space == "xmlns":
						w.ns[a.Name.Local] = a.Value
					}
				}
			}
			w.stack = append(w.stack, t.Name)
			return t, nil
		case xml.EndElement:
			if len(w.stack) == 0 {
				return nil, &xml.SyntaxError{Msg: "unexpected end element </" + t.Name.Local + ">"}
			}
			open := w.stack[len(w.stack)-1]
			if open != t.Name {
				return nil, &xml.SyntaxError{Msg: "element <" + open.Local + "> closed by </" + t.Name.Local + ">"}
			}
			w.stack = w.stack[:len(w.stack)-1]
			if len(w.stack) == 0 {
				w.done = true
			}
			return t, nil
		default:
			if w.rooted {
				return tok, nil
			}
		}
	}
}

// step reads the next token, which start, text and end then give.
func (w *xmlWalker) step() (tokKind, error) {
	tok, err := w.next()
	if err != nil {
		return tokOther, err
	}
	w.tok = tok
	switch tok.(type) {
	case xml.StartElement:
		return tokStart, nil
	case xml.EndElement:
		return tokEnd, nil
	case xml.CharData:
		return tokText, nil
	}
	return tokOther, nil
}

func (w *xmlWalker) start() xml.StartElement { e, _ := w.tok.(xml.StartElement); return e }

func (w *xmlWalker) text() []byte { t, _ := w.tok.(xml.CharData); return t }

func (w *xmlWalker) end() xml.EndElement { e, _ := w.tok.(xml.EndElement); return e }

// depth is the number of elements open after the last token.
func (w *xmlWalker) depth() int { return len(w.stack) }

// rootIn reports whether the root element, once read, is local in the namespace ns.
func (w *xmlWalker) rootIn(e xml.StartElement, local, ns string) bool {
	return e.Name.Local == local && w.ns[e.Name.Space] == ns
}

func (w *xmlWalker) rootNamespace(prefix string) (string, bool) {
	ns, ok := w.ns[prefix]
	return ns, ok
}

// parentLocal is the local name of the element enclosing the one just started, "" for the root.
func (w *xmlWalker) parentLocal() string {
	if len(w.stack) < 2 {
		return ""
	}
	return w.stack[len(w.stack)-2].Local
}

// tokenSource is a part's tokens inside its root, as xmlWalker gives them: the streaming
// reader's sheets are read by a faster scanner of the same tokens (fastXML) where it can.
type tokenSource interface {
	next() (xml.Token, error)
	// step reads the next token as next does, without building it, and says its kind: the hot
	// readers take the token from start, text or end, valid until the next token, and so cost no
	// allocation per token.
	step() (tokKind, error)
	start() xml.StartElement
	text() []byte
	end() xml.EndElement
	depth() int
	parentLocal() string
	rootIn(e xml.StartElement, local, ns string) bool
	// rootNamespace is the namespace the root declares for prefix.
	rootNamespace(prefix string) (string, bool)
}

// tokKind is the kind of token step has read.
type tokKind uint8

const (
	tokOther tokKind = iota // a comment, processing instruction or directive
	tokStart
	tokEnd
	tokText
)

// boxToken is the token ts has just stepped to, of that kind, as next gives it.
func boxToken(ts tokenSource, kind tokKind) xml.Token {
	switch kind {
	case tokStart:
		return ts.start()
	case tokEnd:
		return ts.end()
	case tokText:
		return xml.CharData(ts.text())
	}
	return nil
}

// eachStart checks that w's root element is root in namespace ns and calls fn with every start
// element below it and the local name of its parent; fn may read on from w.
func eachStart(w tokenSource, root, ns string, fn func(e xml.StartElement, parent string) error) error {
	for {
		kind, err := w.step()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if kind != tokStart {
			continue
		}
		e := w.start()
		switch {
		case w.depth() == 1:
			if !w.rootIn(e, root, ns) {
				return errIrregular
			}
		default:
			if err := fn(e, w.parentLocal()); err != nil {
				return err
			}
		}
	}
}

// readTokens reads part with read, through fastXML when the part is plain enough for it, else (or
// when fastXML turns out unsure) through xmlWalker.
func readTokens[T any](part []byte, read func(tokenSource) (T, error)) (T, error) {
	if x, err := newFastXML(part); err == nil {
		v, err := read(x)
		x.release() // what read returns holds none of the scanner's buffers
		if !errors.Is(err, errUnsure) {
			return v, err
		}
	}
	return read(newWalker(part))
}

// skipElement reads to the end of the element just started.
func skipElement(ts tokenSource) error {
	d := ts.depth()
	for ts.depth() >= d {
		if _, err := ts.step(); err != nil {
			return err
		}
	}
	return nil
}

// elementText reads the character data directly inside the element just started, to its end:
// nested elements are not part of it, as for a string field of encoding/xml. nested reports
// whether there was any.
func elementText(ts tokenSource) (s string, nested bool, err error) {
	var room [64]byte // a cell's value, most texts: no buffer to allocate but the string
	b, nested, err := elementBytes(ts, room[:0])
	if err != nil {
		return "", nested, err
	}
	return string(b), nested, nil
}

// elementBytes is elementText's text appended to b.
func elementBytes(ts tokenSource, b []byte) (text []byte, nested bool, err error) {
	d := ts.depth()
	for {
		kind, err := ts.step()
		if err != nil {
			return nil, nested, err
		}
		switch kind {
		case tokText:
			if ts.depth() == d {
				b = append(b, ts.text()...)
			}
		case tokStart:
			nested = true
		}
		if ts.depth() < d {
			return b, nested, nil
		}
	}
}

// checkRoot requires the root of part, if there is a part, to be local in the namespace ns: a
// part excelize decodes on opening a package, and refuses in any other. Only the root is read;
// what follows it is the business of the part's reader, which the forms never need.
func checkRoot(part []byte, local, ns string) error {
	if part == nil {
		return nil
	}
	w := newWalker(part)
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if e, ok := tok.(xml.StartElement); ok {
			if !w.rootIn(e, local, ns) {
				return errIrregular
			}
			return nil
		}
	}
}

// rawAttr is the value of e's attribute of that local name and no prefix, and whether it is there.
func rawAttr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// intAttr reads an integer attribute as encoding/xml does (surrounding spaces allowed).
func intAttr(v string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return int(n), err
}

// boolAttr reads a boolean attribute as encoding/xml does.
func boolAttr(v string) (bool, error) {
	return strconv.ParseBool(strings.TrimSpace(v))
}
