// Command gen writes an inbox of N workbooks for the benchmark: variants of the repository's
// sample and fixture workbooks (several layout families, most with defects), each with its own
// project name so that only a few projects repeat, as in a real batch.
//
//	go run ./bench/gen -n 1000 -o /tmp/inbox
package main

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/ziptest"
)

func main() {
	n := flag.Int("n", 1000, "number of workbooks")
	out := flag.String("o", "", "output folder (created; must not exist or be empty)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -n N -o DIR [TEMPLATE_DIR...]")
		os.Exit(2)
	}
	dirs := flag.Args()
	if len(dirs) == 0 {
		dirs = []string{"samples", "batch/testdata/fixtures"}
	}
	if err := run(*n, *out, dirs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// template is one workbook the variants are made from, with the project names its forms carry.
type template struct {
	name     string
	data     []byte
	projects []string
}

func run(n int, out string, dirs []string) error {
	tpls, err := templates(dirs)
	if err != nil {
		return err
	}
	if len(tpls) == 0 {
		return fmt.Errorf("no template workbooks in %v", dirs)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for i := range n {
		t := tpls[i%len(tpls)]
		k := i / len(tpls)
		// One workbook in twenty repeats the project of the previous round of the same template:
		// a unit that sent its form twice, or two units reporting one project (B01).
		if i%20 == 7 && k > 0 {
			k--
		}
		data, err := variant(t, k, i)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		dir := filepath.Join(out, fmt.Sprintf("单位%03d", i%97))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d-%s", i, t.name)), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d workbooks from %d templates to %s\n", n, len(tpls), out)
	return nil
}

// templates reads every .xlsx under dirs that holds at least one form.
func templates(dirs []string) ([]template, error) {
	var tpls []template
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".xlsx") {
				return err
			}
			wb, err := excelio.ReadForms(p, excelio.ReadOptions{})
			if err != nil || len(wb.Forms) == 0 {
				return nil // the fixtures' problem files: not what a batch is made of
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			t := template{name: filepath.Base(p), data: data}
			for _, f := range wb.Forms {
				if s := f.Project.Text; s != "" && !slices.Contains(t.projects, s) {
					t.projects = append(t.projects, s)
				}
			}
			tpls = append(tpls, t)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return tpls, nil
}

// variant copies the template with its project names numbered k, and a zip timestamp of its own
// so that no two files are byte-identical (a B02 duplicate would not be read at all).
func variant(t template, k, i int) ([]byte, error) {
	stamp := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 2 * time.Second)
	return ziptest.Edit(t.data, func(name string, body []byte) []byte {
		if !strings.HasPrefix(name, "xl/") || !strings.HasSuffix(name, ".xml") || k == 0 {
			return body
		}
		// Office writes the text as it is; other writers as character references.
		tag := fmt.Sprintf("（第%d批）", k)
		for _, p := range t.projects {
			for _, enc := range []func(string) string{escape, charRefs} {
				old := enc(p)
				body = bytes.ReplaceAll(body, []byte(old), []byte(old+enc(tag)))
			}
		}
		return body
	}, nil, stamp)
}

// charRefs is s as XML character data with every non-ASCII character a numeric reference.
func charRefs(s string) string {
	var b strings.Builder
	for _, r := range escape(s) {
		if r < 128 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "&#%d;", r)
		}
	}
	return b.String()
}

// escape is s as XML character data.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
