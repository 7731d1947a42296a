package excelio

// A copy annotated through excelize (annotateModel, for a package the patcher of
// annotate_patch.go leaves alone) is saved through patchZip: every part excelize hands over
// unchanged is copied from the unit's package as it was stored (its compressed bytes and zip
// header), so it is neither compressed again nor re-marshalled; only the parts annotating changed
// are compressed. Parts excelize re-marshals merely because it read them (the theme, the package
// relationships) are taken from the unit's package too, so that what excelize's model does not
// know is not dropped from them.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// patchZip is the excelize.ZipWriter Annotate saves through.
type patchZip struct {
	zw   *zip.Writer
	orig map[string]*zip.File // the unit's parts by name
	name string               // the part being written, "" when none
	buf  bytes.Buffer
	err  error
}

// newPatchZip returns the ZipWriter factory for a copy of the package src; nil when src is no
// zip excelize could have opened, which then saves as it always has.
func newPatchZip(src []byte) func(io.Writer) excelize.ZipWriter {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil
	}
	orig := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		if _, dup := orig[zf.Name]; !dup {
			orig[zf.Name] = zf
		}
	}
	return func(w io.Writer) excelize.ZipWriter {
		return &patchZip{zw: zip.NewWriter(w), orig: orig}
	}
}

// Create starts the part name; its bytes are written out when the next part starts.
func (p *patchZip) Create(name string) (io.Writer, error) {
	if err := p.flush(); err != nil {
		return nil, err
	}
	p.name = name
	p.buf.Reset()
	return &p.buf, nil
}

// AddFS adds the files of fsys as parts, after the part being written.
func (p *patchZip) AddFS(fsys fs.FS) error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.zw.AddFS(fsys)
}

// Close writes the last part and the zip's directory.
func (p *patchZip) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.zw.Close()
}

// flush writes the part being written: the unit's stored entry when the content is the same (or
// is a part annotating never changes), compressed anew otherwise.
func (p *patchZip) flush() error {
	if p.err != nil || p.name == "" {
		return p.err
	}
	name, data := p.name, p.buf.Bytes()
	p.name = ""
	if zf := p.orig[name]; zf != nil && (keepsOriginal(name, zf, data) || sameContent(zf, data)) {
		p.err = copyStored(p.zw, zf)
		return p.err
	}
	p.err = writeDeflated(p.zw, name, data)
	return p.err
}

// copyStored copies the entry zf of the unit's package as it is stored, header included.
func copyStored(zw *zip.Writer, zf *zip.File) error {
	fh := zf.FileHeader
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// sameContent reports whether the stored entry zf holds exactly data. The size and CRC in the
// header rule out almost every changed part at no cost; the content itself settles the rest,
// so a header that lies (or a rare CRC collision) never puts the wrong bytes in the copy.
func sameContent(zf *zip.File, data []byte) bool {
	if zf.UncompressedSize64 != uint64(len(data)) || zf.CRC32 != crc32.ChecksumIEEE(data) {
		return false
	}
	return storedEquals(zf, data)
}

// storedEquals reads the entry zf (its CRC checked by archive/zip) and compares it with data.
func storedEquals(zf *zip.File, data []byte) bool {
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	got, err := io.ReadAll(io.LimitReader(rc, int64(len(data))+1))
	return err == nil && bytes.Equal(got, data)
}

// keepsOriginal reports whether the part name, which excelize rewrote as data, is one annotating
// never means to change, so the unit's own bytes stand: a theme (excelize re-marshals it when it
// reads colours for the fills), and the package relationships when they name the same parts.
func keepsOriginal(name string, zf *zip.File, data []byte) bool {
	switch {
	case strings.HasPrefix(name, "xl/theme/") && path.Ext(name) == ".xml":
		return true
	case name == "_rels/.rels":
		orig, ok := storedBytes(zf)
		return ok && sameRelationships(orig, data)
	}
	return false
}

// storedBytes reads the entry zf, at most maxIndexPart bytes of it.
func storedBytes(zf *zip.File) ([]byte, bool) {
	if zf.UncompressedSize64 > maxIndexPart {
		return nil, false
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxIndexPart))
	return data, err == nil
}

// sameRelationships reports whether two .rels parts hold the same relationships, whatever their
// order and spelling.
func sameRelationships(a, b []byte) bool {
	ra, oka := relationshipSet(a)
	rb, okb := relationshipSet(b)
	return oka && okb && slices.Equal(ra, rb)
}

// relationshipSet lists the relationships of a .rels part, sorted; false when it does not parse.
func relationshipSet(data []byte) ([]string, bool) {
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &rels); err != nil {
		return nil, false
	}
	out := make([]string, 0, len(rels.Rel))
	for _, r := range rels.Rel {
		out = append(out, r.ID+"\x00"+r.Type+"\x00"+r.Target+"\x00"+r.Mode)
	}
	slices.Sort(out)
	return out, true
}
