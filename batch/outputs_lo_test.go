package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	sofficecmd "github.com/jxzp/jxzp/internal/soffice"
	"github.com/jxzp/jxzp/internal/strictcheck"

	"github.com/shopspring/decimal"
)

// loTimeout bounds each LibreOffice run of the test; one run converts several files, and the
// first on a machine also sets up its profile.
const loTimeout = 3 * time.Minute

// TestOutputsInLibreOffice reads the samples' summary and the seed sample's annotated copy with a
// reader that is not excelize: LibreOffice converts them to PDF and to CSV, and the test checks
// what it read. Skipped, visibly, where LibreOffice is not installed.
func TestOutputsInLibreOffice(t *testing.T) {
	soffice := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			soffice = p
			break
		}
	}
	if soffice == "" {
		msg := "LibreOffice (soffice) is not on the PATH: the summary and annotated copies were not checked with a second reader"
		strictcheck.Notice(t, "SKIP TestOutputsInLibreOffice: "+msg)
		t.Skip(msg)
	}

	out := t.TempDir()
	rep := runSamplesTo(t, out, "")
	var seed *FileEntry
	doc := docOf(t, rep)
	for i := range doc.Files {
		if strings.HasPrefix(doc.Files[i].Path, "三门峡市互联网舆情研究和应急保障中心") {
			seed = &doc.Files[i]
		}
	}
	if seed == nil || seed.Output == nil {
		t.Fatal("the seed sample has no annotated copy")
	}

	// Short ASCII names keep the converted files' names predictable (<name>-<sheet>.csv).
	work := t.TempDir()
	summary := filepath.Join(work, "summary.xlsx")
	annotated := filepath.Join(work, "copy.xlsx")
	copyFile(t, rep.SummaryPath, summary)
	copyFile(t, filepath.Join(out, filepath.FromSlash(*seed.Output)), annotated)

	major, minor := sofficeVersion(t, soffice, work)
	allSheets := major > 7 || (major == 7 && minor >= 2)
	pdfDir, csvDir := filepath.Join(work, "pdf"), filepath.Join(work, "csv")
	runSoffice(t, soffice, work, "pdf", pdfDir, summary, annotated)
	// Comma, double quote, UTF-8 (76), from line 1; raw values rather than as shown; the last
	// token (-1, LibreOffice ≥ 7.2) writes every sheet to its own <name>-<sheet>.csv. Earlier
	// versions write the active sheet only, which is 汇总表 and 审核意见 here.
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"
	if allSheets {
		filter += ",-1"
	}
	runSoffice(t, soffice, work, filter, csvDir, summary, annotated)

	csvOf := func(base, sheet string) [][]string {
		t.Helper()
		name := base + ".csv"
		if allSheets {
			name = base + "-" + sheet + ".csv"
		}
		data, err := os.ReadFile(filepath.Join(csvDir, name))
		if err != nil {
			t.Fatalf("LibreOffice wrote no %s: %v", name, err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		records, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return records
	}

	t.Run("summary csv", func(t *testing.T) {
		records := csvOf("summary", "汇总表")
		if len(records) < 3 || !strings.Contains(strings.Join(records[0], ""), rep.Title) {
			t.Fatalf("汇总表.csv does not start with the title: %v", records)
		}
		forms := allForms(doc)
		for _, df := range forms {
			project, want := *df.form.Project, decimal.RequireFromString(*df.form.Total.Recomputed)
			found := false
			for _, rec := range records {
				if len(rec) > 9 && strings.ReplaceAll(rec[3], "\n", "") == project {
					got, err := decimal.NewFromString(rec[9])
					found = err == nil && got.Equal(want)
					if !found {
						t.Errorf("%s: 复核得分 read by LibreOffice = %q, want %s", project, rec[9], want)
					}
				}
			}
			if !found {
				t.Errorf("LibreOffice did not read the row of %s", project)
			}
		}
		if allSheets {
			// Every sheet of the summary was read, the chart sheet's data table included.
			for _, sheet := range summarySheets[1:] {
				if recs := csvOf("summary", sheet); len(recs) < 3 {
					t.Errorf("%s.csv has %d lines", sheet, len(recs))
				}
			}
		}
	})

	t.Run("annotated copy csv", func(t *testing.T) {
		text := flatten(csvOf("copy", "审核意见"))
		for _, want := range []string{"审核意见", "网络宣传管理和文化建设经费", "88.97", "8.97", "需修改"} {
			if !strings.Contains(text, want) {
				t.Errorf("审核意见 as read by LibreOffice lacks %q", want)
			}
		}
		if allSheets {
			form := flatten(csvOf("copy", seed.Forms[0].Sheet))
			if !strings.Contains(form, "网络宣传管理和文化建设经费") || !strings.Contains(form, "98.69") {
				t.Errorf("the unit's form as read by LibreOffice lacks its values: %.200s", form)
			}
		}
	})

	t.Run("pdf", func(t *testing.T) {
		pdf := filepath.Join(pdfDir, "summary.pdf")
		for _, p := range []string{pdf, filepath.Join(pdfDir, "copy.pdf")} {
			data, err := os.ReadFile(p)
			if err != nil || len(data) < 1000 || !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Fatalf("%s: not a PDF (%d bytes, %v)", filepath.Base(p), len(data), err)
			}
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Log("pdftotext (poppler-utils) not installed: the PDF's text is not checked")
			return
		}
		text, err := exec.Command("pdftotext", "-raw", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		// Real text, not boxes: the CJK glyphs carry their characters.
		joined := strings.Join(strings.Fields(string(text)), "")
		for _, want := range []string{"汇总", "重大传染病防控经费", "三门峡市疾病预防控制中心", "复核等级分布"} {
			if !strings.Contains(joined, want) {
				t.Errorf("the summary's PDF text lacks %q", want)
			}
		}
		if _, err := exec.LookPath("pdfinfo"); err != nil {
			return
		}
		info, err := exec.Command("pdfinfo", pdf).Output()
		if err != nil {
			t.Fatal(err)
		}
		// Each sheet fits one A4 landscape page across: a table wider than the page would
		// double the pages, a chart sheet taller than it would add one. 问题清单 names each
		// finding's department, unit and project, so its rows may take a second page.
		pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		n := 0
		if pages != nil {
			n, _ = strconv.Atoi(string(pages[1]))
		}
		if n < len(summarySheets) || n > len(summarySheets)+1 {
			t.Errorf("the summary prints on %d pages, want %d or %d:\n%s", n, len(summarySheets), len(summarySheets)+1, info)
		}
		size := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(info)
		if size == nil {
			t.Fatalf("no page size in\n%s", info)
		}
		w, _ := strconv.ParseFloat(string(size[1]), 64)
		h, _ := strconv.ParseFloat(string(size[2]), 64)
		if w < 841 || w > 843 || h < 594 || h > 596 {
			t.Errorf("page size %v x %v pt, want A4 landscape (842 x 595)", w, h)
		}
	})
}

// runSoffice converts files with LibreOffice into outDir, under a timeout that kills its whole
// process group (soffice starts soffice.bin as a child), with its private profile in home.
func runSoffice(t *testing.T, soffice, home, to, outDir string, files ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loTimeout)
	defer cancel()
	cmd := sofficecmd.Command(ctx, soffice, home, append([]string{"--convert-to", to, "--outdir", outDir}, files...)...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("soffice --convert-to %s: no result after %v", to, loTimeout)
	}
	// soffice exits 0 even when it converted nothing: the output files are the verdict.
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		matches, _ := filepath.Glob(filepath.Join(outDir, base+"*"))
		if len(matches) == 0 {
			t.Fatalf("soffice --convert-to %s wrote nothing for %s (err %v):\n%s", to, filepath.Base(f), err, output.String())
		}
	}
}

// sofficeVersion is the major and minor version of LibreOffice, 0.0 when it does not say.
func sofficeVersion(t *testing.T, soffice, home string) (int, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loTimeout)
	defer cancel()
	cmd := sofficecmd.Command(ctx, soffice, home, "--version")
	text, _ := cmd.Output()
	m := regexp.MustCompile(`(\d+)\.(\d+)`).FindSubmatch(text)
	if m == nil {
		t.Logf("soffice --version said %q: assuming an old version", text)
		return 0, 0
	}
	major, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	return major, minor
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// flatten joins the fields of a CSV into one text to search.
func flatten(records [][]string) string {
	var b strings.Builder
	for _, r := range records {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}
