package batch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/internal/xlsxdump"
)

// goldenWorkbooks holds a text dump of every workbook the samples run writes, in the same
// tree as the output folder, so a change to a writer shows in git diff cell by cell.
var goldenWorkbooks = filepath.Join("testdata", "golden", "samples")

// checkWorkbookGolden compares the dumps of the workbooks under out with goldenWorkbooks, or
// rewrites that folder under -update.
func checkWorkbookGolden(t *testing.T, out string) {
	t.Helper()
	got := dumpWorkbooks(t, out)
	if *update {
		writeDumps(t, got)
	}
	want := readDumps(t)
	for _, name := range sortedKeys(got) {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s has no golden file; run with -update and review the new file", filepath.Join(goldenWorkbooks, name))
			continue
		}
		if n, g, wl, same := firstDiff(got[name], w); !same {
			t.Errorf("%s differs at line %d:\n got: %s\nwant: %s\nrun with -update and review the diff with git diff",
				filepath.Join(goldenWorkbooks, name), n, g, wl)
		}
	}
	for _, name := range sortedKeys(want) {
		if _, ok := got[name]; !ok {
			t.Errorf("%s matches no output workbook; run with -update to remove it", filepath.Join(goldenWorkbooks, name))
		}
	}
}

// dumpWorkbooks renders every .xlsx under out, keyed by its golden file's slash path: the
// output's relative path with .txt for .xlsx, which keeps the temporary folder out of the key.
func dumpWorkbooks(t *testing.T, out string) map[string]string {
	t.Helper()
	dumps := map[string]string{}
	err := filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(path), ".xlsx") {
			return err
		}
		rel, err := filepath.Rel(out, path)
		if err != nil {
			return err
		}
		text, err := xlsxdump.DumpFile(path)
		if err != nil {
			return err
		}
		dumps[filepath.ToSlash(strings.TrimSuffix(rel, filepath.Ext(rel)))+".txt"] = text
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dumps) == 0 {
		t.Fatalf("no workbook written under %s", out)
	}
	return dumps
}

// writeDumps replaces goldenWorkbooks with the dumps, dropping files of outputs no longer written.
func writeDumps(t *testing.T, dumps map[string]string) {
	t.Helper()
	if err := os.RemoveAll(goldenWorkbooks); err != nil {
		t.Fatal(err)
	}
	for name, text := range dumps {
		path := filepath.Join(goldenWorkbooks, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readDumps reads every golden dump; CRLF line ends, which a Windows checkout may give them,
// are read as LF.
func readDumps(t *testing.T) map[string]string {
	t.Helper()
	dumps := map[string]string{}
	err := filepath.WalkDir(goldenWorkbooks, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(goldenWorkbooks, path)
		if err != nil {
			return err
		}
		dumps[filepath.ToSlash(rel)] = strings.ReplaceAll(string(b), "\r\n", "\n")
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return dumps
}

// firstDiff is the first line (from 1) where got and want differ, with both lines; a text
// that ends early shows as "(end of file)".
func firstDiff(got, want string) (n int, g, w string, same bool) {
	if got == want {
		return 0, "", "", true
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	line := func(ls []string, i int) string {
		if i < len(ls) {
			return ls[i]
		}
		return "(end of file)"
	}
	for i := 0; ; i++ {
		if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
			return i + 1, line(gl, i), line(wl, i), false
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
