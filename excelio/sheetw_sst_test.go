package excelio

import (
	"bytes"
	"testing"

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

// The shared strings of streamed rows are numbered after the workbook's own, once each, and
// written as a cell may hold them.
func TestSSTBuilder(t *testing.T) {
	sst := newSSTBuilder(7)
	tests := []struct {
		in   string
		want int
	}{{"甲", 7}, {" 乙\n", 8}, {"甲", 7}, {"a&b<c>\x01", 9}, {"_x000D_", 10}}
	for _, tt := range tests {
		if got := sst.index(tt.in); got != tt.want {
			t.Errorf("index(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	var b bytes.Buffer
	sst.writeItems(&b)
	want := `<si><t>甲</t></si><si><t xml:space="preserve"> 乙` + "\n" + `</t></si><si><t>a&amp;b&lt;c&gt;</t></si><si><t>_x005F_x000D_</t></si>`
	if b.String() != want {
		t.Errorf("items = %s\nwant    %s", b.String(), want)
	}
}
