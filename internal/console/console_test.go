package console

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// fakeHost is a console whose answers the test sets.
type fakeHost struct{ own, console bool }

func (h fakeHost) OwnConsole() bool        { return h.own }
func (h fakeHost) IsConsole(*os.File) bool { return h.console }

// TestParseEncoding accepts the names Windows users meet and refuses the rest in Chinese.
func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"utf-8": UTF8, "UTF8": UTF8, "gbk": GBK, "cp936": GBK, "GB18030": GB18030} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseEncoding("big5"); err == nil || !bytes.Contains([]byte(err.Error()), []byte("gbk")) {
		t.Errorf("ParseEncoding(big5) error %v, want one naming gbk", err)
	}
}

// TestWriterChoice: a console always gets the file itself (Go writes UTF-16 to it); a file or
// pipe gets GBK only when asked.
func TestWriterChoice(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := Writer(fakeHost{console: true}, f, GBK); w != f {
		t.Error("a console got a transcoding writer")
	}
	if w := Writer(fakeHost{}, f, UTF8); w != f {
		t.Error("a UTF-8 file got a transcoding writer")
	}
	w := Writer(fakeHost{}, f, GBK)
	if w == f {
		t.Fatal("a file asked for GBK got no transcoding writer")
	}
	if _, err := w.Write([]byte("审核完成。\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f.Name())
	want, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("审核完成。\n"))
	if !bytes.Equal(got, want) {
		t.Errorf("file holds % x, want GBK % x", got, want)
	}
}

// TestEncoderSplitRune: a character split across writes (a writer may be handed any slice) is
// converted whole, and a character GBK lacks becomes "?" instead of failing the write.
func TestEncoderSplitRune(t *testing.T) {
	var buf bytes.Buffer
	w := NewEncoder(&buf, GBK)
	text := []byte("收件箱😀完")
	for _, part := range [][]byte{text[:2], text[2:4], text[4:8], text[8:]} {
		if n, err := w.Write(part); err != nil || n != len(part) {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	got, _ := simplifiedchinese.GBK.NewDecoder().Bytes(buf.Bytes())
	if string(got) != "收件箱?完" {
		t.Errorf("decoded %q, want 收件箱?完", got)
	}
	buf.Reset()
	w = NewEncoder(&buf, GB18030)
	_, _ = w.Write(text)
	got, _ = simplifiedchinese.GB18030.NewDecoder().Bytes(buf.Bytes())
	if string(got) != string(text) {
		t.Errorf("GB18030 round trip %q, want %q", got, text)
	}
}
