package xlsxdump

import (
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// node is an element kept as the writer put it: attributes, children and text. Most parts of a
// sheet need nothing more than to be shown as written, which is also what catches a writer's
// slips (an attribute it should not have set, a value Excel rejects).
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

// String renders the element as name{attr=value child{…} "text"}.
func (n node) String() string {
	var parts []string
	if a := attrs(n.Attrs); a != "" {
		parts = append(parts, a)
	}
	for _, c := range n.Children {
		parts = append(parts, c.String())
	}
	if strings.TrimSpace(n.Text) != "" {
		parts = append(parts, strconv.Quote(n.Text))
	}
	return n.XMLName.Local + "{" + strings.Join(parts, " ") + "}"
}

// attrElem is an element that matters only for its attributes, such as a colour.
type attrElem struct {
	Attrs []xml.Attr `xml:",any,attr"`
}

// braced renders the attributes verbatim in braces; a nil element renders as "" so that an
// absent colour and an empty <color/> differ in the dump.
func (e *attrElem) braced() string {
	if e == nil {
		return ""
	}
	return "{" + attrs(e.Attrs) + "}"
}

// valElem is an element whose one attribute "val" carries its meaning, such as <sz val="11"/>.
type valElem struct {
	Val *string `xml:"val,attr"`
}

// prefixes name the namespaces attributes of our outputs use; the namespace URL would bury the
// attribute's name.
var prefixes = map[string]string{
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
	"http://purl.oclc.org/ooxml/officeDocument/relationships":             "r",
	"http://www.w3.org/XML/1998/namespace":                                "xml",
	"http://schemas.openxmlformats.org/markup-compatibility/2006":         "mc",
	"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac":         "x14ac",
	"http://schemas.microsoft.com/office/spreadsheetml/2014/revision":     "xr",
	"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2":    "xr2",
	"http://schemas.microsoft.com/office/spreadsheetml/2016/revision3":    "xr3",
}

// attrName is the attribute's name with a short prefix, or "" for a namespace declaration,
// which says nothing about the content.
func attrName(n xml.Name) string {
	switch {
	case n.Space == "xmlns" || n.Space == "" && n.Local == "xmlns":
		return ""
	case n.Space == "":
		return n.Local
	case prefixes[n.Space] != "":
		return prefixes[n.Space] + ":" + n.Local
	}
	return n.Space + ":" + n.Local
}

// attrs renders attributes in document order as name=value, skipping the names given.
func attrs(as []xml.Attr, skip ...string) string {
	var parts []string
	for _, a := range as {
		name := attrName(a.Name)
		if name == "" || slices.Contains(skip, name) {
			continue
		}
		parts = append(parts, name+"="+quote(a.Value))
	}
	return strings.Join(parts, " ")
}

// attr is the value of the named attribute (as attrName spells it) and whether it is there.
func attr(as []xml.Attr, name string) (string, bool) {
	for _, a := range as {
		if attrName(a.Name) == name {
			return a.Value, true
		}
	}
	return "", false
}

// quote leaves a plain token bare and quotes anything a reader could misparse: spaces, braces,
// '=', quotes, control characters or nothing at all.
func quote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsGraphic(r) || strings.ContainsRune(`"\{}=`, r)
	}) < 0
	if plain {
		return s
	}
	return strconv.Quote(s)
}
