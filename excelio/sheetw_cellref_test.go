package excelio

import (
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
