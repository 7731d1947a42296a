package excelio

import (
	"archive/zip"
	"bytes"
	"io"
	"math/bits"
	"slices"
)

// pkgPatch is the unit's package with the parts annotating changes or adds: it reads a part only
// when asked, and writes the copy with every other part copied as stored (see copyStored).
type pkgPatch struct {
	src     []byte
	files   map[string]*zip.File // the unit's parts by name
	order   []*zip.File          // as stored, first of each name
	keys    map[string]string    // partKey → name as stored
	changed map[string][]byte
	added   []string
	read    map[string][]byte
	// given are parts the reading inflated (by stored name), shared with it: read only, never
	// given back to the buffers of release.
	given   map[string][]byte
	owned   [][]byte        // buffers the patcher writes parts into, kept like the parts read (release)
	removed map[string]bool // stored names of the parts the copy leaves out
	ct      *contentTypes
}

// openPatch opens the package src for patching.
func openPatch(src []byte) (*pkgPatch, error) {
	return openPatchKept(src, nil)
}

// openPatchKept opens the package src for patching, taking its directory and inflated parts
// from kept when reading it left them (nil reads the directory anew).
func openPatchKept(src []byte, kept *keptPackage) (*pkgPatch, error) {
	var zr *zip.Reader
	if kept != nil {
		zr = kept.zr
	} else {
		var err error
		if zr, err = zip.NewReader(bytes.NewReader(src), int64(len(src))); err != nil {
			return nil, err
		}
	}
	p := &pkgPatch{src: src, files: map[string]*zip.File{}, keys: map[string]string{},
		changed: map[string][]byte{}, read: map[string][]byte{}, removed: map[string]bool{}}
	if kept != nil {
		p.given = kept.parts
	}
	for _, zf := range zr.File {
		if _, dup := p.files[zf.Name]; dup {
			return nil, errNoPatch
		}
		p.files[zf.Name] = zf
		p.keys[partKey(zf.Name)] = zf.Name
		p.order = append(p.order, zf)
	}
	return p, nil
}

// name is the stored name of the part key names, "" when the package has no such part.
func (p *pkgPatch) name(key string) string {
	if _, ok := p.changed[key]; ok {
		return key
	}
	if stored := p.keys[partKey(key)]; !p.removed[stored] {
		return stored
	}
	return ""
}

// remove leaves the part name out of the copy.
func (p *pkgPatch) remove(name string) {
	if stored := p.name(name); stored != "" {
		p.removed[stored] = true
		delete(p.changed, stored)
	}
}

// has reports whether the part exists, as stored or added.
func (p *pkgPatch) has(name string) bool { return p.name(name) != "" }

// part is the current content of the part name.
func (p *pkgPatch) part(name string) ([]byte, error) {
	if b, ok := p.changed[name]; ok {
		return b, nil
	}
	stored := p.keys[partKey(name)]
	if b, ok := p.read[stored]; ok {
		return b, nil
	}
	zf := p.files[stored]
	if zf == nil {
		return nil, errNoPatch
	}
	if zf.UncompressedSize64 > uint64(unzipXMLLimit) {
		return nil, errNoPatch
	}
	// A part the reading kept is taken when it is all the header declares, as one read here
	// would be; any other is read below, and refused as it would be.
	if b, ok := p.given[stored]; ok && uint64(len(b)) == zf.UncompressedSize64 {
		return b, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// A part is held to the size its header declares, which bounds what patching holds.
	b := partBuffer(int(zf.UncompressedSize64))
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, errNoPatch // shorter than declared, or damaged: excelize's path reports it
	}
	var extra [1]byte
	if n, err := rc.Read(extra[:]); n > 0 || err != io.EOF {
		return nil, errNoPatch
	}
	p.read[stored] = b
	return b, nil
}

// Parts read for patching are inflated into buffers kept for the next copies (release): a
// copy reads a few parts of a few KB, and fresh ones made the collector run more often.
const (
	minPartClass = 12 // the smallest buffer kept holds 4 KB
	partClasses  = 5  // and the largest 64 KB; a larger part's buffer is the collector's
	partsKept    = 16 // buffers kept per size, for the copies written side by side
)

// partBuffers holds the buffers kept, by size class, as channels: a sync.Pool would lose them
// at every collection.
var partBuffers = func() (c [partClasses]chan []byte) {
	for i := range c {
		c[i] = make(chan []byte, partsKept)
	}
	return c
}()

// partClass is the size class of a part of n bytes, -1 for one too large to keep.
func partClass(n int) int {
	c := max(bits.Len(uint(max(n, 1)-1))-minPartClass, 0)
	if c >= partClasses {
		return -1
	}
	return c
}

// partBuffer is a buffer of n bytes, kept or new; its content is not cleared.
func partBuffer(n int) []byte {
	c := partClass(n)
	if c < 0 {
		return make([]byte, n)
	}
	select {
	case b := <-partBuffers[c]:
		return b[:n]
	default:
		return make([]byte, n, 1<<(c+minPartClass))
	}
}

// buffer is an empty buffer of capacity n for a part the patcher writes, given back by release.
func (p *pkgPatch) buffer(n int) []byte {
	b := partBuffer(n)
	p.owned = append(p.owned, b)
	return b[:0]
}

// release gives the buffers of the parts read and written back for the next copies. p, and every part it
// returned, is not used again: the copy is written (or left to annotateModel, which reads the
// package anew), and nothing the patcher keeps shares a part's memory.
func (p *pkgPatch) release() {
	for name, b := range p.read {
		delete(p.read, name)
		keepPartBuffer(b)
	}
	for _, b := range p.owned {
		keepPartBuffer(b)
	}
	p.owned = nil
}

// keepPartBuffer keeps b for the next copies when it is of a size class and there is room.
func keepPartBuffer(b []byte) {
	c := partClass(cap(b))
	if c < 0 || cap(b) != 1<<(c+minPartClass) {
		return
	}
	select {
	case partBuffers[c] <- b:
	default:
	}
}

// declared is the size the package's parts declare, inflated.
func (p *pkgPatch) declared() int64 {
	var n uint64
	for _, zf := range p.order {
		n += zf.UncompressedSize64
	}
	return int64(min(n, 1<<62))
}

// set replaces (or adds) the part name.
func (p *pkgPatch) set(name string, body []byte) {
	if stored := p.keys[partKey(name)]; stored != "" {
		name = stored
		delete(p.removed, stored)
	} else if _, ok := p.changed[name]; !ok {
		p.added = append(p.added, name)
	}
	p.changed[name] = body
}

// patchBuffers keeps the buffers copies are built in, from one copy to the next: a copy is
// written from memory in one write, and its buffer is as big as the copy.
var patchBuffers = make(chan *bytes.Buffer, 8)

// write writes the copy to w, in one write: the unit's parts in their order, changed ones
// compressed anew, then the added parts.
func (p *pkgPatch) write(w io.Writer) error {
	size := len(p.src)
	for _, b := range p.changed {
		size += len(b) / 4 // about what XML compresses to, fast
	}
	var buf *bytes.Buffer
	select {
	case buf = <-patchBuffers:
		buf.Reset()
	default:
		buf = new(bytes.Buffer)
	}
	defer func() {
		select {
		case patchBuffers <- buf:
		default:
		}
	}()
	buf.Grow(size)
	zw := zip.NewWriter(buf)
	for _, zf := range p.order {
		if p.removed[zf.Name] {
			continue
		}
		if body, ok := p.changed[zf.Name]; ok {
			if err := writeDeflated(zw, zf.Name, body); err != nil {
				return err
			}
			continue
		}
		if err := p.copyStored(zw, zf); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(slices.Values(p.added)) {
		if err := writeDeflated(zw, name, p.changed[name]); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// copyStored copies the entry zf as it is stored, header included, straight from the package's
// bytes.
func (p *pkgPatch) copyStored(zw *zip.Writer, zf *zip.File) error {
	off, err := zf.DataOffset()
	if err != nil {
		return err
	}
	end := uint64(off) + zf.CompressedSize64
	if off < 0 || end > uint64(len(p.src)) {
		return copyStored(zw, zf)
	}
	fh := zf.FileHeader
	fw, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = fw.Write(p.src[off:end])
	return err
}
