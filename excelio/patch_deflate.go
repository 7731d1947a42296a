package excelio

// The parts a copy changes are compressed here rather than by compress/flate: they are a few
// small XML parts a copy, and flate's fastest level builds a dynamic Huffman code for each of
// them, which costs more than finding the repeats (docs/decisions.md, "the changed parts of an
// annotated copy, compressed"). This encoder finds repeats as flate's fastest level does, one
// hash probe a position, and writes them in one block of RFC 1951's fixed code (3.2.6): no
// code to build, three times faster, and parts a sixth larger, as XML's repeats carry most of
// the saving.

import (
	"archive/zip"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"
)

const (
	zipVersion20 = 20    // the zip version archive/zip writes: deflate, no zip64
	zipUTF8      = 0x800 // the zip flag of a name in UTF-8

	fixedHashBits = 12
	fixedMinMatch = 4
	fixedMaxMatch = 258
	fixedWindow   = 32768
	maxFixedInput = 1 << 30 // positions fit the table's int32; a part is far smaller (unzipXMLLimit)
)

// fixedDeflater is one compressor with its state, reused from part to part.
type fixedDeflater struct {
	table [1 << fixedHashBits]int32 // 1 + base + the latest position of each hashed 4 bytes
	base  int                       // added to this input's positions: older entries fall below it
	out   []byte
	acc   uint64 // bits not yet in out, the first in the lowest bit
	nacc  uint
}

// fixedDeflaters keeps compressors for the next copies, as a sync.Pool would lose them at
// every collection.
var fixedDeflaters = make(chan *fixedDeflater, 8)

// writeDeflated writes the part name holding body to zw, compressed by a fixedDeflater, or
// stored where that does not make it smaller (a part of a few bytes).
func writeDeflated(zw *zip.Writer, name string, body []byte) error {
	var d *fixedDeflater
	select {
	case d = <-fixedDeflaters:
	default:
		d = new(fixedDeflater)
	}
	defer func() {
		select {
		case fixedDeflaters <- d:
		default:
		}
	}()
	data, method := body, zip.Store
	if len(body) <= maxFixedInput {
		data, method = d.deflate(body), zip.Deflate
	}
	if len(data) >= len(body) {
		data, method = body, zip.Store
	}
	fh := &zip.FileHeader{Name: name, Method: method, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(len(body)),
		CreatorVersion: zipVersion20, ReaderVersion: zipVersion20}
	if utf8.ValidString(name) && strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf }) {
		fh.Flags |= zipUTF8
	}
	w, err := zw.CreateRaw(fh)
	if err == nil {
		_, err = w.Write(data)
	}
	return err
}

// deflate returns src compressed as a raw deflate stream; the slice is valid until the next
// call on d.
func (d *fixedDeflater) deflate(src []byte) []byte {
	if d.base > math.MaxInt32-1-len(src) {
		d.table, d.base = [len(d.table)]int32{}, 0
	}
	d.out, d.acc, d.nacc = d.out[:0], 0, 0
	d.put(3, 3) // BFINAL, then BTYPE 01: the fixed code
	lit := 0    // first position not yet written
	for i := 0; i+fixedMinMatch <= len(src); {
		cur := binary.LittleEndian.Uint32(src[i:])
		h := (cur * 0x1e35a7bd) >> (32 - fixedHashBits)
		cand := int(d.table[h]) - d.base - 1
		d.table[h] = int32(i + d.base + 1)
		if cand < 0 || i-cand > fixedWindow || binary.LittleEndian.Uint32(src[cand:]) != cur {
			// Runs without a repeat (text, numbers) are probed ever more sparsely, as flate does.
			i += 1 + (i-lit)>>5
			continue
		}
		n := matchLen(src[cand+fixedMinMatch:], src[i+fixedMinMatch:min(len(src), i+fixedMaxMatch)]) + fixedMinMatch
		d.literals(src[lit:i])
		d.match(n, i-cand)
		i += n
		lit = i
		if i+fixedMinMatch <= len(src) {
			// The end of a repeat often starts the next one: <c r="B7" s="3"> after <c r="A7" s="3">.
			prev := binary.LittleEndian.Uint32(src[i-1:])
			d.table[(prev*0x1e35a7bd)>>(32-fixedHashBits)] = int32(i + d.base)
		}
	}
	d.literals(src[lit:])
	d.put(0, 7) // end of block: symbol 256 is seven zero bits
	for d.nacc > 0 {
		d.out = append(d.out, byte(d.acc))
		d.acc >>= 8
		d.nacc = uint(max(int(d.nacc)-8, 0))
	}
	d.base += len(src) + 1
	return d.out
}

// put appends the n lowest bits of v.
func (d *fixedDeflater) put(v uint32, n uint) {
	d.acc |= uint64(v) << d.nacc
	d.nacc += n
	if d.nacc >= 32 {
		d.out = binary.LittleEndian.AppendUint32(d.out, uint32(d.acc))
		d.acc >>= 32
		d.nacc -= 32
	}
}

// matchLen is how many bytes a and b share from their start, b being the shorter.
func matchLen(a, b []byte) int {
	n := 0
	for ; n+8 <= len(b); n += 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)>>3
		}
	}
	for ; n < len(b) && a[n] == b[n]; n++ {
	}
	return n
}

// literals writes bytes as themselves, three at a time when they can.
func (d *fixedDeflater) literals(b []byte) {
	for ; len(b) >= 3; b = b[3:] {
		c0, c1, c2 := fixedCodes[b[0]], fixedCodes[b[1]], fixedCodes[b[2]]
		n0, n1 := uint(c0&15), uint(c1&15)
		d.put(uint32(c0>>4)|uint32(c1>>4)<<n0|uint32(c2>>4)<<(n0+n1), n0+n1+uint(c2&15))
	}
	for _, c := range b {
		code := fixedCodes[c]
		d.put(uint32(code>>4), uint(code&15))
	}
}

// match writes a repeat of n bytes from dist bytes back, in one put: at most 13 bits of length
// and 18 of distance.
func (d *fixedDeflater) match(n, dist int) {
	l := lengthCodes[n]
	v, nv := l>>4, uint(l&15)
	x := dist - 1
	dc := distCodes[x>>7+256]
	if x < 256 {
		dc = distCodes[x]
	}
	ndextra := uint(dc & 15)
	v |= (uint32(dc>>4) | uint32(x)&(1<<ndextra-1)<<5) << nv
	d.put(v, nv+5+ndextra)
}

// distCodes holds, for a distance less one x, at x when x < 256 and at 256+x>>7 above, the
// distance symbol's five-bit code reversed for writing, shifted left by four, and the count of
// its extra bits in the low four bits: one symbol covers each of these ranges whole.
var distCodes = func() (t [512]uint16) {
	code := func(x int) uint16 {
		sym, _, nextra := distSymbol(x + 1)
		return uint16(bits.Reverse8(uint8(sym))>>3)<<4 | uint16(nextra)
	}
	for x := range 256 {
		t[x] = code(x)
	}
	for i := 2; i < 256; i++ { // x>>7 is at least 2 for x of 256 and more
		t[256+i] = code(i << 7)
	}
	return t
}()

// lengthSymbol is the length symbol of a repeat of n bytes (3..258), with its extra bits.
func lengthSymbol(n int) (sym int, extra uint32, nextra uint) {
	l := n - 3
	switch {
	case n == fixedMaxMatch:
		return 285, 0, 0
	case l < 8:
		return 257 + l, 0, 0
	}
	nextra = uint(bits.Len(uint(l))) - 3
	return 261 + 4*int(nextra) + (l>>nextra)&3, uint32(l) & (1<<nextra - 1), nextra
}

// distSymbol is the distance symbol of a distance (1..32768), with its extra bits.
func distSymbol(dist int) (sym int, extra uint32, nextra uint) {
	x := dist - 1
	if x < 4 {
		return x, 0, 0
	}
	nextra = uint(bits.Len(uint(x))) - 2
	return 2*int(nextra) + 2 + (x>>nextra)&1, uint32(x) & (1<<nextra - 1), nextra
}

// lengthCodes holds, for each repeat length, the bits of its length symbol's code and extra
// bits, shifted left by four, and their count in the low four bits.
var lengthCodes = func() (t [fixedMaxMatch + 1]uint32) {
	for n := 3; n <= fixedMaxMatch; n++ {
		sym, extra, nextra := lengthSymbol(n)
		code := fixedCodes[sym]
		t[n] = (uint32(code>>4)|extra<<(code&15))<<4 | uint32(code&15) + uint32(nextra)
	}
	return t
}()

// fixedCodes holds, for each literal and length symbol, its fixed code reversed for writing
// lowest bit first, shifted left by four, and its length in the low four bits.
var fixedCodes = func() (t [286]uint16) {
	for sym := range t {
		var code, n int
		switch {
		case sym < 144:
			code, n = 0x30+sym, 8
		case sym < 256:
			code, n = 0x190+sym-144, 9
		case sym < 280:
			code, n = sym-256, 7
		default:
			code, n = 0xc0+sym-280, 8
		}
		t[sym] = bits.Reverse16(uint16(code))>>(16-n)<<4 | uint16(n)
	}
	return t
}()
