package excelio

import (
	"encoding/xml"
	"path/filepath"
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
			patched, err := sp.bytes()
			if err != nil {
				t.Fatal(err)
			}
			again, err := readStyles(patched)
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
