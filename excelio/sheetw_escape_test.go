package excelio

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// legalRef is xmlLegal done the slow way, rune by rune: the reference for its fast path.
func legalRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || n > 1) && xmlChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// TestXMLLegalAndEscape checks xmlLegal against the rune-by-rune filter, and that writeEscaped's
// text and attribute forms read back, through encoding/xml, as that filtered text (a carriage
// return is written as a reference, so no parser folds it into a line feed).
func TestXMLLegalAndEscape(t *testing.T) {
	for _, s := range []string{
		"", "plain", "临江市人力资源和社会保障局", "a&b<c>d\"e'f", "tab\there\nline\rcr",
		"bell\x07x", "\x00", "nul at end\x00", "\uFFFD replacement", "\uFFFE", "x\uFFFFy", "\uFFFC\uFFBF",
		"bad \xff byte", "cut \xe4\xb8", "surrogate \xed\xa0\x80", "emoji 😀 ok", "\xef\xbf", "\xef\xbf\xbe",
		"_x0041_ stays", "  spaces  ", "全角（括号）＆", "\x1f\x20\x7f\u0085",
	} {
		want := legalRef(s)
		if got := xmlLegal(s); got != want {
			t.Errorf("xmlLegal(%q) = %q, want %q", s, got, want)
		}
		for _, attr := range []bool{false, true} {
			var b bytes.Buffer
			b.WriteString(`<t a="`)
			if attr {
				writeEscaped(&b, s, true)
			}
			b.WriteString(`">`)
			if !attr {
				writeEscaped(&b, s, false)
			}
			b.WriteString(`</t>`)
			var v struct {
				A    string `xml:"a,attr"`
				Text string `xml:",chardata"`
			}
			if err := xml.Unmarshal(b.Bytes(), &v); err != nil {
				t.Errorf("writeEscaped(%q, %v): %v in %s", s, attr, err, b.String())
				continue
			}
			got := v.Text
			if attr {
				got = v.A
			}
			if got != want {
				t.Errorf("writeEscaped(%q, %v) reads back %q, want %q", s, attr, got, want)
			}
		}
	}
}

// TestEscapeLegalBytes pins the references written: the summary's and the copies' bytes depend
// on them, not only what a parser reads back.
func TestEscapeLegalBytes(t *testing.T) {
	for _, tc := range []struct {
		attr bool
		want string
	}{
		{false, "a&amp;&lt;&gt;&#xD;\"\n\t'中"},
		{true, "a&amp;&lt;&gt;&#xD;&#x22;&#xA;&#x9;'中"},
	} {
		var b bytes.Buffer
		escapeLegal(&b, "a&<>\r\"\n\t'中", tc.attr)
		if b.String() != tc.want {
			t.Errorf("escapeLegal(attr %v) = %q, want %q", tc.attr, b.String(), tc.want)
		}
	}
}
