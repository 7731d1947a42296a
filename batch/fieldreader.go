package batch

import "encoding/binary"

// fieldReader reads the varint-framed fields that the spool's and the cache's results
// (resultcodec.go) and the summary's records (summaryrec.go) are made of. The first misread
// marks it bad and empties it, so every later read gives a zero value and the caller checks once.
type fieldReader struct {
	b   []byte
	bad bool
}

func (r *fieldReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *fieldReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *fieldReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// take reads the next n bytes, which stay the record's; nil when fewer are left.
func (r *fieldReader) take(n uint64) []byte {
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *fieldReader) fail() {
	r.bad = true
	r.b = nil
}
