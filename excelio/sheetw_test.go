package excelio

import (
	"bytes"
	"encoding/xml"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// parsedSheet is a worksheet part as read back by encoding/xml, a strict reader of its own.
type parsedSheet struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Max   int     `xml:"max,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int    `xml:"r,attr"`
		Ht    string `xml:"ht,attr"`
		Cells []struct {
			R  string `xml:"r,attr"`
			S  string `xml:"s,attr"`
			T  string `xml:"t,attr"`
			V  string `xml:"v"`
			Is *struct {
				T struct {
					Space string `xml:"space,attr"`
					Text  string `xml:",chardata"`
				} `xml:"t"`
			} `xml:"is"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	Merges []struct {
		Ref string `xml:"ref,attr"`
	} `xml:"mergeCells>mergeCell"`
	Links []struct {
		Ref      string `xml:"ref,attr"`
		Location string `xml:"location,attr"`
		Display  string `xml:"display,attr"`
	} `xml:"hyperlinks>hyperlink"`
	Footer string `xml:"headerFooter>oddFooter"`
}

func parseSheet(t *testing.T, data []byte) parsedSheet {
	t.Helper()
	var p parsedSheet
	if err := xml.Unmarshal(data, &p); err != nil {
		t.Fatalf("part does not parse: %v\n%s", err, data)
	}
	return p
}

// oneCellSheet writes a sheet of the single cell c on row 1.
func oneCellSheet(t *testing.T, c wsCell) parsedSheet {
	t.Helper()
	w := newWSWriter(wsHead{dimension: "A1"})
	w.row(1, 0, []wsCell{c})
	data, err := w.close(wsTail{})
	if err != nil {
		t.Fatal(err)
	}
	return parseSheet(t, data)
}

func TestWSTextCells(t *testing.T) {
	long := strings.Repeat("字", maxCellChars-1) + "😀" // the emoji's second UTF-16 unit is one too many
	for _, tc := range []struct {
		name, in, want string
		preserve       bool
	}{
		{"markup", `a<b & "c" >d '`, `a<b & "c" >d '`, false},
		{"line breaks and tabs kept", "一\n二\r\n三\t四", "一\n二\r\n三\t四", false},
		{"control characters dropped", "a\x00b\x1fc\x0bd", "abcd", false},
		{"non-characters dropped", "a\uFFFEb\uFFFFc", "abc", false},
		{"bytes that are no UTF-8 dropped", "a\xffb\xc3", "ab", false},
		{"replacement character kept", "a\uFFFDb", "a\uFFFDb", false},
		{"leading and trailing space kept", " 前后 ", " 前后 ", true},
		{"trailing line break kept", "末尾\n", "末尾\n", true},
		{"literal escape escaped", "_x0041_ and _x00e9_", "_x005F_x0041_ and _x005F_x00e9_", false},
		{"not an escape", "_x004_ _xGHIJ_ _x", "_x004_ _xGHIJ_ _x", false},
		{"cut to the cell limit", long, strings.Repeat("字", maxCellChars-1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := oneCellSheet(t, textCell(1, 3, tc.in))
			c := p.Rows[0].Cells[0]
			if c.T != "inlineStr" || c.Is == nil || c.S != "3" {
				t.Fatalf("cell t=%q s=%q is=%v, want an inline string of style 3", c.T, c.S, c.Is)
			}
			if c.Is.T.Text != tc.want {
				t.Errorf("text %q, want %q", c.Is.T.Text, tc.want)
			}
			if got := c.Is.T.Space == "preserve"; got != tc.preserve {
				t.Errorf("xml:space=%q, want preserve %v", c.Is.T.Space, tc.preserve)
			}
		})
	}
}

// numberCell writes the very text setDecimal makes excelize write, for each kind of decimal.
func TestWSNumberCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for _, tc := range []struct{ in, want string }{
		{"96.41", "96.41"},
		{"-0.03", "-0.03"},
		{"0", "0"},
		{"1E+2", "100"},
		{"0.1", "0.1"},
		{"0.000000123", "0.000000123"},
		{"8.623456789012345678", "8.62345678901234"},
		{"12345678901234567890", "12345678901234500000"},
		{"-98765432109876.54321", "-98765432109876.5"},
		{"123456789012.345", "123456789012.345"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := decimal.RequireFromString(tc.in)
			c, err := numberCell(2, 0, d)
			if err != nil {
				t.Fatal(err)
			}
			if err := setDecimal(f, "Sheet1", "A1", d); err != nil {
				t.Fatal(err)
			}
			old, _ := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
			if c.text != tc.want || old != tc.want {
				t.Errorf("numberCell %q, setDecimal %q, want %q", c.text, old, tc.want)
			}
			p := oneCellSheet(t, c)
			if got := p.Rows[0].Cells[0]; got.V != tc.want || got.T != "" || got.R != "B1" || got.S != "" {
				t.Errorf("cell %+v, want B1 = %s, no type, default style", got, tc.want)
			}
		})
	}
	if _, err := numberCell(1, 0, decimal.RequireFromString("1E+400")); err == nil {
		t.Error("1E+400 makes a number cell")
	}
}

// The parts come in CT_Worksheet's order, which Excel enforces, whatever is left out.
func TestWSElementOrder(t *testing.T) {
	schema := []string{"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
		"mergeCells", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter"}
	full := func(w *wsWriter) ([]byte, error) {
		return w.close(wsTail{merges: []string{"A1:C1"}, links: []wsLink{{ref: "A2", location: "'表'!A1"}}, print: "portrait"})
	}
	for _, tc := range []struct {
		name  string
		head  wsHead
		close func(*wsWriter) ([]byte, error)
		want  []string
	}{
		{"everything", wsHead{fitToPage: true, dimension: "A1:C2", tabSelected: true, defaultRowHeight: 15, widths: []float64{10}}, full, schema},
		{"the least", wsHead{}, func(w *wsWriter) ([]byte, error) { return w.close(wsTail{}) }, []string{"sheetViews", "sheetData"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWSWriter(tc.head)
			w.row(1, 0, []wsCell{textCell(1, 1, "标题"), blankCell(2, 1), blankCell(3, 1)})
			w.row(2, 0, []wsCell{textCell(1, 0, "链接")})
			data, err := tc.close(w)
			if err != nil {
				t.Fatal(err)
			}
			if got := topElements(t, data); !slices.Equal(got, tc.want) {
				t.Errorf("elements %v, want %v", got, tc.want)
			}
		})
	}
}

// topElements lists the children of the root element in document order.
func topElements(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var names []string
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 1 {
				names = append(names, e.Name.Local)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return names
}

func TestWSLayout(t *testing.T) {
	w := newWSWriter(wsHead{dimension: "A1:D3", widths: []float64{12, 11, 11, 0, 30}})
	w.row(1, 0, []wsCell{textCell(1, 2, "一"), blankCell(2, 2), {}, intCell(4, 0, 7)})
	w.row(3, 31.5, []wsCell{textCell(2, 0, "二")})
	data, err := w.close(wsTail{
		merges: []string{"A1:B1", "B3:D3"},
		links:  []wsLink{{ref: "D1", location: `'O''Brien "x"'!A1`, display: "去 <那里>\t&\n\x01"}},
		print:  "landscape",
	})
	if err != nil {
		t.Fatal(err)
	}
	p := parseSheet(t, data)
	type col struct {
		min, max int
		width    float64
	}
	var cols []col
	for _, c := range p.Cols {
		cols = append(cols, col{c.Min, c.Max, c.Width})
	}
	if want := []col{{1, 1, 12}, {2, 3, 11}, {5, 5, 30}}; !slices.Equal(cols, want) {
		t.Errorf("cols %v, want %v", cols, want)
	}
	var cells []string
	for _, r := range p.Rows {
		for _, c := range r.Cells {
			cells = append(cells, c.R+":"+c.S)
		}
	}
	if want := []string{"A1:2", "B1:2", "D1:", "B3:"}; !slices.Equal(cells, want) {
		t.Errorf("cells %v, want %v", cells, want)
	}
	if len(p.Rows) != 2 || p.Rows[0].Ht != "" || p.Rows[1].R != 3 || p.Rows[1].Ht != "31.5" {
		t.Errorf("rows %+v, want 1 and 3, row 3 31.5 high", p.Rows)
	}
	if len(p.Merges) != 2 || p.Merges[0].Ref != "A1:B1" || p.Merges[1].Ref != "B3:D3" {
		t.Errorf("merges %+v", p.Merges)
	}
	if len(p.Links) != 1 || p.Links[0].Location != `'O''Brien "x"'!A1` || p.Links[0].Display != "去 <那里>\t&\n" {
		t.Errorf("links %+v", p.Links)
	}
	if p.Dimension.Ref != "A1:D3" || p.Footer != pageFooter {
		t.Errorf("dimension %q, footer %q", p.Dimension.Ref, p.Footer)
	}
}

// Rows and cells out of order would make a part Excel repairs: the writer refuses them.
func TestWSOrderRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(w *wsWriter)
	}{
		{"row again", func(w *wsWriter) { w.row(2, 0, nil); w.row(2, 0, nil) }},
		{"row back", func(w *wsWriter) { w.row(3, 0, nil); w.row(1, 0, nil) }},
		{"row zero", func(w *wsWriter) { w.row(0, 0, nil) }},
		{"row past the end", func(w *wsWriter) { w.row(excelize.TotalRows+1, 0, nil) }},
		{"column past the end", func(w *wsWriter) { w.row(1, 0, []wsCell{blankCell(excelize.MaxColumns+1, 0)}) }},
		{"column zero", func(w *wsWriter) { w.row(1, 0, []wsCell{blankCell(0, 0)}) }},
		{"column back", func(w *wsWriter) { w.row(1, 0, []wsCell{blankCell(2, 0), blankCell(1, 0)}) }},
		{"column again", func(w *wsWriter) { w.row(1, 0, []wsCell{blankCell(2, 0), intCell(2, 0, 1)}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWSWriter(wsHead{})
			tc.write(w)
			if _, err := w.close(wsTail{}); err == nil {
				t.Error("no error")
			}
		})
	}
}

// The kit's page layout is printSetup's, element for element, so a sheet prints the same
// whichever wrote it.
func TestWSPrintLayoutIsPrintSetups(t *testing.T) {
	for _, orientation := range []string{"portrait", "landscape"} {
		t.Run(orientation, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if err := printSetup(f, "Sheet1", orientation, 0); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "layout.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			theirs := layoutElements(t, []byte(zipPart(t, path, "xl/worksheets/sheet1.xml")))
			w := newWSWriter(wsHead{fitToPage: true})
			ours, err := w.close(wsTail{print: orientation})
			if err != nil {
				t.Fatal(err)
			}
			if got := layoutElements(t, ours); got != theirs {
				t.Errorf("kit writes\n%s\nprintSetup\n%s", got, theirs)
			}
		})
	}
}

var emptyElement = regexp.MustCompile(`<(\w+)([^<>/]*)></\w+>`)

// layoutElements is the sheet's sheetPr and its elements from printOptions on, empty elements
// written short.
func layoutElements(t *testing.T, part []byte) string {
	t.Helper()
	s := emptyElement.ReplaceAllString(string(part), "<$1$2/>")
	pr := regexp.MustCompile(`<sheetPr>.*?</sheetPr>`).FindString(s)
	i, j := strings.Index(s, "<printOptions"), strings.Index(s, "</worksheet>")
	if pr == "" || i < 0 || j < i {
		t.Fatalf("no page layout in %s", s)
	}
	return pr + s[i:j]
}
