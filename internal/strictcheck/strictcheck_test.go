package strictcheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/ziptest"
)

// recorder stands in for the testing.TB a harness reports to, so that a test can see what the
// harness found instead of failing with it.
type recorder struct {
	testing.TB
	errors, logs []string
}

func (r *recorder) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Log(args ...any) { r.logs = append(r.logs, fmt.Sprint(args...)) }
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// The unit's cell the fixtures flag, and its format.
var unitStyle = excelize.Style{
	Font:   &excelize.Font{Family: "宋体", Size: 11, Color: "FF0000"},
	Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "bottom", Color: "0000FF", Style: 1}},
	NumFmt: 2,
}

// copyCase is one annotated copy the harness is shown, and what it must say about it.
type copyCase struct {
	name     string
	severity string // of the finding on B2
	cell     string // the cell the finding names (B2, or C2 inside the merged B2:C2)
	// style is the copy's format of B2; nil leaves the unit's format.
	style func(s *excelize.Style)
	// patch rewrites parts of the copy after it is saved; nil for none.
	patch     func(name string, body []byte) []byte
	noResults bool
	want      []string // a failure containing each; none for a copy that passes
}

// TestOpenpyxlPart shows the openpyxl part of the harness one input and a copy of it annotated
// well or badly, and checks what it reports.
func TestOpenpyxlPart(t *testing.T) {
	if py, why := python(); py == "" {
		Notice(t, "SKIP TestOpenpyxlPart: "+why)
		t.Skip(why)
	}
	fill := func(color string) func(s *excelize.Style) {
		return func(s *excelize.Style) {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		}
	}
	for _, c := range []copyCase{
		{name: "error fill, format kept", severity: "错误", cell: "B2", style: fill(ErrorFill)},
		{name: "warning fill, format kept", severity: "警告", cell: "B2", style: fill(WarnFill)},
		{name: "finding inside a merged range", severity: "错误", cell: "C2", style: fill(ErrorFill)},
		{name: "提示 only: no fill", severity: "提示", cell: "B2"},
		{name: "提示 given a fill", severity: "提示", cell: "B2", style: fill(WarnFill),
			want: []string{"B2: fill (提示 only, must be kept)"}},
		{name: "warning fill on an error", severity: "错误", cell: "B2", style: fill(WarnFill),
			want: []string{"B2: fill: solid rgb=FFFFEB9C, want solid FFC7CE"}},
		{name: "no fill", severity: "警告", cell: "B2", want: []string{"fill: none"}},
		{name: "font colour changed", severity: "错误", cell: "B2",
			style: func(s *excelize.Style) { fill(ErrorFill)(s); s.Font.Color = "000000" },
			want:  []string{"font.color: rgb=FFFF0000 -> rgb=FF000000"}},
		{name: "border colour and number format changed", severity: "错误", cell: "B2",
			style: func(s *excelize.Style) {
				fill(ErrorFill)(s)
				s.Border[0].Color = "00FF00"
				s.NumFmt = 0
			},
			want: []string{"border.left.color: rgb=FF000000 -> rgb=FF00FF00", "number_format: 0.00 -> General"}},
		// A border side without a colour is what excelize writes as rgb="FF": issue 7's bug.
		{name: "colour that is not aRGB", severity: "错误", cell: "B2",
			style: func(s *excelize.Style) { fill(ErrorFill)(s); s.Border[1].Color = "" },
			want:  []string{"openpyxl refuses it: ValueError: Colors must be aRGB hex values", "border.bottom.color: rgb=FF0000FF -> rgb=FF"}},
		{name: "row taller than Excel allows", severity: "错误", cell: "B2", style: fill(ErrorFill),
			patch: func(name string, body []byte) []byte {
				if name != "xl/worksheets/sheet1.xml" {
					return body
				}
				return bytes.Replace(body, []byte(`<row r="2"`), []byte(`<row r="2" ht="500" customHeight="1"`), 1)
			},
			want: []string{"!Sheet1!row 2: height 500 pt > 409"}},
		{name: "no results.json", severity: "错误", cell: "B2", style: fill(ErrorFill), noResults: true,
			want: []string{"results.json was not written"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, inbox := writeCopyCase(t, c)
			r := &recorder{TB: t}
			if !checkOpenpyxl(r, out, inbox) {
				t.Fatal("checkOpenpyxl did not run")
			}
			got := strings.Join(r.errors, "\n")
			if len(c.want) == 0 && len(r.errors) > 0 {
				t.Errorf("a good copy failed:\n%s", got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("no failure says %q; failures:\n%s\nlog:\n%s", w, got, strings.Join(r.logs, "\n"))
				}
			}
		})
	}
}

// writeCopyCase writes the unit's workbook, its copy as c makes it and results.json naming the
// finding, and returns the output folder and the inbox.
func writeCopyCase(t *testing.T, c copyCase) (out, inbox string) {
	t.Helper()
	inbox, out = t.TempDir(), t.TempDir()
	build := func(path string, edit func(s *excelize.Style)) {
		f := excelize.NewFile()
		defer f.Close()
		st := unitStyle
		font, border := *unitStyle.Font, append([]excelize.Border(nil), unitStyle.Border...)
		st.Font, st.Border = &font, border
		if edit != nil {
			edit(&st)
		}
		id, err := f.NewStyle(&st)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", "B2", 1.5); err != nil {
			t.Fatal(err)
		}
		if err := f.MergeCell("Sheet1", "B2", "C2"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", "B2", "B2", id); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
	build(filepath.Join(inbox, "单位.xlsx"), nil)
	dst := filepath.Join(out, "审核结果", "单位", "单位（审核）.xlsx")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if c.patch == nil {
		build(dst, c.style)
	} else {
		saved := filepath.Join(t.TempDir(), "copy.xlsx")
		build(saved, c.style)
		ziptest.Rewrite(t, saved, dst, c.patch)
	}
	if c.noResults {
		return out, inbox
	}
	results := fmt.Sprintf(`{"files": [{"path": "单位.xlsx", "status": "ok", "output": "审核结果/单位/单位（审核）.xlsx",
  "forms": [{"findings": [{"code": "F04", "severity": %q, "sheet": "Sheet1", "cell": %q, "message": "…"}]}]}]}`, c.severity, c.cell)
	if err := os.WriteFile(filepath.Join(out, "results.json"), []byte(results), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, inbox
}

// TestPDFPart converts a good workbook and one whose workbook part uses an unbound prefix (the
// Strict OOXML copy of issue 7): LibreOffice must convert the first and the harness must name the
// second.
func TestPDFPart(t *testing.T) {
	out := t.TempDir()
	good := filepath.Join(t.TempDir(), "good.xlsx")
	f := excelize.NewFile()
	if err := f.SetCellValue("Sheet1", "A1", "审核意见"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "好.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ziptest.Rewrite(t, good, filepath.Join(out, "坏.xlsx"), func(name string, body []byte) []byte {
		if name == "xl/workbook.xml" {
			return bytes.Replace(body, []byte(` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`), nil, 1)
		}
		return body
	})
	r := &recorder{TB: t}
	if !checkPDF(r, out) {
		Notice(t, "SKIP TestPDFPart: LibreOffice (soffice) is not on the PATH")
		t.Skip("no LibreOffice")
	}
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "坏.xlsx was not converted to PDF") {
		t.Errorf("failures %q, want one naming 坏.xlsx", r.errors)
	}
}
