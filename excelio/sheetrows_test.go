package excelio

import (
	"bufio"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func TestAppendCellRef(t *testing.T) {
	tests := []struct {
		col, row int
		want     string
	}{
		{1, 1, "A1"}, {16, 333, "P333"}, {26, 4, "Z4"}, {27, 4, "AA4"}, {702, 9, "ZZ9"}, {703, 10, "AAA10"},
		{excelize.MaxColumns, excelize.TotalRows, "XFD1048576"},
	}
	for _, tt := range tests {
		if got := string(appendCellRef(nil, tt.col, tt.row)); got != tt.want || got != cellRef(tt.col, tt.row) {
			t.Errorf("appendCellRef(%d, %d) = %s, want %s", tt.col, tt.row, got, tt.want)
		}
	}
}

// escapeText writes what encoding/xml writes for the same text, which is what excelize's own
// shared strings hold.
func TestEscapeText(t *testing.T) {
	for _, s := range []string{"", "plain 文本", `a&b<c>"d'e`, "line1\nline2\r\tx", "bad\x01\x1f\uFFFE!", "\xff\xfe", "😀 emoji"} {
		var got strings.Builder
		w := bufio.NewWriter(&got)
		escapeText(w, s)
		w.Flush()
		var want strings.Builder
		_ = xml.EscapeText(&want, []byte(s))
		if got.String() != want.String() {
			t.Errorf("escapeText(%q) = %q, want %q", s, got.String(), want.String())
		}
	}
}

func TestTruncateCellText(t *testing.T) {
	long := strings.Repeat("字", excelize.TotalCellChars+3)
	emoji := strings.Repeat("a", excelize.TotalCellChars-1) + "😀" // the pair would cross the limit
	tests := []struct {
		in      string
		wantLen int // in UTF-16 units
	}{
		{"short", 5}, {long, excelize.TotalCellChars}, {emoji, excelize.TotalCellChars - 1},
	}
	for _, tt := range tests {
		if got := len(utf16.Encode([]rune(truncateCellText(tt.in)))); got != tt.wantLen {
			t.Errorf("truncateCellText of %d runes: %d units, want %d", len([]rune(tt.in)), got, tt.wantLen)
		}
	}
}
