package excelio

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/internal/ziptest"
	"github.com/jxzp/jxzp/scoring"
)

// TestCopyKeepsUntouchedSheets extends TestCopyKeepsUntouchedParts to the unit's worksheets:
// a sheet with no finding on it, whose tab was not selected and which has a view, reaches the
// copy as it was stored.
func TestCopyKeepsUntouchedSheets(t *testing.T) {
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(t.TempDir(), "extra.xlsx")
	writeSourceWorkbook(t, extra, "附表一", "附表二")
	paths, _ := filepath.Glob("../samples/*.xlsx")
	paths = append(paths, extra, readPath("laojiu_libreoffice.xlsx"), readPath("zhongcai_two_forms.xlsx"))
	kept := 0
	for _, src := range paths {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil || len(wb.Forms) == 0 {
			t.Fatalf("%s: %v", src, err)
		}
		var rs []*scoring.Result
		marked := map[string]bool{}
		for _, f := range wb.Forms {
			r := scoring.Evaluate(f, p, scoring.Options{})
			rs = append(rs, r)
			for _, fd := range r.Findings {
				if fd.Ref.Cell != "" {
					marked[fd.Ref.Sheet] = true
				}
			}
		}
		dst := filepath.Join(t.TempDir(), "copy.xlsx")
		if err := Annotate(wb.Data, dst, rs); err != nil {
			t.Fatal(err)
		}
		pp, err := openPatch(wb.Data)
		if err != nil {
			t.Fatal(err)
		}
		info, err := readWorkbook(pp)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(src), err)
		}
		in, out := storedParts(t, wb.Data), storedParts(t, mustRead(t, dst))
		for _, s := range info.sheets {
			body, err := pp.part(s.part)
			if err != nil {
				t.Fatal(err)
			}
			if _, changes, _ := withoutTabSelected(body, false); marked[s.name] || changes {
				continue
			}
			a, b := in[s.part], out[s.part]
			if b == nil || a.CRC32 != b.CRC32 || !bytes.Equal(storedOf(t, a), storedOf(t, b)) {
				t.Errorf("%s: sheet %s (%s) not copied as stored", filepath.Base(src), s.name, s.part)
			}
			kept++
		}
	}
	if kept < 3 {
		t.Errorf("%d untouched sheets compared, want at least 3", kept)
	}
}

// TestPatchMatchesModel holds the patcher to the excelize path: for every sample and fixture,
// annotated and then annotated again as a copy sent back, the two paths give copies that read
// the same (sheets, defined names, cell values and formats, merges, comments). The dumps differ
// where excelize re-marshals what the patcher keeps as the unit wrote it.
func TestPatchMatchesModel(t *testing.T) {
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../samples/*.xlsx")
	fixtures, _ := filepath.Glob(readPath("*.xlsx"))
	dir := t.TempDir()
	for _, src := range append(paths, fixtures...) {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil || len(wb.Forms) == 0 {
			continue
		}
		var rs []*scoring.Result
		for _, f := range wb.Forms {
			rs = append(rs, scoring.Evaluate(f, p, scoring.Options{}))
		}
		data := wb.Data
		for _, round := range []string{"first", "sent back"} {
			pp, err := openPatch(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := annotatePatched(pp, rs); err != nil {
				t.Fatalf("%s, %s: %v", filepath.Base(src), round, err)
			}
			var out bytes.Buffer
			if err := pp.write(&out); err != nil {
				t.Fatal(err)
			}
			model := filepath.Join(dir, "model.xlsx")
			if err := fsx.WriteLazy(model, func(w io.Writer) error { return annotateModel(data, w, rs) }); err != nil {
				t.Fatal(err)
			}
			a, b := readBack(t, out.Bytes()), readBack(t, mustRead(t, model))
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s, %s: the copies differ:\n%s", filepath.Base(src), round, firstDiff(a, b))
			}
			data = out.Bytes()
		}
	}
}

// readBack is what a workbook shows, read through excelize, one line a fact.
func readBack(t *testing.T, data []byte) []string {
	t.Helper()
	f, err := openPackage(data)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := []string{fmt.Sprint("sheets ", f.GetSheetList(), " active ", f.GetActiveSheetIndex())}
	for _, dn := range f.GetDefinedName() {
		out = append(out, fmt.Sprintf("name %+v", dn))
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := range len(rows) + 2 {
			for c := range 12 {
				cell := cellRef(c+1, r+1)
				v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				id, _ := f.GetCellStyle(sheet, cell)
				st, _ := f.GetStyle(id)
				out = append(out, fmt.Sprintf("%s!%s %q %s", sheet, cell, v, styleText(st)))
			}
		}
		merges, _ := f.GetMergeCells(sheet)
		for _, m := range merges {
			out = append(out, "merge "+sheet+" "+m.GetStartAxis()+":"+m.GetEndAxis())
		}
		comments, _ := f.GetComments(sheet)
		for _, c := range comments {
			out = append(out, fmt.Sprintf("comment %s!%s %s %q", sheet, c.Cell, c.Author, commentText(c)))
		}
	}
	return out
}

// styleText is a cell format as excelize reads it, pointers followed.
func styleText(st *excelize.Style) string {
	if st == nil {
		return "nil"
	}
	s := fmt.Sprintf("fill=%v numFmt=%d border=%v", st.Fill, st.NumFmt, st.Border)
	if st.Font != nil {
		s += fmt.Sprintf(" font=%s/%v/%v/%s", st.Font.Family, st.Font.Size, st.Font.Bold, st.Font.Color)
	}
	if st.Alignment != nil {
		s += fmt.Sprintf(" align=%+v", *st.Alignment)
	}
	return s
}

// firstDiff shows the first differing line of two readings.
func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return "patched:  " + a[i] + "\nexcelize: " + b[i]
		}
	}
	return fmt.Sprintf("%d lines patched, %d through excelize", len(a), len(b))
}

// TestPatchLeavesToModel lists what the patcher leaves to the excelize path, which the tests of
// Annotate cover: chart, dialog and macro sheets (excelize then keeps 审核意见 last), damaged or
// missing worksheets, and styles whose counts do not match their records.
func TestPatchLeavesToModel(t *testing.T) {
	srcs := map[string]string{}
	for _, tc := range otherSheetBooks {
		srcs[tc.name] = tc.build(t, formAndNote(t))
	}
	miscounted := filepath.Join(t.TempDir(), "miscounted.xlsx")
	ziptest.Rewrite(t, formAndNote(t), miscounted, func(name string, body []byte) []byte {
		if name == "xl/styles.xml" {
			return regexp.MustCompile(`<fonts count="\d+"`).ReplaceAll(body, []byte(`<fonts count="99"`))
		}
		return body
	})
	srcs["miscounted fonts"] = miscounted
	for name, src := range srcs {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pp, err := openPatch(wb.Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := annotatePatched(pp, evaluateAll(t, wb)); err != errNoPatch {
			t.Errorf("%s: %v, want errNoPatch", name, err)
		}
	}
}

// TestPartBuffers checks the size classes of the part buffers and that release keeps a buffer
// of a class for the next part of that class, and no other.
func TestPartBuffers(t *testing.T) {
	for _, tc := range []struct{ n, class int }{
		{0, 0}, {1, 0}, {4096, 0}, {4097, 1}, {8192, 1}, {40000, 4}, {65536, 4}, {65537, -1},
	} {
		if got := partClass(tc.n); got != tc.class {
			t.Errorf("partClass(%d) = %d, want %d", tc.n, got, tc.class)
		}
	}
	for _, n := range []int{100, 5000, 70000} {
		for c := range partBuffers { // start from empty pools: other tests may have filled them
			for len(partBuffers[c]) > 0 {
				<-partBuffers[c]
			}
		}
		b := partBuffer(n)
		if len(b) != n {
			t.Fatalf("partBuffer(%d) has %d bytes", n, len(b))
		}
		p := &pkgPatch{read: map[string][]byte{"x": b}}
		w := p.buffer(n)[:1]
		p.release()
		if len(p.read) != 0 || len(p.owned) != 0 {
			t.Errorf("%d bytes: release left %d parts read and %d written", n, len(p.read), len(p.owned))
		}
		want := partClass(n) >= 0
		for _, kept := range [][]byte{b, w} {
			again := partBuffer(n)
			if got := &again[:1][0] == &kept[:1][0] || &again[:1][0] == &b[:1][0] || &again[:1][0] == &w[0]; got != want {
				t.Errorf("%d bytes: buffer kept = %v, want %v", n, got, want)
			}
		}
	}
}
