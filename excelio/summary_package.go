package excelio

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

// writePackage copies the package pkg excelize wrote to w, completing it: each streamed sheet's
// rows go into its part, as inline strings (a shared-strings table of ten thousand forms'
// names and findings would be held in memory until the rows are written), and each linked
// sheet's relationships part gets its links' relationships. Every other part is copied raw,
// compressed bytes and header alike, so the output stays byte-for-byte reproducible.
func (sw *summaryWriter) writePackage(pkg []byte, w io.Writer) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	parts, err := summarySheetParts(zr)
	if err != nil {
		return err
	}
	raw := map[string]*rawSheet{} // sheet part → the streamed sheet written there
	for _, rs := range sw.raw {
		p, ok := parts[rs.name]
		if !ok {
			return fmt.Errorf("rows for a missing sheet %q", rs.name)
		}
		raw[p] = rs
	}
	// part name → the sheet's links; the rels part name → the sheet part it belongs to.
	byPart := map[string]*sheetLinks{}
	relsOf := map[string]string{}
	for sheet, sl := range sw.links {
		p, ok := parts[sheet]
		if !ok || raw[p] == nil {
			return fmt.Errorf("hyperlinks for a sheet %q that is not streamed", sheet)
		}
		byPart[p] = sl
		relsOf[path.Join(path.Dir(p), "_rels", path.Base(p)+".rels")] = p
	}

	ahead := sw.startAhead(zr, raw, byPart)
	defer ahead.close()
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, sw.newPartCompressor)
	seenRels := map[string]bool{}
	for _, f := range zr.File {
		owner, isRels := relsOf[f.Name]
		switch {
		case ahead[f.Name] != nil:
			if err := copyAhead(zw, f, ahead[f.Name]); err != nil {
				return err
			}
		case raw[f.Name] != nil:
			body, err := unzipPart(f)
			if err != nil {
				return err
			}
			pw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
			if err != nil {
				return err
			}
			if err := sw.writeRawSheet(pw, body, raw[f.Name], byPart[f.Name]); err != nil {
				return err
			}
		case isRels:
			seenRels[f.Name] = true
			body, err := unzipPart(f)
			if err != nil {
				return err
			}
			end := bytes.LastIndex(body, []byte("</Relationships>"))
			if end < 0 {
				return fmt.Errorf("%s: no </Relationships>", f.Name)
			}
			if err := writeRelsPart(zw, f.FileHeader, body[:end], byPart[owner], body[end:]); err != nil {
				return err
			}
		default:
			if err := copyRaw(zw, f); err != nil {
				return err
			}
		}
	}
	// In name order: map order would give different bytes on every run.
	for _, relsName := range slices.Sorted(maps.Keys(relsOf)) {
		owner := relsOf[relsName]
		if seenRels[relsName] {
			continue
		}
		hdr := zip.FileHeader{Name: relsName, Method: zip.Deflate}
		for _, f := range zr.File {
			if f.Name == owner {
				hdr.Modified = f.Modified
			}
		}
		head := []byte(xml.Header[:len(xml.Header)-1] + `<Relationships xmlns="` + nsPackageRels + `">`)
		if err := writeRelsPart(zw, hdr, head, byPart[owner], []byte("</Relationships>")); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeRelsPart writes a relationships part: head, the relationships of links, then tail.
func writeRelsPart(zw *zip.Writer, hdr zip.FileHeader, head []byte, links *sheetLinks, tail []byte) error {
	pw, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: zip.Deflate, Modified: hdr.Modified})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(pw, 16<<10)
	bw.Write(head)
	links.writeRels(bw)
	bw.Write(tail)
	return bw.Flush()
}

// summarySheetParts maps each sheet's name to its part in a workbook excelize wrote (the
// summary), from workbook.xml and its relationships; sheetParts does the reverse for any input.
func summarySheetParts(zr *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		f, err := zr.Open(name)
		if err != nil {
			return nil, err
		}
		err = xml.NewDecoder(f).Decode(v)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[s.Name] = target[s.ID]
	}
	return parts, nil
}

// unzipPart is the uncompressed content of one zip entry.
func unzipPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// newPartCompressor is the zip compressor of writePackage's parts: a part of more than one
// chunk has them compressed side by side when there are workers.
func (sw *summaryWriter) newPartCompressor(out io.Writer) (io.WriteCloser, error) {
	return newChunkDeflater(out, sw.workers), nil
}

// writePart writes body as a deflated entry with hdr's name and time.
func writePart(zw *zip.Writer, hdr zip.FileHeader, body []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: zip.Deflate, Modified: hdr.Modified})
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// copyRaw copies an entry without decompressing it.
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	hdr := f.FileHeader
	w, err := zw.CreateRaw(&hdr)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// partLevel is the deflate level of the parts writePackage writes, mostly the streamed rows:
// on their repetitive XML level 2 costs 40% less CPU than level 4 for parts 7% larger (a
// thousand forms' 汇总表 and 问题清单: 306 KB at 4, 328 KB at 2, 278 KB at 6; level 1 is
// both slower and larger here).
const partLevel = 2

// partCompressors keeps deflate writers for reuse: each holds about a megabyte of state, and
// a summary compresses a score of parts, the big ones in many chunks (deflate_chunks.go).
var partCompressors = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, partLevel)
	return w
}}
