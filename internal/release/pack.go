package release

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Names inside the Windows zip.
const (
	exeName     = "jxzp.exe"
	readmeName  = "使用说明.txt"
	samplesName = "样例收件箱"
)

//go:embed usage.txt
var usageTemplate string

// zipEntry is one file of the zip.
type zipEntry struct {
	name string
	data []byte
}

// writeZip packs the Windows binary, the usage notes and the sample inbox, in a fixed order
// with a fixed time, so the zip's bytes depend only on its contents.
func writeZip(path, exe string, opts Options) error {
	entries, err := zipEntries(exe, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if _, err := zw.CreateHeader(header(samplesName+"/", opts.Time)); err != nil {
		return err
	}
	for _, e := range entries {
		w, err := zw.CreateHeader(header(e.name, opts.Time))
		if err != nil {
			return err
		}
		if _, err := w.Write(e.data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// header is an entry's header: deflated (a folder stored), at time t, readable by everyone.
func header(name string, t time.Time) *zip.FileHeader {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: t.UTC()}
	if strings.HasSuffix(name, "/") {
		h.Method = zip.Store
		h.SetMode(0o755 | os.ModeDir)
	} else {
		h.SetMode(0o644)
	}
	return h
}

// zipEntries reads the files of the zip: the program, the notes, then the samples by name.
func zipEntries(exe string, opts Options) ([]zipEntry, error) {
	bin, err := os.ReadFile(exe)
	if err != nil {
		return nil, err
	}
	entries := []zipEntry{{exeName, bin}, {readmeName, usageText(opts.Version)}}
	samples, err := filepath.Glob(filepath.Join(opts.Root, "samples", "*.xlsx"))
	if err != nil {
		return nil, err
	}
	sort.Strings(samples)
	for _, s := range samples {
		data, err := os.ReadFile(s)
		if err != nil {
			return nil, err
		}
		entries = append(entries, zipEntry{samplesName + "/" + filepath.Base(s), data})
	}
	return entries, nil
}

// usageText is 使用说明.txt for version: UTF-8 with a byte order mark and CRLF line ends, which
// is what Notepad on every Windows version shows as Chinese.
func usageText(version string) []byte {
	text := strings.ReplaceAll(usageTemplate, "{{版本}}", version)
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
	return append([]byte("\uFEFF"), text...)
}
