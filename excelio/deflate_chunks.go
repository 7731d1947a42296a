package excelio

// Deflating a part in chunks, as pigz does: the part's bytes are cut into chunks of a fixed
// size, and each chunk is compressed on its own, after the 32 KiB before it (the reach of a
// deflate match) were given to its compressor as history, so its matches may reach back into
// the previous chunk as a single stream's would. Every chunk but the last ends in a sync flush
// (an empty stored block: the chunk ends on a byte, and the stream goes on), the last in the
// final block: the chunks' outputs, one after the other, are one deflate stream. With workers
// the chunks are compressed side by side while the rows of the next are made; without, one
// after the other as they fill. Where the chunks are cut and what each is given depend on the
// bytes alone, never on the worker count, so the part is the same whatever it is.

import (
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"sync"
)

// deflateChunk is the size of a chunk. Each costs a compressor's reset and its 32 KiB of
// history compressed again (to no output): at 512 KiB about a tenth more deflating than one
// stream, and 汇总表 of a thousand forms (1 MB) is still two chunks. Tests make it smaller, so
// that small workbooks span many chunks.
var deflateChunk = 512 << 10

// deflateHistory is how far back a deflate match reaches (RFC 1951's window).
const deflateHistory = 32 << 10

// deflateSlots bounds the chunks being compressed at once in the whole program, whatever the
// number of parts being written: each holds a compressor of about a megabyte.
var deflateSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// Buffers kept for reuse: a chunk's input, the copy of its history, its output. A part of tens
// of megabytes has dozens of chunks.
var (
	chunkBuffers   = sync.Pool{New: func() any { b := make([]byte, 0, deflateChunk); return &b }}
	historyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, deflateHistory); return &b }}
	outBuffers     = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// chunkDeflater is a part's compressor: Write cuts the part into chunks, Close writes the last.
type chunkDeflater struct {
	out      io.Writer
	parallel bool
	window   int           // how many chunks may be pending (parallel)
	pending  []*deflateJob // chunks given out and not yet written, oldest first (parallel)
	cur      *[]byte       // the chunk being filled
	history  *[]byte       // a copy of the end of the chunk before it; nil for the first
	err      error
}

// deflateJob is one chunk to compress.
type deflateJob struct {
	buf     *[]byte // the chunk
	history *[]byte
	last    bool
	out     *bytes.Buffer
	done    chan struct{}
}

// newChunkDeflater compresses to out, with chunks compressed side by side when workers > 1.
func newChunkDeflater(out io.Writer, workers int) *chunkDeflater {
	// One chunk fewer than workers in flight: the caller fills the next meanwhile.
	return &chunkDeflater{out: out, parallel: workers > 1, window: max(workers-1, 1), cur: chunkBuffers.Get().(*[]byte)}
}

func (c *chunkDeflater) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && c.err == nil {
		b := *c.cur
		k := min(len(p), deflateChunk-len(b))
		*c.cur, p = append(b, p[:k]...), p[k:]
		if len(*c.cur) == deflateChunk {
			c.submit(false)
		}
	}
	if c.err != nil {
		return 0, c.err
	}
	return n, nil
}

// Close compresses the last chunk and writes every chunk still pending.
func (c *chunkDeflater) Close() error {
	if c.err == nil && c.cur != nil {
		c.submit(true)
		for len(c.pending) > 0 && c.err == nil {
			c.retire()
		}
	}
	// After a failed write chunks may still be compressing: their buffers go to the collector.
	c.cur, c.pending = nil, nil
	return c.err
}

// submit gives the chunk being filled to a compressor and starts the next.
func (c *chunkDeflater) submit(last bool) {
	j := &deflateJob{buf: c.cur, history: c.history, last: last, out: outBuffers.Get().(*bytes.Buffer)}
	j.out.Reset()
	c.cur, c.history = nil, nil
	if !last {
		// The history is copied, so the chunk's buffer is free as soon as it is compressed.
		in := *j.buf
		h := historyBuffers.Get().(*[]byte)
		*h = append((*h)[:0], in[len(in)-min(len(in), deflateHistory):]...)
		c.cur, c.history = chunkBuffers.Get().(*[]byte), h
	}
	// A part of one chunk has nothing to overlap with: it is compressed here.
	if !c.parallel || last && len(c.pending) == 0 {
		j.compress()
		c.emit(j)
		return
	}
	j.done = make(chan struct{})
	go func() {
		deflateSlots <- struct{}{}
		j.compress()
		<-deflateSlots
		close(j.done)
	}()
	c.pending = append(c.pending, j)
	for len(c.pending) > c.window && c.err == nil {
		c.retire()
	}
}

// retire waits for the oldest pending chunk and writes it.
func (c *chunkDeflater) retire() {
	j := c.pending[0]
	c.pending = c.pending[1:]
	<-j.done
	c.emit(j)
}

// emit writes a compressed chunk and gives its buffers back.
func (c *chunkDeflater) emit(j *deflateJob) {
	if c.err == nil {
		_, c.err = c.out.Write(j.out.Bytes())
	}
	*j.buf = (*j.buf)[:0]
	chunkBuffers.Put(j.buf)
	if j.history != nil {
		historyBuffers.Put(j.history)
	}
	outBuffers.Put(j.out)
}

// compress deflates the chunk: its history first, to no output, then the chunk itself.
func (j *deflateJob) compress() {
	w := partCompressors.Get().(*flate.Writer)
	defer partCompressors.Put(w)
	sink := &switchWriter{w: io.Discard}
	w.Reset(sink)
	if j.history != nil {
		w.Write(*j.history)
		w.Flush()
	}
	sink.w = j.out
	w.Write(*j.buf)
	if j.last {
		w.Close()
	} else {
		w.Flush()
	}
}

// switchWriter writes to w, which may change between writes.
type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }
