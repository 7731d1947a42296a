package excelio

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// deflateInputs are inputs that reach every path of fixedDeflater: no repeat at all, repeats
// of every length and of distances up to the window and past it, and every byte value.
func deflateInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var rows strings.Builder
	for r := 1; rows.Len() < 200000; r++ {
		rows.WriteString(`<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `" s="3" t="inlineStr"><is><t>项目支出` + strconv.Itoa(r*r) + `</t></is></c></row>`)
	}
	all := make([]byte, 0, 512)
	for i := range 512 {
		all = append(all, byte(i), byte(255-i))
	}
	block := random[:40000]
	return map[string][]byte{
		"empty":        {},
		"one byte":     {'x'},
		"four bytes":   []byte("abcd"),
		"same byte":    bytes.Repeat([]byte{'a'}, 1000),
		"every byte":   all,
		"random":       random,
		"xml rows":     []byte(rows.String()),
		"past window":  append(append(bytes.Clone(block), random[40000:]...), block...),
		"at window":    append(append(bytes.Clone(random[:100]), make([]byte, fixedWindow-100)...), random[:100]...),
		"one past":     append(append(bytes.Clone(random[:100]), make([]byte, fixedWindow+1-100)...), random[:100]...),
		"long repeats": bytes.Repeat([]byte("<c r=\"B7\" s=\"12\"/>"), 3000),
	}
}

// TestFixedDeflaterRoundTrip inflates what fixedDeflater wrote with compress/flate, one
// compressor reused over every input as a copy reuses it over its parts.
func TestFixedDeflaterRoundTrip(t *testing.T) {
	d := new(fixedDeflater)
	for round := range 2 {
		for name, in := range deflateInputs() {
			out := d.deflate(in)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(out)))
			if err != nil || !bytes.Equal(got, in) {
				t.Errorf("round %d, %s: inflated %d bytes of %d (%v)", round, name, len(got), len(in), err)
			}
			if name == "xml rows" && len(out) > len(in)/5 {
				t.Errorf("%s: %d bytes compressed to %d: repeats not found", name, len(in), len(out))
			}
		}
	}
}

// TestDeflateSymbols checks the length and distance symbols against the tables of RFC 1951
// (3.2.5), for every length and distance.
func TestDeflateSymbols(t *testing.T) {
	lengthBase := []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra := []uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for n := 3; n <= fixedMaxMatch; n++ {
		sym, extra, nextra := lengthSymbol(n)
		i := sym - 257
		if i < 0 || i >= len(lengthBase) || lengthBase[i]+int(extra) != n || lengthExtra[i] != nextra || extra >= 1<<nextra && nextra > 0 {
			t.Fatalf("length %d: symbol %d, extra %d in %d bits", n, sym, extra, nextra)
		}
	}
	distBase := []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	for dist := 1; dist <= fixedWindow; dist++ {
		sym, extra, nextra := distSymbol(dist)
		want := uint(max(sym/2-1, 0))
		if sym < 0 || sym >= len(distBase) || distBase[sym]+int(extra) != dist || nextra != want || extra >= 1<<nextra && nextra > 0 {
			t.Fatalf("distance %d: symbol %d, extra %d in %d bits", dist, sym, extra, nextra)
		}
		x := dist - 1
		dc := distCodes[x>>7+256]
		if x < 256 {
			dc = distCodes[x]
		}
		if code := uint16(bits.Reverse8(uint8(sym))>>3)<<4 | uint16(nextra); dc != code {
			t.Fatalf("distance %d: table code %#x, symbol's %#x", dist, dc, code)
		}
	}
}

// TestWriteDeflated reads back through archive/zip the parts writeDeflated wrote: compressed,
// or stored when compressing does not make them smaller, a UTF-8 name flagged as such.
func TestWriteDeflated(t *testing.T) {
	inputs := deflateInputs()
	for _, tc := range []struct {
		name   string
		body   []byte
		method uint16
	}{
		{"xl/worksheets/sheet1.xml", inputs["xml rows"], zip.Deflate},
		{"xl/media/noise.bin", inputs["random"], zip.Store},
		{"xl/empty.xml", nil, zip.Store},
		{"xl/审核.xml", []byte(strings.Repeat("<a/>", 100)), zip.Deflate},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		if err := writeDeflated(zw, tc.name, tc.body); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		zf := zr.File[0]
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // the CRC is checked at the end
		if err != nil || !bytes.Equal(got, tc.body) || zf.Name != tc.name || zf.Method != tc.method || zf.NonUTF8 {
			t.Errorf("%s: read %d bytes of %d, method %d (want %d), %v", tc.name, len(got), len(tc.body), zf.Method, tc.method, err)
		}
	}
}
