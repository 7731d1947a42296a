package xlsxdump

import (
	"encoding/xml"
	"sort"
	"strconv"
	"strings"
)

// styleSheet is xl/styles.xml; colours everywhere are kept as attribute lists so a malformed
// one shows as written.
type styleSheet struct {
	part    string
	NumFmts []struct {
		ID   string `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Fonts        []font   `xml:"fonts>font"`
	Fills        []fill   `xml:"fills>fill"`
	Borders      []border `xml:"borders>border"`
	CellStyleXfs []xf     `xml:"cellStyleXfs>xf"`
	CellXfs      []xf     `xml:"cellXfs>xf"`
	CellStyles   []node   `xml:"cellStyles>cellStyle"`
	Dxfs         []dxf    `xml:"dxfs>dxf"`
}

type xf struct {
	Attrs      []xml.Attr `xml:",any,attr"`
	Alignment  *attrElem  `xml:"alignment"`
	Protection *attrElem  `xml:"protection"`
}

// dxf is a differential format, as conditional formatting applies it.
type dxf struct {
	NumFmt *struct {
		ID   string `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmt"`
	Font       *font     `xml:"font"`
	Fill       *fill     `xml:"fill"`
	Border     *border   `xml:"border"`
	Alignment  *attrElem `xml:"alignment"`
	Protection *attrElem `xml:"protection"`
}

// builtinFormats are the number formats every reader knows by id; the ids left out (5–8,
// 23–36, 41–44, 50+) depend on the locale and are shown by id alone.
var builtinFormats = map[string]string{
	"0": "General", "1": "0", "2": "0.00", "3": "#,##0", "4": "#,##0.00", "9": "0%",
	"10": "0.00%", "11": "0.00E+00", "12": "# ?/?", "13": "# ??/??", "14": "mm-dd-yy",
	"15": "d-mmm-yy", "16": "d-mmm", "17": "mmm-yy", "18": "h:mm AM/PM", "19": "h:mm:ss AM/PM",
	"20": "h:mm", "21": "h:mm:ss", "22": "m/d/yy h:mm", "37": "#,##0 ;(#,##0)",
	"38": "#,##0 ;[Red](#,##0)", "39": "#,##0.00;(#,##0.00)", "40": "#,##0.00;[Red](#,##0.00)",
	"45": "mm:ss", "46": "[h]:mm:ss", "47": "mmss.0", "48": "##0.0E+0", "49": "@",
}

// numFmt is "" for General, else numFmt{id "code"}, the code from the file when it defines the
// id (a custom format may also redefine a builtin one).
func (s *styleSheet) numFmt(id string) string {
	if id == "" || id == "0" {
		return ""
	}
	for _, f := range s.NumFmts {
		if f.ID == id {
			return "numFmt{" + id + " " + strconv.Quote(f.Code) + "}"
		}
	}
	if code, ok := builtinFormats[id]; ok {
		return "numFmt{" + id + " " + strconv.Quote(code) + "}"
	}
	return "numFmt{" + quote(id) + "}"
}

// at returns the index named by id, or false when id is not a valid index below n.
func at(id string, n int) (int, bool) {
	if id == "" {
		id = "0"
	}
	i, err := strconv.Atoi(id)
	return i, err == nil && i >= 0 && i < n
}

// xf renders cell format i; the default font, no fill and no border are shown too when used,
// since the style line must say everything about how the cell looks.
func (s *styleSheet) xf(i int) string {
	if i < 0 || i >= len(s.CellXfs) {
		return "missing"
	}
	x := s.CellXfs[i]
	get := func(name string) string { v, _ := attr(x.Attrs, name); return v }
	return join([]string{
		s.numFmt(get("numFmtId")),
		component("font", get("fontId"), len(s.Fonts), func(i int) string { return s.Fonts[i].String() }),
		component("fill", get("fillId"), len(s.Fills), func(i int) string { return s.Fills[i].shown() }),
		component("border", get("borderId"), len(s.Borders), func(i int) string { return s.Borders[i].String() }),
		prefixed("align", x.Alignment), prefixed("protection", x.Protection), xfRest(x.Attrs),
	})
}

// component renders the font, fill or border an xf points to, or says the index is dangling.
func component(kind, id string, n int, render func(int) string) string {
	if i, ok := at(id, n); ok {
		return render(i)
	}
	return kind + "{missing " + quote(id) + "}"
}

// xfRest is the rest of an xf's attributes: the cell style it is based on when not the default,
// the apply flags in short, and anything else as written.
func xfRest(as []xml.Attr) string {
	var parts, apply []string
	for _, a := range as {
		name := attrName(a.Name)
		switch {
		case name == "" || name == "numFmtId" || name == "fontId" || name == "fillId" || name == "borderId":
		case name == "xfId":
			if a.Value != "0" {
				parts = append(parts, "xfId="+quote(a.Value))
			}
		case strings.HasPrefix(name, "apply"):
			flag := strings.ToLower(strings.TrimPrefix(name, "apply"))
			switch a.Value {
			case "1", "true":
				apply = append(apply, flag)
			case "0", "false":
				apply = append(apply, "!"+flag)
			default:
				apply = append(apply, flag+"="+quote(a.Value))
			}
		default:
			parts = append(parts, name+"="+quote(a.Value))
		}
	}
	if len(apply) > 0 {
		parts = append(parts, "apply="+strings.Join(apply, ","))
	}
	return join(parts)
}

func prefixed(name string, e *attrElem) string {
	if e == nil {
		return ""
	}
	return name + e.braced()
}

// join joins the non-empty parts with spaces.
func join(parts []string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// dxf renders a differential format by its index as written in a dxfId attribute.
func (s *styleSheet) dxf(id string) string {
	i, ok := at(id, len(s.Dxfs))
	if !ok {
		return "dxf{missing " + quote(id) + "}"
	}
	x := s.Dxfs[i]
	parts := []string{}
	if x.NumFmt != nil {
		parts = append(parts, "numFmt{"+quote(x.NumFmt.ID)+" "+strconv.Quote(x.NumFmt.Code)+"}")
	}
	if x.Font != nil {
		parts = append(parts, x.Font.String())
	}
	if x.Fill != nil {
		parts = append(parts, x.Fill.String())
	}
	if x.Border != nil {
		parts = append(parts, x.Border.String())
	}
	parts = append(parts, prefixed("align", x.Alignment), prefixed("protection", x.Protection))
	return "dxf{" + join(parts) + "}"
}

// styleSection lists the cell formats the sheets use, by their index in the file, after the
// sizes of the style tables.
func (d *dumper) styleSection() {
	s := d.styles
	d.line(0, "styles %s numFmts=%d fonts=%d fills=%d borders=%d cellStyleXfs=%d cellXfs=%d dxfs=%d",
		quote(s.part), len(s.NumFmts), len(s.Fonts), len(s.Fills), len(s.Borders),
		len(s.CellStyleXfs), len(s.CellXfs), len(s.Dxfs))
	for _, c := range s.CellStyles {
		d.line(1, "%s", c)
	}
	var used []int
	for i := range d.usedXfs {
		used = append(used, i)
	}
	sort.Ints(used)
	for _, i := range used {
		d.line(1, "s%d: %s", i, s.xf(i))
	}
}
