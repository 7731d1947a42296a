package excelio

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// declaration reads the XML declaration, which may only open the part and declare UTF-8.
func (x *fastXML) declaration() error {
	end := bytes.Index(x.b[x.i:], []byte("?>"))
	if x.i != 0 || end < 0 || !bytes.HasPrefix(x.b, []byte("<?xml ")) {
		return errUnsure
	}
	decl := x.b[6:end]
	x.i = end + 2
	if !asciiOnly(decl) {
		return declarationFields(string(decl))
	}
	// The fields of an ASCII declaration as strings.Fields splits them, without a string.
	for {
		i := 0
		for i < len(decl) && asciiSpace(decl[i]) {
			i++
		}
		if decl = decl[i:]; len(decl) == 0 {
			return nil
		}
		j := 0
		for j < len(decl) && !asciiSpace(decl[j]) {
			j++
		}
		if err := declarationField(decl[:j]); err != nil {
			return err
		}
		decl = decl[j:]
	}
}

// declarationFields checks the fields of a declaration holding other than ASCII.
func declarationFields(decl string) error {
	for _, a := range strings.Fields(decl) {
		if err := declarationField([]byte(a)); err != nil {
			return err
		}
	}
	return nil
}

// declarationField checks one name="value" of an XML declaration: version 1.0, UTF-8, and
// standalone are plain; anything else is not.
func declarationField(a []byte) error {
	k, v, ok := bytes.Cut(a, []byte("="))
	if !ok || len(v) < 2 || (v[0] != '"' && v[0] != '\'') || v[len(v)-1] != v[0] {
		return errUnsure
	}
	v = v[1 : len(v)-1]
	switch {
	case string(k) == "version" && string(v) == "1.0", string(k) == "standalone":
	case string(k) == "encoding" && bytes.EqualFold(v, []byte("utf-8")):
	default:
		return errUnsure
	}
	return nil
}

// asciiOnly reports whether b is all ASCII.
func asciiOnly(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiSpace reports the ASCII bytes unicode.IsSpace reports.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
