package excelio

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tokensOf lists the tokens ts gives until it ends, as text, and the error it ends with (nil at
// io.EOF).
func tokensOf(ts tokenSource) ([]string, error) {
	var out []string
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s := fmt.Sprintf("<%s:%s", t.Name.Space, t.Name.Local)
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s:%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
			out = append(out, s+">")
		case xml.EndElement:
			out = append(out, fmt.Sprintf("</%s:%s>", t.Name.Space, t.Name.Local))
		case xml.CharData:
			out = append(out, fmt.Sprintf("%q", string(t)))
		default:
			out = append(out, fmt.Sprintf("%T", t))
		}
		out = append(out, fmt.Sprintf("depth %d parent %s", ts.depth(), ts.parentLocal()))
	}
}

// sameTokens checks that fastXML, unless unsure, reads part as xmlWalker does; it reports
// whether fastXML read it.
func sameTokens(t *testing.T, what string, part []byte) bool {
	x, err := newFastXML(part)
	if err != nil {
		return false
	}
	got, gerr := tokensOf(x)
	if errors.Is(gerr, errUnsure) {
		return false
	}
	want, werr := tokensOf(newWalker(part))
	if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
		t.Errorf("%s: fastXML %d tokens (%v), xmlWalker %d (%v)\n%q\n%q", what, len(got), gerr, len(want), werr, got, want)
	}
	return true
}

// TestFastXMLMatchesWalker: every XML part of the repository's workbooks reads the same through
// both scanners, and the worksheets through fastXML itself.
func TestFastXMLMatchesWalker(t *testing.T) {
	sheets, fast := 0, 0
	for _, dir := range []string{"../samples", "testdata/read", "testdata/families", "../batch/testdata/fixtures"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".xlsx") {
				return nil
			}
			zr, err := zip.OpenReader(p)
			if err != nil {
				return nil
			}
			defer zr.Close()
			for _, zf := range zr.File {
				if !isXMLPart(strings.ToLower(zf.Name)) {
					continue
				}
				part, err := readPart(zf)
				if err != nil {
					continue
				}
				read := sameTokens(t, p+"/"+zf.Name, part)
				if strings.HasPrefix(zf.Name, "xl/worksheets/") {
					sheets++
					if read {
						fast++
					}
				}
			}
			return nil
		})
	}
	if sheets == 0 || fast < sheets*9/10 {
		t.Errorf("fastXML read %d of %d worksheets", fast, sheets)
	}
}

// TestFastXMLCases: the constructs fastXML leaves to xmlWalker, and those it reads.
func TestFastXMLCases(t *testing.T) {
	for _, tc := range []struct {
		xml  string
		fast bool
	}{
		{`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a xmlns="u" xmlns:r="v"><b r:id="1" c='x&amp;y'>t&lt;&#20320;&#x597D;</b><c/></a>`, true},
		{`<a><b></a>`, false},
		{`<a><b></b>`, false},
		{`<a><!-- note --></a>`, false},
		{`<a><![CDATA[x]]></a>`, false},
		{`<a>&nbsp;</a>`, false},
		{`<a>x]]>y</a>`, false},
		{"<a>\r\n</a>", false},
		{`<?xml version="1.0" encoding="GBK"?><a/>`, false},
		{"<?xml \tversion='1.0'\n encoding=\"utf-8\" ?><a/>", true},
		{"<?xml version=\"1.0\"\u00a0encoding=\"UTF-8\"?><a/>", true},
		{`<?xml version = "1.0"?><a/>`, false},
		{`<?xml version="1.1"?><a/>`, false},
		{`<?xml version="1.0" encoding="UTF-8"`, false},
		{`<a b=c/>`, false},
		{`<a b="<"/>`, false},
		{`<a>&#1;</a>`, false},
		{`<a:b:c/>`, false},
		{`<a></a>trailing <junk`, true},
		{``, true},
		{`<a>`, false},
	} {
		if got := sameTokens(t, tc.xml, []byte(tc.xml)); got != tc.fast {
			t.Errorf("%q: fastXML read it %v, want %v", tc.xml, got, tc.fast)
		}
	}
}

// FuzzFastXML: whatever the bytes, fastXML either leaves them to xmlWalker or reads exactly the
// tokens, and the error or end, that xmlWalker reads.
func FuzzFastXML(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>A1</f><v>1.5</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`))
	f.Add([]byte(`<a x:y='1&amp;2'>t&#x41;<b/>u</a>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan bool)
		go func() { sameTokens(t, "input", data); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("hang on %q", data)
		}
	})
}

// TestPlainText: what plainText refuses, wherever it falls in the words it checks at a time.
func TestPlainText(t *testing.T) {
	pad := "<worksheet>0123456789abcdef"
	for _, tc := range []struct {
		text  string
		plain bool
	}{
		{"", true},
		{"\t\n~\x7f 你好\uFFFD", true},
		{"\r", false},
		{"\x00", false},
		{"\x1f", false},
		{"\xff", false},
		{"\xe4\xbd", false},
		{"\xed\xa0\x80", false}, // a surrogate
		{"\uFFFE", false},
		{"\uFFFF", false},
	} {
		for cut := 0; cut <= 9; cut++ {
			s := pad[:cut] + tc.text + pad
			if got := plainText([]byte(s)); got != tc.plain {
				t.Errorf("plainText(%q) = %v, want %v", s, got, tc.plain)
			}
		}
	}
}

// TestFastXMLReleaseHoldsNothing: a released scanner keeps its room but no name or value of the
// part it read, whether the part ended well or the scan gave up half way through a tag.
func TestFastXMLReleaseHoldsNothing(t *testing.T) {
	many := `<a xmlns="m" xmlns:r="r"><b` + strings.Repeat(` x="1"`, 20) + `/><c><d><e><f><g><h><i><j k="v"/></i></h></g></f></e></d></c></a>`
	for _, part := range []string{many, `<a><b x="1" y="2" z`} {
		x, err := newFastXML([]byte(part))
		if err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := x.step(); err != nil {
				break
			}
		}
		x.reset()
		for _, n := range x.stack[:cap(x.stack)] {
			if n != (xml.Name{}) {
				t.Errorf("%q: stack holds %v", part, n)
			}
		}
		for _, a := range append(x.attrs[:cap(x.attrs)], x.ns[:cap(x.ns)]...) {
			if a != (xml.Attr{}) {
				t.Errorf("%q: holds %v", part, a)
			}
		}
		if x.stackRoom != [8]xml.Name{} || x.attrRoom != [8]xml.Attr{} || x.nsRoom != [8]xml.Attr{} {
			t.Errorf("%q: the room holds the part", part)
		}
	}
}
