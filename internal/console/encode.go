package console

import (
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// encoder writes UTF-8 text to w in another encoding. Each Write is converted at once, so
// nothing waits for a flush when the program exits; a rune split across two Writes is held back
// until its end arrives.
type encoder struct {
	w       io.Writer
	enc     *encoding.Encoder
	pending []byte
}

// NewEncoder returns a writer that converts UTF-8 text to enc before writing it to w. A
// character GBK cannot hold is written as "?", so one rare character never loses a line.
func NewEncoder(w io.Writer, enc Encoding) io.Writer {
	var e *encoding.Encoder
	switch enc {
	case GBK:
		e = simplifiedchinese.GBK.NewEncoder()
	case GB18030:
		e = simplifiedchinese.GB18030.NewEncoder()
	default:
		return w
	}
	return &encoder{w: w, enc: e}
}

// Write converts p and writes it; it reports len(p) on success, as a caller expects of a writer
// whose output length differs from its input.
func (e *encoder) Write(p []byte) (int, error) {
	buf := append(e.pending, p...)
	cut := completeRunes(buf)
	e.pending = append([]byte(nil), buf[cut:]...)
	out := e.convert(buf[:cut])
	if _, err := e.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// completeRunes is the length of b without a trailing rune that is still incomplete.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// convert encodes text, writing "?" for each character the encoding cannot hold (x/text's own
// replacement is the control character SUB, which old tools show as a box or an arrow).
func (e *encoder) convert(text []byte) []byte {
	if out, err := e.enc.Bytes(text); err == nil {
		return out
	}
	var out []byte
	for _, r := range string(text) {
		b, err := e.enc.Bytes([]byte(string(r)))
		if err != nil {
			b = []byte("?")
		}
		out = append(out, b...)
	}
	return out
}
