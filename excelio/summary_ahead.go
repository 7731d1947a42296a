package excelio

// Writing streamed sheets ahead: with more than one worker, every streamed sheet of the
// package is written by a goroutine of its own, compressed, into a temporary file beside the
// summary, while the parts before it are written; the package then takes its compressed bytes
// raw. The rows go to disk, not to memory, so a batch of ten thousand forms keeps its peak.

import (
	"archive/zip"
	"bufio"
	"hash/crc32"
	"io"
	"os"

	"github.com/jxzp/jxzp/internal/fsx"
)

// aheadPart is a streamed sheet's part written ahead: its deflated bytes in f, with the
// uncompressed size and checksum the zip entry records.
type aheadPart struct {
	done        chan struct{}
	f           *os.File
	crc         uint32
	size, csize int64
	err         error
}

// aheadParts are the parts being written ahead, by part name.
type aheadParts map[string]*aheadPart

// startAhead starts writing ahead every streamed part of zr, at most workers at once; with one
// worker it starts none. The caller only copies them: excelize puts the sheets in the package
// last first, so the part it would reach first is a small one, and the big ones (汇总表,
// 问题清单) are better written side by side than one after the other.
func (sw *summaryWriter) startAhead(zr *zip.Reader, raw map[string]*rawSheet, byPart map[string]*sheetLinks) aheadParts {
	if sw.workers <= 1 {
		return nil
	}
	ahead := aheadParts{}
	slots := make(chan struct{}, sw.workers)
	for _, f := range zr.File {
		rs := raw[f.Name]
		if rs == nil {
			continue
		}
		ap := &aheadPart{done: make(chan struct{})}
		ahead[f.Name] = ap
		go func() {
			slots <- struct{}{}
			defer func() { <-slots; close(ap.done) }()
			ap.err = sw.writeAhead(ap, f, rs, byPart[f.Name])
		}()
	}
	return ahead
}

// close waits for every part and removes its temporary file.
func (a aheadParts) close() {
	for _, ap := range a {
		<-ap.done
		if ap.f != nil {
			_ = ap.f.Close()
			_ = os.Remove(ap.f.Name())
		}
	}
}

// writeAhead writes rs's part (excelize's frame in f) to a temporary file as writeRawSheet
// would write it into the package, deflated as the package's parts are.
func (sw *summaryWriter) writeAhead(ap *aheadPart, f *zip.File, rs *rawSheet, links *sheetLinks) error {
	body, err := unzipPart(f)
	if err != nil {
		return err
	}
	// Beside the summary, where the run may write: a run killed meanwhile leaves a name the next
	// one removes.
	if ap.f, err = os.CreateTemp(sw.tmpDir, ".jxzp-sheet-*"+fsx.TempSuffix); err != nil {
		return err
	}
	fw := bufio.NewWriterSize(ap.f, 64<<10)
	cw := &countingWriter{w: fw}
	comp, _ := sw.newPartCompressor(cw)
	sink := &checksumWriter{w: comp}
	if err := sw.writeRawSheet(sink, body, rs, links); err != nil {
		_ = comp.Close()
		return err
	}
	if err := comp.Close(); err != nil {
		return err
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	ap.crc, ap.size, ap.csize = sink.crc, sink.n, cw.n
	return nil
}

// copyAhead puts the part written ahead into zw as f's entry, with the very header bytes
// zw.CreateHeader would have given it, so the package is the same whatever the worker count.
func copyAhead(zw *zip.Writer, f *zip.File, ap *aheadPart) error {
	<-ap.done
	if ap.err != nil {
		return ap.err
	}
	fh := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified}
	// CreateHeader fills in the flags, versions and time fields; a scratch writer lends it.
	scratch := zip.NewWriter(io.Discard)
	scratch.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return nopWriteCloser{w}, nil })
	if _, err := scratch.CreateHeader(fh); err != nil {
		return err
	}
	fh.CRC32 = ap.crc
	fh.CompressedSize64, fh.UncompressedSize64 = uint64(ap.csize), uint64(ap.size)
	if fh.CompressedSize64 >= 1<<32-1 || fh.UncompressedSize64 >= 1<<32-1 {
		fh.ReaderVersion = 45 // zip64, as the streamed entry's close would mark it
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := ap.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = io.Copy(w, ap.f)
	return err
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// checksumWriter counts and checksums the bytes written through it, as a zip entry does.
type checksumWriter struct {
	w   io.Writer
	n   int64
	crc uint32
}

func (c *checksumWriter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, crc32.IEEETable, p)
	c.n += int64(len(p))
	return c.w.Write(p)
}

// nopWriteCloser is a compressor that writes nothing of its own.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
