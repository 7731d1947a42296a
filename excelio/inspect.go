package excelio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/jxzp/jxzp/scoring"
)

// packageStats is what the inspection counted in a package: the measure of what excelize will
// spend on it, for the batch's memory budget.
type packageStats struct {
	inflated int64 // bytes inflated over all parts
	cells    int64 // cells over all sheets
	elements int64 // XML elements over all parts
}

// inspectPackage checks the .xlsx package before excelize opens it. It streams every part
// through a counter, never holding one in memory, and stops at the first limit passed (see
// packageLimits), so a zip bomb costs the bytes up to that limit and no more. The shared strings
// must also be well-formed XML: excelize silently reads a damaged one as empty, which would hide
// every label.
func inspectPackage(data []byte) (*packageStats, error) {
	return inspectZip(data, limits.partBytes)
}

// inspectZip is inspectPackage with a limit of its own on one part: an .ods holds all its sheets
// in one content.xml, which only the package's total bounds before LibreOffice converts it. The
// counts are returned with a refusal too: they say how far the reading went.
func inspectZip(data []byte, partLimit int64) (*packageStats, error) {
	sp, err := scanZip(data, nil, partLimit, scanAll)
	return sp.st, err
}

// scanMode says which parts a scan inflates and keeps.
type scanMode int

const (
	// scanAll inflates every part and keeps none: the inspection before excelize opens a package.
	scanAll scanMode = iota
	// scanRead inflates and keeps the parts the reader reads, and counts the others by the
	// sizes they declare without inflating them (see readsPart and complete).
	scanRead
)

// scannedPackage is a package inspected in one pass: its counts and, when the pass kept them,
// the inflated bytes of its XML and sheet parts, so that nothing after it inflates them again.
type scannedPackage struct {
	st    *packageStats
	zr    *zip.Reader
	parts map[string][]byte // by entry name; the last of two entries of one name
	kept  int64             // the bytes of parts
	// unread are the parts a scan for reading left uninflated, each with the size it declares,
	// which st counts in its stead until complete inflates it.
	unread    map[*zip.File]int64
	sheets    map[string]string // the sheet parts' names, as sheetParts found them
	keys      []string          // the partKey of each entry, in the directory's order
	partLimit int64
}

// maxKeptBytes bounds the bytes scanZip keeps of a package: a form's parts are a few hundred
// kilobytes; the parts of a bigger package are inflated again when they are read, and a package
// the limits refuse costs no more than the bytes kept.
const maxKeptBytes = 8 << 20

// scanZip streams the parts of data through the meter and the tag counter (see
// inspectPackage): every part for scanAll; for scanRead the parts the reader reads, keeping
// those that are XML, up to maxKeptBytes. zr, when not nil, is data's directory, already read.
func scanZip(data []byte, zr *zip.Reader, partLimit int64, mode scanMode) (*scannedPackage, error) {
	sp := &scannedPackage{st: &packageStats{}, partLimit: partLimit}
	if n, ok := zipEntryCount(data); ok && n > limits.entries {
		return sp, fileErr(scoring.B03, ErrTooLarge, "工作簿内部的部件超过 %d 个，可能是异常文件，未审核", limits.entries)
	}
	if zr == nil {
		var err error
		if zr, err = zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
			return sp, corruptErr()
		}
	}
	if len(zr.File) > limits.entries {
		return sp, fileErr(scoring.B03, ErrTooLarge, "工作簿内部的部件超过 %d 个，可能是异常文件，未审核", limits.entries)
	}
	sp.zr = zr
	ix := sheetParts(zr)
	sp.sheets, sp.keys = ix.sheets, ix.keys
	if mode == scanRead {
		sp.parts = map[string][]byte{}
	}
	run := newScanRun(ix.whole)
	defer run.done()
	for i, zf := range zr.File {
		if mode == scanRead && !readsPart(ix.keys[i], ix.sheets, ix.wb) {
			if err := sp.skip(zf, ix.keys[i]); err != nil {
				return sp, err
			}
			continue
		}
		if err := sp.inspect(i, run); err != nil {
			return sp, err
		}
	}
	return sp, nil
}

// scanRun is what a scan inflates parts through, reused from one part to the next.
type scanRun struct {
	bp      *[]byte
	scratch partScratch
}

// newScanRun takes a copy buffer; whole are the parts to replay rather than inflate (see
// partScratch).
func newScanRun(whole map[*zip.File][]byte) *scanRun {
	return &scanRun{bp: copyBuffers.Get().(*[]byte), scratch: partScratch{whole: whole}}
}

// done gives the copy buffer back.
func (r *scanRun) done() { copyBuffers.Put(r.bp) }

// inspect streams the part i of the directory through the meter and the tag counter, keeping it
// when sp keeps parts and there is room.
func (sp *scannedPackage) inspect(i int, run *scanRun) error {
	var left int64
	if sp.parts != nil {
		left = maxKeptBytes - sp.kept
	}
	zf := sp.zr.File[i]
	part, err := sp.st.inspectPart(zf, sp.keys[i], sp.sheets, sp.partLimit, *run.bp, left, &run.scratch)
	if err != nil {
		return err
	}
	if part != nil {
		sp.parts[zf.Name] = part
		sp.kept += int64(len(part))
	}
	return nil
}

// copyBuffers are the buffers scanZip inflates parts through, shared by the files read one after
// another rather than cleared for each.
var copyBuffers = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

// corruptErr is the refusal of a package that cannot be unpacked.
func corruptErr() *FileError {
	return fileErr(scoring.B03, ErrCorrupt, "文件已损坏或下载不完整，无法打开")
}

// inspectPart streams one part through the meter and the tag counter, and returns the part's
// bytes when it is an XML or sheet part of at most keep bytes; key is its partKey.
func (st *packageStats) inspectPart(zf *zip.File, key string, sheets map[string]string, partLimit int64, buf []byte, keep int64, scratch *partScratch) ([]byte, error) {
	sheet, isSheet := sheetOf(key, sheets)
	var r io.Reader
	replay, replayed := scratch.whole[zf]
	if replayed {
		scratch.replay.Reset(replay)
		r = &scratch.replay
	} else {
		rc, err := zf.Open()
		if err != nil {
			return nil, corruptErr()
		}
		defer rc.Close()
		r = rc
	}
	p := &scratch.check
	*p = partCheck{st: st, sheet: sheet, isSheet: isSheet, name: path.Base(key), maxBytes: partLimit}
	m := &scratch.meter
	*m = inflateMeter{r: r, part: p}
	var w io.Writer = io.Discard
	var kept *keeper
	if isSheet || isXMLPart(key) {
		if scratch.onTag == nil {
			scratch.onTag = p.tag // p is the same partCheck for every part of the scan
		}
		scratch.counter = tagCounter{onTag: scratch.onTag, name: scratch.counter.name[:0]}
		w = &scratch.counter
		if keep > 0 && replayed {
			kept = &scratch.keeper
			*kept = keeper{over: int64(len(replay)) > keep, buf: replay}
		} else if keep > 0 {
			kept = &scratch.keeper
			*kept = keeper{left: keep, buf: make([]byte, 0, min(zf.UncompressedSize64, uint64(keep)))}
			scratch.tee = teeWriter{kept, &scratch.counter}
			w = &scratch.tee
		}
	}
	if _, err := io.CopyBuffer(w, m, buf); err != nil || key != "xl/sharedstrings.xml" {
		return kept.bytes(), p.result(err)
	}
	// Parsed in a second pass, once the part is known to be within bounds: the decoder
	// allocates for every element, which the count above does not.
	if b := kept.bytes(); b != nil {
		if plainWellFormed(b) {
			return b, p.result(nil)
		}
		return b, p.result(wellFormed(bytes.NewReader(b)))
	}
	return nil, p.result(wellFormedPart(zf))
}

// sheetOf is the name of the sheet whose part is key, and whether it is a sheet's part: one
// sheetParts resolved, or one stored where Excel stores sheets.
func sheetOf(key string, sheets map[string]string) (string, bool) {
	if sheet, ok := sheets[key]; ok {
		return sheet, true
	}
	if strings.HasPrefix(key, "xl/worksheets/") && strings.HasSuffix(key, ".xml") {
		return strings.TrimSuffix(path.Base(key), ".xml"), true
	}
	return "", false
}

// partScratch is what inspectPart needs for a part, reused from one part of a package to the
// next rather than allocated for each.
type partScratch struct {
	// whole are the index parts sheetParts inflated whole: each is replayed through the meter
	// and the counter, which see the same bytes, rather than inflated a second time.
	whole   map[*zip.File][]byte
	replay  bytes.Reader
	check   partCheck
	meter   inflateMeter
	counter tagCounter
	onTag   func(local []byte) error
	keeper  keeper
	tee     teeWriter
}

// teeWriter writes to the keeper, then to the tag counter, as io.MultiWriter would.
type teeWriter struct {
	kept    *keeper
	counter *tagCounter
}

// Write keeps p and counts its tags; the counter's error stops the copy.
func (t *teeWriter) Write(p []byte) (int, error) {
	t.kept.Write(p)
	return t.counter.Write(p)
}

// keeper keeps the bytes written to it up to left bytes; past them it keeps nothing, so that a
// huge part (which the limits may yet refuse) costs no memory.
type keeper struct {
	buf  []byte
	left int64
	over bool
}

// Write keeps p while the bytes kept stay within left.
func (k *keeper) Write(p []byte) (int, error) {
	if !k.over && int64(len(k.buf)+len(p)) > k.left {
		k.over, k.buf = true, nil
	}
	if !k.over {
		k.buf = append(k.buf, p...)
	}
	return len(p), nil
}

// bytes is the whole part, or nil when it was not kept whole.
func (k *keeper) bytes() []byte {
	if k == nil || k.over {
		return nil
	}
	return k.buf
}

// wellFormedPart reads the part zf to its end as XML (see wellFormed).
func wellFormedPart(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return wellFormed(rc)
}

// isXMLPart reports whether the part, a partKey or a name in any case, is XML that excelize may
// parse.
func isXMLPart(key string) bool {
	return hasSuffixFold(key, ".xml") || hasSuffixFold(key, ".rels") || hasSuffixFold(key, ".vml")
}

// hasSuffixFold is strings.HasSuffix under Unicode case folding.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// partCheck holds the counts of the part being inspected and the refusal, if any, it met.
type partCheck struct {
	st          *packageStats
	name, sheet string // the part's base name; the sheet's name when it is a sheet
	isSheet     bool
	maxBytes    int64 // the limit on the part's inflated bytes
	bytes       int64 // inflated so far
	rows, cells int64
	refusal     *FileError // the first limit passed
}

// refuse records the first limit passed and returns it as the error that stops the reading.
func (p *partCheck) refuse(fe *FileError) error {
	if p.refusal == nil {
		p.refusal = fe
	}
	return p.refusal
}

// inflated counts n more bytes of the part against the part's and the package's limits.
func (p *partCheck) inflated(n int64) error {
	p.bytes += n
	p.st.inflated += n
	switch {
	case p.bytes > p.maxBytes && p.isSheet:
		return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作表“%s”解压后超过 %d MB，可能是异常文件，未审核", p.sheet, p.maxBytes>>20))
	case p.bytes > p.maxBytes:
		return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作簿中的“%s”部分解压后超过 %d MB，可能是异常文件，未审核", p.name, p.maxBytes>>20))
	case p.st.inflated > limits.totalBytes:
		return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作簿解压后超过 %d MB，可能是异常文件（压缩炸弹），未审核", limits.totalBytes>>20))
	}
	return nil
}

// tag counts one start tag of the part, by its local name.
func (p *partCheck) tag(local []byte) error {
	if p.st.elements++; p.st.elements > limits.elements {
		return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作簿内容过于复杂（XML 元素超过 %d 个），可能是异常文件，未审核", limits.elements))
	}
	if !p.isSheet {
		return nil
	}
	switch string(local) {
	case "row":
		if p.rows++; p.rows > limits.sheetRows {
			return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作表“%s”超过 %d 行，可能是异常文件，未审核", p.sheet, limits.sheetRows))
		}
	case "c":
		p.cells++
		p.st.cells++
		if p.cells > limits.sheetCells {
			return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作表“%s”的单元格超过 %d 个，可能是异常文件，未审核", p.sheet, limits.sheetCells))
		}
		if p.st.cells > limits.workbookCells {
			return p.refuse(fileErr(scoring.B03, ErrTooLarge, "工作簿各工作表的单元格合计超过 %d 个，可能是异常文件，未审核", limits.workbookCells))
		}
	}
	return nil
}

// result turns the end of a part's reading into the inspection's answer: the limit passed, if
// one was; a damaged part; or nil.
func (p *partCheck) result(err error) error {
	switch {
	case p.refusal != nil:
		return p.refusal
	case errors.Is(err, errMalformed):
		return fileErr(scoring.B03, ErrCorrupt, "文件已损坏（共享字符串部分无法解析），请重新保存后报送")
	case err != nil:
		return corruptErr()
	}
	return nil
}

// inflateMeter reads a part, counting what it inflates and failing as soon as a limit is passed:
// the rest of the part is never inflated.
type inflateMeter struct {
	r    io.Reader
	part *partCheck
}

// Read reads from the part and counts the bytes read.
func (m *inflateMeter) Read(b []byte) (int, error) {
	n, err := m.r.Read(b)
	if lerr := m.part.inflated(int64(n)); lerr != nil {
		return n, lerr
	}
	return n, err
}

// errMalformed is a part that does not parse as XML.
var errMalformed = errors.New("malformed XML")

// wellFormed reads r to its end as XML, returning errMalformed if it does not parse, or the
// reader's own error. Go's decoder never fetches external entities and refuses undefined ones,
// so a part that declares them fails here rather than leaking.
func wellFormed(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return errMalformed
			}
			return err
		}
	}
}
