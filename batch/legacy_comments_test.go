package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/soffice"
	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/scoring"
)

// seedSample is the bundled workbook of the seed case, whose form is on Sheet1.
const seedSample = "三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx"

// legacyComments are the unit's 批注 the legacy workbook carries, on the form's sheet and on a
// second one; I6 also gets our F04.
var legacyComments = map[string]string{
	"Sheet1!I6": "单位说明：执行率按实际填写",
	"Sheet1!B3": "单位说明：项目名称按批复填写",
	"附表!A1":     "附表批注：附件另寄",
}

// toLegacyXLS writes the seed sample with legacyComments as an .xls made by LibreOffice, the
// way a unit's WPS or Excel 2003 file reaches the bureau: every .xls is read after LibreOffice
// converts it, with comment shapes named shape_0.
func toLegacyXLS(t *testing.T, exe, dir string) string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join("..", "samples", seedSample))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.NewSheet("附表"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("附表", "A1", "附件清单"); err != nil {
		t.Fatal(err)
	}
	for at, text := range legacyComments {
		sheet, cell, _ := strings.Cut(at, "!")
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "单位", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(dir, "单位报表.xlsx")
	if err := f.SaveAs(src); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	inbox := filepath.Join(dir, "inbox")
	cmd := soffice.Command(ctx, exe, dir, "--convert-to", "xls:MS Excel 97", "--outdir", inbox, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(inbox, "单位报表.xls")); err != nil {
		t.Fatalf("LibreOffice wrote no .xls: %v", err)
	}
	return inbox
}

// TestLegacyWorkbookWithComments: a LibreOffice-converted .xls with 批注 on two sheets is
// reviewed, and its copy shows the unit's comments and ours on the right cells, as openpyxl
// reads it and as LibreOffice reads it.
func TestLegacyWorkbookWithComments(t *testing.T) {
	exe, err := soffice.Find()
	if err != nil {
		strictcheck.Notice(t, "SKIP TestLegacyWorkbookWithComments: LibreOffice (soffice) is not on the PATH")
		t.Skip("no soffice")
	}
	dir := t.TempDir()
	inbox := toLegacyXLS(t, exe, dir)
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: p, Progress: NoProgress{}})
	if err != nil {
		t.Fatal(err)
	}
	fe := docOf(t, rep).Files[0]
	if fe.Status != StatusOK || fe.Output == nil {
		t.Fatalf("%s: status %s, output %s (%s%s)", fe.Path, fe.Status, deref(fe.Output), fe.Reason, fe.OutputError)
	}
	copyPath := filepath.Join(out, filepath.FromSlash(*fe.Output))
	if got, ok := strictcheck.Comments(t, copyPath); ok {
		checkLegacyComments(t, "openpyxl", got)
	}
	checkLegacyComments(t, "LibreOffice", commentsThroughLibreOffice(t, exe, dir, copyPath))
}

// checkLegacyComments holds the copy's comments, as one reader saw them, to the unit's and ours.
func checkLegacyComments(t *testing.T, reader string, got map[string]string) {
	t.Helper()
	for at, text := range legacyComments {
		if !strings.Contains(got[at], text) {
			t.Errorf("%s: %s has %q, want the unit's %q", reader, at, got[at], text)
		}
	}
	if c := got["Sheet1!I6"]; !strings.Contains(c, "财政局审核") || !strings.Contains(c, "F04") {
		t.Errorf("%s: Sheet1!I6 has %q, want our F04 beside the unit's comment", reader, c)
	}
}

// commentsThroughLibreOffice has LibreOffice open the copy and save it again, and returns the
// comments it kept, by "sheet!cell": what LibreOffice did not read in the copy is not there.
func commentsThroughLibreOffice(t *testing.T, exe, dir, copyPath string) map[string]string {
	t.Helper()
	in := filepath.Join(dir, "lo-in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(in, "copy.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	lo := filepath.Join(dir, "lo-out")
	cmd := soffice.Command(ctx, exe, dir, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(filepath.Join(lo, "copy.xlsx"))
	if err != nil {
		t.Fatalf("LibreOffice did not save the copy again: %v", err)
	}
	defer f.Close()
	got := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		list, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			text := c.Text
			for _, r := range c.Paragraph {
				text += r.Text
			}
			got[sheet+"!"+c.Cell] = text
		}
	}
	return got
}
