// Command floor is the benchmark's decode floor: the least any reader of an inbox must do. It
// reads every workbook's bytes, opens the zip and runs encoding/xml's tokenizer over the
// worksheets and shared strings, building nothing. The bench script times it like the others.
//
//	go run ./bench/floor INBOX
package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor INBOX")
		os.Exit(2)
	}
	files, tokens := 0, 0
	err := filepath.WalkDir(os.Args[1], func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".xlsx") {
			return err
		}
		n, err := decode(p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		files++
		tokens += n
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("decoded %d workbooks, %d XML tokens\n", files, tokens)
}

// decode tokenizes the parts a form reader needs and returns how many tokens they held.
func decode(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") && f.Name != "xl/sharedStrings.xml" && f.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		d := xml.NewDecoder(rc)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return 0, err
			}
			n++
		}
		rc.Close()
	}
	return n, nil
}
