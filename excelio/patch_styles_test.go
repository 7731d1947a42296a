package excelio

import (
	"encoding/xml"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// patchStyleSeq is what annotating asks of the styles: fill copies of a few formats, then the
// review sheet's styles, some twice.
var patchStyleSeq = []outStyle{
	{bold: true, size: 14, hAlign: "center"},
	{hAlign: "left"},
	{bold: true, size: 12, hAlign: "left"},
	reviewLabel, reviewValue, reviewNum, reviewHead, reviewCenter, reviewDiff, reviewTitle,
	{border: true, hAlign: "left", fontColor: outLinkColor, underline: true},
	{border: true, hAlign: "left", bold: true, fill: outErrorFill, fontColor: outErrorFont},
	{border: true, hAlign: "center", fill: outWarnFill, fontColor: outWarnFont},
	{border: true, hAlign: "center", fontColor: outLinkColor, underline: true, wrap: true},
	{bold: true, border: true, hAlign: "center"},
	reviewLabel, {hAlign: "left"}, {size: 11, hAlign: "left"},
}

// TestStylePatchMatchesNewStyle holds the styles patcher to excelize: over the styles of real
// workbooks, fill copies and review styles get the indices NewStyle gave them and records that
// marshal as excelize's do.
func TestStylePatchMatchesNewStyle(t *testing.T) {
	srcs, _ := filepath.Glob("../samples/*.xlsx")
	srcs = append(srcs, readPath("langfang_family1.xlsx"), readPath("laojiu_libreoffice.xlsx"))
	for _, src := range srcs {
		t.Run(filepath.Base(src), func(t *testing.T) {
			wb, err := ReadForms(src, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := openPatch(wb.Data)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := patchStyles(p)
			if err != nil {
				t.Fatal(err)
			}
			f, err := openPackage(wb.Data)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for i, old := range []int{0, 1, 0, 2, 99} {
				color := []string{outErrorFill, outWarnFill}[i%2]
				want, err1 := refill(f, old, color)
				got, err2 := sp.refill(old, color)
				if err1 != nil || err2 != nil || got != want {
					t.Fatalf("refill(%d, %s) = %d, %v; excelize %d, %v", old, color, got, err2, want, err1)
				}
			}
			st := newOutStyles(f)
			for _, o := range patchStyleSeq {
				want, err1 := st.id(o)
				got, err2 := sp.outStyleID(o)
				if err1 != nil || err2 != nil || got != want {
					t.Fatalf("%+v = %d, %v; excelize %d, %v", o, got, err2, want, err1)
				}
			}
			sameXML(t, sp.fonts)
			sameXML(t, sp.fills)
			sameXML(t, sp.borders)
			sameXML(t, sp.xfs)
			patched, err := sp.bytes(func(n int) []byte { return make([]byte, 0, n) })
			if err != nil {
				t.Fatal(err)
			}
			again, err := readStylePatch(patched)
			if err != nil {
				t.Fatal(err)
			}
			s := f.Styles
			sameRecords(t, "fonts", s.Fonts.Font, again.fonts.items)
			sameRecords(t, "fills", s.Fills.Fill, again.fills.items)
			sameRecords(t, "borders", s.Borders.Border, again.borders.items)
			sameRecords(t, "cellXfs", s.CellXfs.Xf, again.xfs.items)
			for _, c := range [][2]int{{s.Fonts.Count, again.fonts.count}, {s.Fills.Count, again.fills.count},
				{s.Borders.Count, again.borders.count}, {s.CellXfs.Count, len(again.xfs.items)}} {
				if c[0] != c[1] {
					t.Errorf("count %d, excelize %d", c[1], c[0])
				}
			}
		})
	}
}

// outerTag matches the element name of a marshalled record, which differs by type name.
var outerTag = regexp.MustCompile(`^<[A-Za-z]+|</[A-Za-z]+>$`)

// sameRecords compares the records of a list as excelize and the patcher marshal them.
func sameRecords[E, P any](t *testing.T, list string, want []E, got []*P) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: %d records, excelize %d", list, len(got), len(want))
		return
	}
	for i := range want {
		a, err1 := xml.Marshal(want[i])
		b, err2 := xml.Marshal(got[i])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if x, y := outerTag.ReplaceAllString(string(a), ""), outerTag.ReplaceAllString(string(b), ""); x != y {
			t.Errorf("%s[%d] = %s, excelize %s", list, i, y, x)
		}
	}
}

// sameXML checks that the records the patcher added are written as encoding/xml writes them.
func sameXML[T any](t *testing.T, l styleList[T]) {
	t.Helper()
	first := len(l.items) - len(l.added)
	for i, raw := range l.added {
		want, err := xml.Marshal(l.items[first+i])
		if err != nil {
			t.Fatal(err)
		}
		if got := outerTag.ReplaceAllString(string(raw), ""); got != outerTag.ReplaceAllString(string(want), "") {
			t.Errorf("%s: added %s, encoding/xml %s", l.tag, raw, want)
		}
	}
}

// TestStyleDecoderMatchesXML holds the hand decoder of style records to encoding/xml decoding
// into the same records, over real workbooks and records written in unusual ways.
func TestStyleDecoderMatchesXML(t *testing.T) {
	const odd = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="urn:x">` +
		`<fonts count="4"><font><b/><i val="0"/><sz val=" 11 "/><color theme="1" tint="-0.25"/><name val="宋体"/><family val="2"/><charset val="134"/><scheme val="minor"/></font>` +
		`<!-- a comment --><font><x:b val="true"/><u/><color rgb="FF0000FF" auto="1"/><vertAlign val="superscript"/></font>` +
		`<font><strike/><outline val="1"/><shadow/><condense/><extend/><sz val=""/><color indexed=""/></font><font/></fonts>` +
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>` +
		`<fill><gradientFill degree="90"><stop position="0"><color theme="0"/></stop><stop position="1"><color rgb="FF000000"/></stop></gradientFill></fill></fills>` +
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border diagonalUp="1" outline="0"><left style="thin"><color auto="1"/></left><diagonal style="dashed"><color rgb="FF808080"/></diagonal><vertical/><horizontal style="thick"/></border></borders>` +
		`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="10" fontId="1" fillId="1" borderId="1" xfId="0" applyNumberFormat="1" applyFont="true" applyFill="0" quotePrefix="1" pivotButton="0"><alignment horizontal="center" vertical="top" wrapText="1" indent="2" textRotation="90" readingOrder="1" shrinkToFit="true" justifyLastLine="1" relativeIndent="-1"/><protection locked="0" hidden="1"/></xf>` +
		`<xf applyAlignment="1" applyProtection="0" applyBorder=""><alignment/><protection/></xf></cellXfs></styleSheet>`
	raws := [][]byte{[]byte(odd)}
	srcs, _ := filepath.Glob("../samples/*.xlsx")
	fixtures, _ := filepath.Glob(readPath("*.xlsx"))
	for _, src := range append(srcs, fixtures...) {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil {
			continue
		}
		p, err := openPatch(wb.Data)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := p.part(stylesPart); err == nil {
			raws = append(raws, b)
		}
	}
	for i, raw := range raws {
		got, err := readStylePatch(raw)
		if err != nil {
			t.Fatalf("styles %d: %v", i, err)
		}
		var want struct {
			Fonts   []*sFont   `xml:"fonts>font"`
			Fills   []*sFill   `xml:"fills>fill"`
			Borders []*sBorder `xml:"borders>border"`
			Xfs     []*sXf     `xml:"cellXfs>xf"`
		}
		if err := xml.Unmarshal(raw, &want); err != nil {
			t.Fatalf("styles %d: %v", i, err)
		}
		for _, x := range got.xfs.items {
			want, _ := xml.Marshal(x)
			if a, b := outerTag.ReplaceAllString(string(xfXML(x)), ""), outerTag.ReplaceAllString(string(want), ""); a != b {
				t.Errorf("styles %d: xfXML %s, encoding/xml %s", i, a, b)
			}
		}
		for _, c := range []struct {
			list      string
			got, want any
		}{{"fonts", got.fonts.items, want.Fonts}, {"fills", got.fills.items, want.Fills},
			{"borders", got.borders.items, want.Borders}, {"cellXfs", got.xfs.items, want.Xfs}} {
			if !reflect.DeepEqual(c.got, c.want) {
				a, _ := xml.Marshal(c.got)
				b, _ := xml.Marshal(c.want)
				t.Errorf("styles %d %s:\n got %s\nwant %s", i, c.list, a, b)
			}
		}
	}
}
