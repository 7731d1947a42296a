package xlsxdump

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// worksheet is a sheet part: the pieces the dump interprets, and the rest as written.
type worksheet struct {
	SheetPr      *node     `xml:"sheetPr"`
	Dimension    *node     `xml:"dimension"`
	Views        []node    `xml:"sheetViews>sheetView"`
	FormatPr     *node     `xml:"sheetFormatPr"`
	Cols         []node    `xml:"cols>col"`
	Rows         []row     `xml:"sheetData>row"`
	Merges       []node    `xml:"mergeCells>mergeCell"`
	AutoFilter   *node     `xml:"autoFilter"`
	CondFmts     []condFmt `xml:"conditionalFormatting"`
	Validations  []node    `xml:"dataValidations>dataValidation"`
	Hyperlinks   []node    `xml:"hyperlinks>hyperlink"`
	PrintOptions *node     `xml:"printOptions"`
	Margins      *node     `xml:"pageMargins"`
	PageSetup    *node     `xml:"pageSetup"`
	HeaderFooter *node     `xml:"headerFooter"`
	Other        []node    `xml:",any"`
}

type condFmt struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Rules []struct {
		Attrs    []xml.Attr `xml:",any,attr"`
		Formulas []string   `xml:"formula"`
		Other    []node     `xml:",any"`
	} `xml:"cfRule"`
}

func (d *dumper) sheet(i int, s attrElem) error {
	d.line(0, "%s", d.sheetHeader(i))
	id, _ := attr(s.Attrs, "r:id")
	r := byID(d.wbRels, id)
	if r == nil || r.external() || d.pkg.files[r.Resolved] == nil {
		d.line(1, "no part for r:id=%s", quote(id))
		return nil
	}
	d.line(1, "part %s", r.Resolved)
	rels, err := d.pkg.rels(r.Resolved)
	if err != nil {
		return err
	}
	var ws worksheet
	if err := d.pkg.decode(r.Resolved, &ws); err != nil {
		return err
	}
	d.relLines(1, rels)
	d.sheetHead(&ws)
	d.rows(ws.Rows)
	d.sheetTail(&ws, rels)
	return d.sheetParts(rels)
}

// sheetHead is what comes before the cells: sheet properties, views and column widths.
func (d *dumper) sheetHead(ws *worksheet) {
	d.nodes(ws.SheetPr, ws.Dimension)
	for _, v := range ws.Views {
		d.line(1, "%s", v)
	}
	d.nodes(ws.FormatPr)
	for _, c := range ws.Cols {
		lo, _ := attr(c.Attrs, "min")
		hi, _ := attr(c.Attrs, "max")
		ref := colRange(lo, hi)
		if s, ok := attr(c.Attrs, "style"); ok {
			d.useXf(s)
		}
		d.line(1, "col %s %s", ref, attrs(c.Attrs, "min", "max"))
	}
}

// sheetTail is what comes after the cells, in a fixed order, then any other element as written.
func (d *dumper) sheetTail(ws *worksheet, rels []rel) {
	for _, m := range ws.Merges {
		ref, _ := attr(m.Attrs, "ref")
		d.line(1, "merge %s", ref)
	}
	d.nodes(ws.AutoFilter)
	d.condFmts(ws.CondFmts)
	for _, v := range ws.Validations {
		d.line(1, "%s", v)
	}
	d.links(ws.Hyperlinks, rels)
	d.nodes(ws.PrintOptions, ws.Margins, ws.PageSetup, ws.HeaderFooter)
	for _, o := range ws.Other {
		d.line(1, "%s", o)
	}
}

func (d *dumper) nodes(ns ...*node) {
	for _, n := range ns {
		if n != nil {
			d.line(1, "%s", n)
		}
	}
}

// condFmts shows each rule with the differential format it applies, resolved, since the dxf
// index alone says nothing about the colour a reader sees.
func (d *dumper) condFmts(cfs []condFmt) {
	for _, cf := range cfs {
		sqref, _ := attr(cf.Attrs, "sqref")
		head := "cf " + sqref
		if a := attrs(cf.Attrs, "sqref"); a != "" {
			head += " " + a
		}
		for _, r := range cf.Rules {
			parts := []string{head, attrs(r.Attrs, "dxfId")}
			if id, ok := attr(r.Attrs, "dxfId"); ok {
				parts = append(parts, d.styles.dxf(id))
			}
			for _, f := range r.Formulas {
				parts = append(parts, "formula="+strconv.Quote(f))
			}
			for _, o := range r.Other {
				if o.XMLName.Local != "formula" {
					parts = append(parts, o.String())
				}
			}
			d.line(1, "%s", strings.Join(parts, " "))
		}
	}
}

// links show each hyperlink's target from the sheet's relationships, or its location in the
// workbook.
func (d *dumper) links(ls []node, rels []rel) {
	for _, l := range ls {
		ref, _ := attr(l.Attrs, "ref")
		parts := []string{"link", ref}
		if id, ok := attr(l.Attrs, "r:id"); ok {
			r := byID(rels, id)
			switch {
			case r == nil:
				parts = append(parts, "r:id="+quote(id)+" (no such relationship)")
			case r.external():
				parts = append(parts, "target="+quote(r.Target)+" external")
			default:
				parts = append(parts, "target="+quote(r.Target))
			}
		}
		if a := attrs(l.Attrs, "ref", "r:id"); a != "" {
			parts = append(parts, a)
		}
		d.line(1, "%s", strings.Join(parts, " "))
	}
}

// sheetParts renders the parts hanging off the sheet that hold visible content.
func (d *dumper) sheetParts(rels []rel) error {
	for _, r := range rels {
		if r.external() || d.pkg.files[r.Resolved] == nil {
			continue
		}
		var err error
		switch r.kind() {
		case "comments":
			err = d.comments(r.Resolved)
		case "drawing":
			err = d.drawing(r.Resolved)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
