package xlsxdump

import (
	"encoding/xml"
	"strconv"
	"strings"
)

const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

type drawingPart struct {
	Anchors []anchor `xml:",any"`
}

// anchor is one object placed on a sheet: a chart, a picture or a shape.
type anchor struct {
	XMLName xml.Name
	From    *marker `xml:"from"`
	To      *marker `xml:"to"`
	Frame   *struct {
		Props objProps `xml:"nvGraphicFramePr>cNvPr"`
		Chart *struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"graphic>graphicData>chart"`
	} `xml:"graphicFrame"`
	Pic *struct {
		Props objProps `xml:"nvPicPr>cNvPr"`
		Blip  struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships embed,attr"`
		} `xml:"blipFill>blip"`
	} `xml:"pic"`
	Shape *struct {
		Props objProps `xml:"nvSpPr>cNvPr"`
	} `xml:"sp"`
}

type objProps struct {
	Name  string `xml:"name,attr"`
	Descr string `xml:"descr,attr"`
}

func (p objProps) String() string {
	s := "name=" + quote(p.Name)
	if p.Descr != "" {
		s += " descr=" + quote(p.Descr)
	}
	return s
}

// marker is a cell corner with offsets in EMU.
type marker struct {
	Col    int   `xml:"col"`
	ColOff int64 `xml:"colOff"`
	Row    int   `xml:"row"`
	RowOff int64 `xml:"rowOff"`
}

func (m *marker) String() string {
	return colName(m.Col+1) + strconv.Itoa(m.Row+1) + "+" + strconv.FormatInt(m.ColOff, 10) +
		"," + strconv.FormatInt(m.RowOff, 10)
}

func (d *dumper) drawing(part string) error {
	var dr drawingPart
	if err := d.pkg.decode(part, &dr); err != nil {
		return err
	}
	rels, err := d.pkg.rels(part)
	if err != nil {
		return err
	}
	d.line(1, "drawing %s", part)
	for _, a := range dr.Anchors {
		if err := d.anchor(a, rels); err != nil {
			return err
		}
	}
	return nil
}

func (d *dumper) anchor(a anchor, rels []rel) error {
	parts := []string{a.XMLName.Local}
	if a.From != nil {
		parts = append(parts, "from="+a.From.String())
	}
	if a.To != nil {
		parts = append(parts, "to="+a.To.String())
	}
	var chart string
	switch {
	case a.Frame != nil && a.Frame.Chart != nil:
		chart = target(rels, a.Frame.Chart.ID)
		parts = append(parts, "chart", a.Frame.Props.String(), "->", chart)
	case a.Pic != nil:
		parts = append(parts, "picture", a.Pic.Props.String(), "->", target(rels, a.Pic.Blip.ID))
	case a.Shape != nil:
		parts = append(parts, "shape", a.Shape.Props.String())
	}
	d.line(2, "%s", strings.Join(parts, " "))
	if d.pkg.files[chart] == nil {
		return nil
	}
	return d.chart(chart)
}

// target is the part a relationship id points to, or a note that it points nowhere.
func target(rels []rel, id string) string {
	r := byID(rels, id)
	switch {
	case r == nil:
		return "r:id=" + quote(id) + " (no such relationship)"
	case r.external():
		return quote(r.Target) + " external"
	}
	return r.Resolved
}

type chartSpace struct {
	Title *struct {
		Paras []struct {
			Runs []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"tx>rich>p"`
		Ref string `xml:"tx>strRef>f"`
	} `xml:"chart>title"`
	Plot struct {
		Groups []chartGroup `xml:",any"`
	} `xml:"chart>plotArea"`
}

// chartGroup is a child of plotArea; those named …Chart are the chart types, the rest axes and
// layout.
type chartGroup struct {
	XMLName  xml.Name
	BarDir   *valElem `xml:"barDir"`
	Grouping *valElem `xml:"grouping"`
	Series   []struct {
		Idx valElem `xml:"idx"`
		Tx  *struct {
			Ref string `xml:"strRef>f"`
			V   string `xml:"v"`
		} `xml:"tx"`
		Cat *dataSource `xml:"cat"`
		Val *dataSource `xml:"val"`
		X   *dataSource `xml:"xVal"`
		Y   *dataSource `xml:"yVal"`
	} `xml:"ser"`
}

// dataSource is where a series takes its categories or values from.
type dataSource struct {
	Num      string `xml:"numRef>f"`
	Str      string `xml:"strRef>f"`
	MultiLvl string `xml:"multiLvlStrRef>f"`
}

func (s *dataSource) String() string {
	for _, f := range []string{s.Num, s.Str, s.MultiLvl} {
		if f != "" {
			return quote(f)
		}
	}
	return "literal"
}

func (d *dumper) chart(part string) error {
	var c chartSpace
	if err := d.pkg.decode(part, &c); err != nil {
		return err
	}
	head := "chart " + part
	if t := c.Title; t != nil {
		var paras []string
		for _, p := range t.Paras {
			var b strings.Builder
			for _, r := range p.Runs {
				b.WriteString(r.T)
			}
			paras = append(paras, b.String())
		}
		head += " title=" + strconv.Quote(strings.Join(paras, "\n")+t.Ref)
	}
	d.line(3, "%s", head)
	for _, g := range c.Plot.Groups {
		if strings.HasSuffix(g.XMLName.Local, "Chart") {
			d.chartGroup(g)
		}
	}
	return nil
}

func (d *dumper) chartGroup(g chartGroup) {
	d.line(4, "%s", join([]string{g.XMLName.Local, g.BarDir.named("barDir"), g.Grouping.named("grouping")}))
	for _, s := range g.Series {
		parts := []string{"ser", s.Idx.plain()}
		if s.Tx != nil {
			parts = append(parts, "tx="+quote(s.Tx.Ref+s.Tx.V))
		}
		for _, src := range []struct {
			name string
			s    *dataSource
		}{{"cat", s.Cat}, {"val", s.Val}, {"x", s.X}, {"y", s.Y}} {
			if src.s != nil {
				parts = append(parts, src.name+"="+src.s.String())
			}
		}
		d.line(5, "%s", strings.Join(parts, " "))
	}
}
