package excelio

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/jxzp/jxzp/internal/fsx"
)

// TestWriteAnnotatedMatchesAnnotate: the copy a workbook writes of itself from what its reading
// kept is, byte for byte, the copy Annotate writes from the package alone, for plain packages
// (the parts kept are used), rewritten ones (nothing is kept) and those left to excelize; and writing it twice gives the
// same bytes, so the patcher leaves the parts it shares with the reading as they were.
func TestWriteAnnotatedMatchesAnnotate(t *testing.T) {
	dir := t.TempDir()
	strict := filepath.Join(dir, "strict.xlsx")
	plain := filepath.Join(dir, "plain.xlsx")
	writeSourceWorkbook(t, plain)
	writeStrictCopy(t, plain, strict)
	samples, err := filepath.Glob("../samples/*.xlsx")
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	cases := []struct {
		path string
		kept bool // whether the reading keeps the package's parts for the copy
	}{
		{plain, true},
		{strict, false},
	}
	for _, s := range samples {
		cases = append(cases, struct {
			path string
			kept bool
		}{s, true})
	}
	// Packages the patcher leaves to excelize's model (TestPatchLeavesToModel).
	for _, tc := range otherSheetBooks {
		cases = append(cases, struct {
			path string
			kept bool
		}{tc.build(t, formAndNote(t)), true})
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			wb, err := ReadForms(c.path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if (wb.kept != nil) != c.kept {
				t.Fatalf("parts kept: %v, want %v", wb.kept != nil, c.kept)
			}
			rs := evaluateAll(t, wb)
			dst := filepath.Join(t.TempDir(), "copy.xlsx")
			if err := Annotate(wb.Data, dst, rs); err != nil {
				t.Fatal(err)
			}
			want := mustRead(t, dst)
			for round := range 2 {
				var got bytes.Buffer
				if err := wb.WriteAnnotated(&got, rs); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Fatalf("round %d: WriteAnnotated gave %d bytes that differ from Annotate's %d", round, got.Len(), len(want))
				}
			}
		})
	}
}

// BenchmarkAnnotateKept is BenchmarkAnnotate from what the reading kept, as the batch writes
// its copies.
func BenchmarkAnnotateKept(b *testing.B) {
	wb, rs := benchResults(b)
	dst := filepath.Join(b.TempDir(), "copy.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := fsx.WriteLazy(dst, func(w io.Writer) error { return wb.WriteAnnotated(w, rs) }); err != nil {
			b.Fatal(err)
		}
	}
}
