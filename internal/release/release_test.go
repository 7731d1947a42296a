package release

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testVersion is unusual enough that finding it in the binary proves it was stamped.
const testVersion = "9.8.7-release.test"

// TestReleaseReproducible builds the Windows release twice and checks that the two are the same
// bytes and that the zip holds what a clerk needs. (The other targets go through the same
// goBuild; .ci/run builds them all with scripts/release.sh.)
func TestReleaseReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles jxzp")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Root: root, Version: testVersion, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Targets: []Target{{"windows", "amd64"}}}
	var builds [2][]string
	for i := range builds {
		opts.Dist = filepath.Join(t.TempDir(), "dist")
		if builds[i], err = Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range builds[0] {
		a, _ := os.ReadFile(p)
		b, _ := os.ReadFile(builds[1][i])
		if filepath.Base(p) != filepath.Base(builds[1][i]) || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", filepath.Base(p))
		}
	}
	wantNames := []string{"jxzp-" + testVersion + "-windows-amd64.exe", "jxzp-" + testVersion + "-windows-amd64.zip", checksumsName}
	if got := baseNames(builds[0]); !slices.Equal(got, wantNames) {
		t.Fatalf("release files %q, want %q", got, wantNames)
	}
	checkZip(t, builds[0][1], root)
}

// checkZip checks the Windows zip: jxzp.exe with the version in it, the notes as Notepad
// needs them, and every sample.
func checkZip(t *testing.T, path, root string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		files[f.Name] = readEntry(t, f)
	}
	samples, _ := filepath.Glob(filepath.Join(root, "samples", "*.xlsx"))
	want := []string{samplesName + "/", exeName, readmeName}
	for _, s := range samples {
		want = append(want, samplesName+"/"+filepath.Base(s))
		if data, _ := os.ReadFile(s); !bytes.Equal(files[samplesName+"/"+filepath.Base(s)], data) {
			t.Errorf("sample %s differs from the repository's", filepath.Base(s))
		}
	}
	if len(samples) == 0 || !slices.Equal(names, want) {
		t.Errorf("zip holds %q, want %q", names, want)
	}
	exe := files[exeName]
	if !bytes.HasPrefix(exe, []byte("MZ")) || !bytes.Contains(exe, []byte(testVersion)) {
		t.Error("jxzp.exe is not a Windows program with the version stamped in")
	}
	checkNotes(t, files[readmeName])
}

// checkNotes: UTF-8 with a byte order mark, CRLF only, the version named.
func checkNotes(t *testing.T, notes []byte) {
	t.Helper()
	if !bytes.HasPrefix(notes, []byte("\xEF\xBB\xBF")) {
		t.Error("使用说明.txt has no UTF-8 byte order mark")
	}
	if n := bytes.Count(notes, []byte("\n")); n == 0 || n != bytes.Count(notes, []byte("\r\n")) {
		t.Error("使用说明.txt has line ends other than CRLF")
	}
	for _, want := range []string{testVersion, "拖到 jxzp.exe", "LibreOffice", "--encoding gbk"} {
		if !strings.Contains(string(notes), want) {
			t.Errorf("使用说明.txt does not mention %q", want)
		}
	}
}

// readEntry reads one file of the zip.
func readEntry(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(rc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// baseNames is the file names of paths.
func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, filepath.Base(p))
	}
	return out
}

// TestBuildRefusesBadVersion: the version goes into file names.
func TestBuildRefusesBadVersion(t *testing.T) {
	for _, v := range []string{"", "1.0/../x", "v 1"} {
		if _, err := Build(Options{Version: v, Time: time.Now(), Dist: t.TempDir()}); err == nil {
			t.Errorf("version %q accepted", v)
		}
	}
}
