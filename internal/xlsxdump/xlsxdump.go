// Package xlsxdump renders a workbook package as plain text for golden files: per sheet the
// cells with their values and styles, merges, links, comments, print settings and charts. It
// reads the XML parts as written rather than through a spreadsheet library's decoded view, so
// that the text shows exactly what a writer produced, invalid values included.
package xlsxdump

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Dump renders the workbook package read from r; the same bytes always give the same text.
func Dump(r io.ReaderAt, size int64) (string, error) {
	p, err := openPkg(r, size)
	if err != nil {
		return "", err
	}
	d := &dumper{pkg: p, usedXfs: map[int]bool{0: true}}
	if err := d.dump(); err != nil {
		return "", err
	}
	return d.out.String(), nil
}

// DumpFile renders the workbook at path; the path itself does not appear in the text.
func DumpFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	return Dump(f, fi.Size())
}

// dumper holds what the sheets are rendered against: the workbook, its strings and styles.
type dumper struct {
	pkg     *pkg
	out     strings.Builder
	wbPart  string
	wb      workbook
	wbRels  []rel
	strs    []richText
	styles  *styleSheet
	usedXfs map[int]bool // the cell formats the sheets refer to, listed after them
}

func (d *dumper) line(indent int, format string, args ...any) {
	d.out.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&d.out, format, args...)
	d.out.WriteByte('\n')
}

func (d *dumper) dump() error {
	if err := d.parts(); err != nil {
		return err
	}
	if err := d.load(); err != nil {
		return err
	}
	d.workbook()
	for i, s := range d.wb.Sheets {
		if err := d.sheet(i, s); err != nil {
			return err
		}
	}
	d.styleSection()
	return nil
}

// parts lists every part with its content type, and overrides naming parts that do not exist.
func (d *dumper) parts() error {
	var ct contentTypes
	if err := d.pkg.decode("[Content_Types].xml", &ct); err != nil {
		return err
	}
	d.line(0, "parts")
	for _, n := range d.pkg.names {
		if n != "[Content_Types].xml" {
			d.line(1, "%s %s", n, ct.of(n))
		}
	}
	for _, o := range ct.Overrides {
		if d.pkg.files[strings.TrimPrefix(o.Part, "/")] == nil {
			d.line(1, "override for a missing part: %s %s", o.Part, o.Type)
		}
	}
	return nil
}

// load reads the workbook part and what every sheet refers to: shared strings and styles.
func (d *dumper) load() error {
	root, err := d.pkg.rels("")
	if err != nil {
		return err
	}
	doc := byKind(root, "officeDocument")
	if doc == nil {
		return fmt.Errorf("no officeDocument relationship in _rels/.rels")
	}
	d.wbPart = doc.Resolved
	if err := d.pkg.decode(d.wbPart, &d.wb); err != nil {
		return err
	}
	if d.wbRels, err = d.pkg.rels(d.wbPart); err != nil {
		return err
	}
	if r := byKind(d.wbRels, "sharedStrings"); r != nil && d.pkg.files[r.Resolved] != nil {
		var sst struct {
			Items []richText `xml:"si"`
		}
		if err := d.pkg.decode(r.Resolved, &sst); err != nil {
			return err
		}
		d.strs = sst.Items
	}
	d.styles = &styleSheet{}
	if r := byKind(d.wbRels, "styles"); r != nil && d.pkg.files[r.Resolved] != nil {
		d.styles.part = r.Resolved
		return d.pkg.decode(r.Resolved, d.styles)
	}
	return nil
}

// relLines lists relationships other than hyperlinks, which the link lines show with their
// cells; a target that is not in the package is marked rather than failing the dump, since
// showing such a slip is the point.
func (d *dumper) relLines(indent int, rels []rel) {
	for _, r := range rels {
		switch {
		case r.kind() == "hyperlink":
		case r.external():
			d.line(indent, "rel %s %s %s external", r.ID, r.kind(), quote(r.Target))
		case d.pkg.files[r.Resolved] == nil:
			d.line(indent, "rel %s %s %s (missing part)", r.ID, r.kind(), r.Resolved)
		default:
			d.line(indent, "rel %s %s %s", r.ID, r.kind(), r.Resolved)
		}
	}
}

// useXf notes a cell format index as written in an s or style attribute.
func (d *dumper) useXf(s string) {
	if n, err := strconv.Atoi(s); err == nil {
		d.usedXfs[n] = true
	}
}
