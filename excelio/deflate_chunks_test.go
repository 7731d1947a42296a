package excelio

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"testing"
)

// chunkTestInput is n bytes of rows of a sheet, varied enough that deflate finds both repeats
// and new text, and the same on every call.
func chunkTestInput(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" s="%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>单位%d项目%d</t></is></c></row>`,
			i, i, i%7, i*i%1000003, i, i%97, i*31%1009)
	}
	return b.Bytes()[:n]
}

// deflateInChunks compresses in with a chunkDeflater of the given workers, written in pieces
// of step bytes.
func deflateInChunks(t *testing.T, in []byte, workers, step int) []byte {
	t.Helper()
	var out bytes.Buffer
	c := newChunkDeflater(&out, workers)
	for p := in; len(p) > 0; {
		k := min(step, len(p))
		if n, err := c.Write(p[:k]); err != nil || n != k {
			t.Fatalf("write: %d, %v", n, err)
		}
		p = p[k:]
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestChunkDeflater compresses parts of many sizes around the chunk size: each must inflate
// back to itself as one deflate stream, and give the same bytes for any worker count and
// however it was written; a part of one chunk gives the bytes of one flate writer.
func TestChunkDeflater(t *testing.T) {
	defer func(size int) { deflateChunk = size }(deflateChunk)
	deflateChunk = 48 << 10
	ch := deflateChunk
	for _, n := range []int{0, 1, 1000, ch - 1, ch, ch + 1, 2 * ch, 7*ch + 12345} {
		in := chunkTestInput(n)
		want := deflateInChunks(t, in, 1, 4096)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(want)))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("%d bytes: inflated to %d bytes, %v", n, len(got), err)
		}
		for _, workers := range []int{2, 4} {
			for _, step := range []int{1 << 20, 4096, 777} {
				if got := deflateInChunks(t, in, workers, step); !bytes.Equal(got, want) {
					t.Errorf("%d bytes, %d workers, writes of %d: %d bytes differ from the serial %d", n, workers, step, len(got), len(want))
				}
			}
		}
		var one bytes.Buffer
		fw, _ := flate.NewWriter(&one, partLevel)
		fw.Write(in)
		fw.Close()
		if n < ch && !bytes.Equal(one.Bytes(), want) {
			t.Errorf("%d bytes, one chunk: not the bytes of one flate writer", n)
		}
		// Each chunk's matches reach into the one before: chunks compressed without it come
		// out a few per cent larger here.
		if n > ch && len(want) > len(one.Bytes())*101/100 {
			t.Errorf("%d bytes: %d compressed, one stream %d", n, len(want), one.Len())
		}
	}
}

// TestChunkDeflaterZipEntry writes a part of many chunks as a zip entry, as writePackage does,
// and reads it back: archive/zip checks its size and CRC-32.
func TestChunkDeflaterZipEntry(t *testing.T) {
	defer func(size int) { deflateChunk = size }(deflateChunk)
	deflateChunk = 32 << 10
	in := chunkTestInput(5*deflateChunk + 999)
	for _, workers := range []int{1, 2} {
		var pkg bytes.Buffer
		zw := zip.NewWriter(&pkg)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return newChunkDeflater(out, workers), nil })
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(in)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(pkg.Bytes()), int64(pkg.Len()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := unzipPart(zr.File[0])
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%d workers: read back %d bytes of %d, %v", workers, len(got), len(in), err)
		}
	}
}

// failingWriter fails every write.
type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestChunkDeflaterWriteError checks that a failed write of the output reaches the caller, and
// that nothing waits forever on the chunks still being compressed.
func TestChunkDeflaterWriteError(t *testing.T) {
	defer func(size int) { deflateChunk = size }(deflateChunk)
	deflateChunk = 16 << 10
	in := chunkTestInput(20 * deflateChunk)
	for _, workers := range []int{1, 2} {
		c := newChunkDeflater(failingWriter{}, workers)
		_, werr := c.Write(in)
		if err := c.Close(); !errors.Is(err, errDiskFull) || !errors.Is(werr, errDiskFull) {
			t.Errorf("%d workers: write %v, close %v, want %v", workers, werr, err, errDiskFull)
		}
	}
}
