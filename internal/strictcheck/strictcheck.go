// Package strictcheck holds a run's outputs to readers stricter than excelize, for tests in any
// package: openpyxl must load every workbook and find each cell a finding names formatted as the
// unit formatted it (only the fill may change, to ours), and LibreOffice must convert every
// workbook to PDF. Either reader missing skips its part with a notice a plain `go test` shows.
package strictcheck

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jxzp/jxzp/internal/soffice"
)

// The fills a flagged cell must get: excelio/style.go's outErrorFill and outWarnFill, which are
// unexported there. Written out here rather than read from there so that a change of colour is
// a deliberate change of the test as well.
const (
	// ErrorFill is the fill of a cell whose worst finding is a 错误 (Excel's 差 fill).
	ErrorFill = "FFC7CE"
	// WarnFill is the fill of a cell whose worst finding is a 警告 (Excel's 中性 fill).
	WarnFill = "FFEB9C"
)

//go:embed strict.py
var script []byte

// pythonCandidates are tried in order. The first python3 on a developer's PATH may be a pyenv
// one without openpyxl while Debian's /usr/bin/python3 has it; Windows installs call it python.
var pythonCandidates = []string{"python3", "/usr/bin/python3", "python"}

var (
	pythonOnce sync.Once
	pythonPath string
	pythonWhy  string
)

// python returns an interpreter that imports openpyxl, or "" and why there is none.
func python() (string, string) {
	pythonOnce.Do(func() {
		var tried []string
		for _, name := range pythonCandidates {
			p, err := exec.LookPath(name)
			if err != nil {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			out, err := exec.CommandContext(ctx, p, "-c", "import openpyxl").CombinedOutput()
			cancel()
			if err == nil {
				pythonPath = p
				return
			}
			tried = append(tried, fmt.Sprintf("%s (%s)", p, firstLine(out, err)))
		}
		if len(tried) == 0 {
			pythonWhy = "no Python on the PATH"
		} else {
			pythonWhy = "no Python with openpyxl: tried " + strings.Join(tried, ", ")
		}
	})
	return pythonPath, pythonWhy
}

func firstLine(out []byte, err error) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if s := strings.TrimSpace(lines[len(lines)-1]); s != "" {
		return s
	}
	return err.Error()
}

// Check holds every workbook under out, the output folder of a run over inbox, to openpyxl and
// to LibreOffice, reporting each problem as a failure of t: a workbook openpyxl refuses, a row,
// column or cell past Excel's limits, a flagged cell whose font, border, alignment, protection
// or number format differs from the input's or whose fill is not the severity's, a missing
// results.json, a workbook LibreOffice cannot convert to PDF. It skips t only when neither
// reader is installed, so call it last.
func Check(t testing.TB, out, inbox string) {
	t.Helper()
	// Absolute, so that the messages and the script do not depend on the working folder.
	for _, p := range []*string{&out, &inbox} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			t.Fatal(err)
		}
		*p = abs
	}
	ranPython := checkOpenpyxl(t, out, inbox)
	ranOffice := checkPDF(t, out)
	if !ranPython && !ranOffice {
		t.Skip("neither openpyxl nor LibreOffice is installed: the outputs were not checked by a strict reader")
	}
}

// checkOpenpyxl runs strict.py over out; false when there is no Python with openpyxl.
func checkOpenpyxl(t testing.TB, out, inbox string) bool {
	t.Helper()
	py, why := python()
	if py == "" {
		Notice(t, "strictcheck: "+why+": the outputs were not read with openpyxl (install python3-openpyxl)")
		return false
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "strict.py")
	if err := os.WriteFile(path, script, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, path, out, inbox, ErrorFill, WarnFill)
	// Names and messages are Chinese: UTF-8 on stdout whatever the console's code page.
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8", "PYTHONUTF8=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	done := false
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		kind, text, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "FAIL":
			t.Error("openpyxl: " + text)
		case "NOTE":
			t.Log("openpyxl: " + text)
		case "DONE":
			t.Log("openpyxl: " + text)
			done = true
		default:
			t.Log("strict.py: " + sc.Text())
		}
	}
	if err != nil || !done {
		t.Errorf("strict.py did not finish (%v):\n%s", err, stderr.String())
	}
	return true
}

// pdfTimeout bounds one LibreOffice run: the first on a machine sets up a profile, and one run
// converts every workbook of the folder.
func pdfTimeout(files int) time.Duration { return 2*time.Minute + time.Duration(files)*10*time.Second }

// checkPDF converts every workbook under out to PDF in one LibreOffice run; false when
// LibreOffice is not installed.
func checkPDF(t testing.TB, out string) bool {
	t.Helper()
	exe, err := soffice.Find()
	if err != nil {
		Notice(t, "strictcheck: LibreOffice (soffice) is not on the PATH: the outputs were not converted to PDF")
		return false
	}
	var files []string
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".xlsx") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Error("LibreOffice: no .xlsx under the output folder")
		return true
	}
	sort.Strings(files)
	// Copies under short ASCII names: the PDF of each is then <name>.pdf with no clash between
	// two units' copies of one file name, and no path LibreOffice could mangle.
	home := t.TempDir()
	in, pdf := filepath.Join(home, "in"), filepath.Join(home, "pdf")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(files))
	args := []string{"--convert-to", "pdf", "--outdir", pdf}
	for i, f := range files {
		names[i] = fmt.Sprintf("f%03d", i)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(in, names[i]+".xlsx")
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, dst)
	}
	timeout := pdfTimeout(len(files))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := soffice.Command(ctx, exe, home, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	runErr := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("LibreOffice: no result after %v", timeout)
	}
	// soffice exits 0 even when it converted nothing: the PDFs are the verdict.
	converted := 0
	for i, f := range files {
		rel, _ := filepath.Rel(out, f)
		data, err := os.ReadFile(filepath.Join(pdf, names[i]+".pdf"))
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("LibreOffice: %s was not converted to PDF (%d bytes, %v)", filepath.ToSlash(rel), len(data), err)
			continue
		}
		converted++
	}
	t.Logf("LibreOffice: %d/%d outputs converted to PDF in %v", converted, len(files), time.Since(start).Round(time.Millisecond))
	if converted < len(files) {
		t.Logf("soffice (%v) said:\n%s", runErr, output.String())
	}
	return true
}

// Notice logs line on t and prints it where a plain `go test ./...` shows it: cmd/go keeps the
// output of a passing package to itself, stderr included, so without -v it also goes straight
// to the terminal when there is one.
func Notice(t testing.TB, line string) {
	t.Helper()
	t.Log(line)
	fmt.Fprintln(os.Stderr, line)
	if testing.Verbose() {
		return
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprintln(tty, line)
		tty.Close()
	}
}
