package excelio

import (
	"fmt"
	"testing"
)

// TestWithCellStyles sets formats on cells that exist, cells missing from their row, rows missing
// from the sheet, and rows and cells written without references; a cell without a format of its
// own starts from its row's, else its column's.
func TestWithCellStyles(t *testing.T) {
	const head = `<worksheet><cols><col min="3" max="4" style="7"/></cols>`
	cases := []struct {
		name, sheet string
		cells       [][2]int // row, col
		want        string
	}{
		{"existing cell", `<sheetData><row r="2"><c r="A2" s="1"><v>1</v></c></row></sheetData>`, [][2]int{{2, 1}},
			`<sheetData><row r="2"><c r="A2" s="101"><v>1</v></c></row></sheetData>`},
		{"cell missing in the middle and at the end", `<sheetData><row r="2"><c r="A2"/><c r="C2" s="2"/></row></sheetData>`, [][2]int{{2, 2}, {2, 5}},
			`<sheetData><row r="2"><c r="A2"/><c r="B2" s="100"></c><c r="C2" s="2"/><c r="E2" s="100"></c></row></sheetData>`},
		{"rows missing before, between and after", `<sheetData><row r="3"><c r="A3"/></row><row r="5"/></sheetData>`, [][2]int{{1, 1}, {4, 3}, {9, 1}},
			`<sheetData><row r="1"><c r="A1" s="100"></c></row><row r="3"><c r="A3"/></row><row r="4"><c r="C4" s="107"></c></row><row r="5"/><row r="9"><c r="A9" s="100"></c></row></sheetData>`},
		{"empty row and row format", `<sheetData><row r="2" s="4" customFormat="1"/></sheetData>`, [][2]int{{2, 2}},
			`<sheetData><row r="2" s="4" customFormat="1"><c r="B2" s="104"></c></row></sheetData>`},
		{"empty sheetData", `<sheetData/>`, [][2]int{{1, 1}},
			`<sheetData><row r="1"><c r="A1" s="100"></c></row></sheetData>`},
		{"no references", `<sheetData><row><c><v>1</v></c><c s="3"><v>2</v></c></row><row><c/></row></sheetData>`, [][2]int{{1, 2}, {2, 2}},
			`<sheetData><row><c><v>1</v></c><c s="103"><v>2</v></c></row><row><c/><c r="B2" s="100"></c></row></sheetData>`},
		{"lower-case and absolute-free references", `<sheetData><row r="1"><c r="d1" s="5"/></row></sheetData>`, [][2]int{{1, 4}},
			`<sheetData><row r="1"><c r="d1" s="105"/></row></sheetData>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var marks []cellMark
			for _, c := range tc.cells {
				marks = append(marks, cellMark{row: c[0], col: c[1], style: func(old int) (int, error) { return 100 + old, nil }})
			}
			got, err := withCellStyles([]byte(head+tc.sheet+`</worksheet>`), marks, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := head + tc.want + `</worksheet>`; string(got) != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestWithoutTabSelected deselects a selected tab and gives a sheet without views the default
// one, before the elements that follow sheetViews; a sheet already right is left alone.
func TestWithoutTabSelected(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<worksheet><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData/></worksheet>`,
			`<worksheet><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData/></worksheet>`},
		{`<worksheet><dimension ref="A1"/><sheetFormatPr defaultRowHeight="15"/><sheetData/></worksheet>`,
			`<worksheet><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/></worksheet>`},
		{`<worksheet><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData/></worksheet>`, ""},
	}
	for i, tc := range cases {
		for _, owned := range []bool{false, true} {
			t.Run(fmt.Sprint(i, owned), func(t *testing.T) {
				in := []byte(tc.in)
				got, changed, err := withoutTabSelected(in, owned)
				if err != nil {
					t.Fatal(err)
				}
				if changed != (tc.want != "") || (changed && string(got) != tc.want) {
					t.Errorf("got %s (changed %v), want %q", got, changed, tc.want)
				}
				if !owned && string(in) != tc.in {
					t.Errorf("the sheet it was given became %s", in)
				}
			})
		}
	}
}

// TestSpliceOwned checks the in-place splice against splice, with and without room to spare.
func TestSpliceOwned(t *testing.T) {
	for _, tc := range []struct {
		name       string
		spare      int
		i, j       int
		repl, want string
	}{
		{"insert in room", 16, 3, 3, "XY", "abcXYdefgh"},
		{"insert without room", 0, 3, 3, "XY", "abcXYdefgh"},
		{"replace longer in room", 16, 0, 2, "WXYZ", "WXYZcdefgh"},
		{"replace shorter", 0, 1, 4, "Q", "aQefgh"},
		{"append at end", 4, 8, 8, "!!", "abcdefgh!!"},
	} {
		b := make([]byte, 8, 8+tc.spare)
		copy(b, "abcdefgh")
		if got := string(spliceOwned(b, tc.i, tc.j, []byte(tc.repl))); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestAttrInt checks that a row number reads the same with and without the copy-free path.
func TestAttrInt(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want int
		ok   bool
	}{
		{"12", 12, true},
		{"+7", 7, true},
		{"&#49;2", 12, true},
		{"1&amp;2", 0, false},
		{"", 0, false},
		{"3x", 0, false},
	} {
		got, err := attrInt([]byte(tc.v))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("attrInt(%q) = %d, %v; want %d, ok %v", tc.v, got, err, tc.want, tc.ok)
		}
	}
}
