package excelio

import (
	"bytes"
	"path/filepath"
	"testing"

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
			if _, changes, _ := withoutTabSelected(body); marked[s.name] || changes {
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

// TestPatchLeavesOnlyCopiesSentBack: every sample and fixture is annotated by patching; a copy
// we annotated, sent back, is left to the excelize path, which drops our old review sheet.
func TestPatchLeavesOnlyCopiesSentBack(t *testing.T) {
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../samples/*.xlsx")
	fixtures, _ := filepath.Glob(readPath("*.xlsx"))
	paths = append(paths, fixtures...)
	for _, src := range paths {
		wb, err := ReadForms(src, ReadOptions{})
		if err != nil || len(wb.Forms) == 0 {
			continue
		}
		var rs []*scoring.Result
		for _, f := range wb.Forms {
			rs = append(rs, scoring.Evaluate(f, p, scoring.Options{}))
		}
		pp, err := openPatch(wb.Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := annotatePatched(pp, rs); err != nil {
			t.Errorf("%s: %v", filepath.Base(src), err)
			continue
		}
		var copyBuf bytes.Buffer
		if err := pp.write(&copyBuf); err != nil {
			t.Fatal(err)
		}
		back, err := openPatch(copyBuf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := annotatePatched(back, rs); err != errNoPatch {
			t.Errorf("%s sent back: %v, want errNoPatch", filepath.Base(src), err)
		}
	}
}
