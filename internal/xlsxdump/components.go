package xlsxdump

import "encoding/xml"

// font is a <font> of the styles or a run's <rPr>, which names the face rFont instead of name.
type font struct {
	Name      *valElem  `xml:"name"`
	RFont     *valElem  `xml:"rFont"`
	Sz        *valElem  `xml:"sz"`
	B         *valElem  `xml:"b"`
	I         *valElem  `xml:"i"`
	Strike    *valElem  `xml:"strike"`
	Outline   *valElem  `xml:"outline"`
	Shadow    *valElem  `xml:"shadow"`
	Condense  *valElem  `xml:"condense"`
	Extend    *valElem  `xml:"extend"`
	U         *valElem  `xml:"u"`
	VertAlign *valElem  `xml:"vertAlign"`
	Color     *attrElem `xml:"color"`
	Family    *valElem  `xml:"family"`
	Charset   *valElem  `xml:"charset"`
	Scheme    *valElem  `xml:"scheme"`
}

// String renders font{宋体 11 b u=single color{rgb=FF0563C1} family=2}: face and size first,
// flags, then the colour's attributes verbatim.
func (f font) String() string {
	var parts []string
	for _, v := range []*valElem{f.Name, f.RFont} {
		if v != nil {
			parts = append(parts, v.plain())
		}
	}
	if f.Sz != nil {
		parts = append(parts, f.Sz.plain())
	}
	flags := []struct {
		name string
		v    *valElem
	}{{"b", f.B}, {"i", f.I}, {"strike", f.Strike}, {"outline", f.Outline}, {"shadow", f.Shadow},
		{"condense", f.Condense}, {"extend", f.Extend}}
	for _, fl := range flags {
		parts = append(parts, fl.v.flag(fl.name))
	}
	parts = append(parts, f.U.named("u"), f.VertAlign.named("vertAlign"), prefixed("color", f.Color),
		f.Family.named("family"), f.Charset.named("charset"), f.Scheme.named("scheme"))
	return "font{" + join(parts) + "}"
}

// plain is the value alone, or val{} when the attribute is missing.
func (v *valElem) plain() string {
	if v.Val == nil {
		return "val{}"
	}
	return quote(*v.Val)
}

// flag renders an on/off element: its name when on, name=value otherwise, so <b val="0"/>
// is not mistaken for bold.
func (v *valElem) flag(name string) string {
	switch {
	case v == nil:
		return ""
	case v.Val == nil || *v.Val == "1" || *v.Val == "true":
		return name
	}
	return name + "=" + quote(*v.Val)
}

// named renders name=value, or the bare name when the element has no value (<u/> is single).
func (v *valElem) named(name string) string {
	switch {
	case v == nil:
		return ""
	case v.Val == nil:
		return name
	}
	return name + "=" + quote(*v.Val)
}

type fill struct {
	Pattern *struct {
		Type *string   `xml:"patternType,attr"`
		Fg   *attrElem `xml:"fgColor"`
		Bg   *attrElem `xml:"bgColor"`
	} `xml:"patternFill"`
	Gradient *struct {
		Attrs []xml.Attr `xml:",any,attr"`
		Stops []struct {
			Position string   `xml:"position,attr"`
			Color    attrElem `xml:"color"`
		} `xml:"stop"`
	} `xml:"gradientFill"`
}

// String renders fill{solid fg{rgb=…} bg{…}} or gradient{… stop=0{…}}.
func (f fill) String() string {
	var parts []string
	switch p, g := f.Pattern, f.Gradient; {
	case p != nil:
		t := "-"
		if p.Type != nil {
			t = quote(*p.Type)
		}
		parts = append(parts, t, prefixed("fg", p.Fg), prefixed("bg", p.Bg))
	case g != nil:
		parts = append(parts, "gradient", attrs(g.Attrs))
		for _, s := range g.Stops {
			parts = append(parts, "stop="+quote(s.Position)+s.Color.braced())
		}
	}
	return "fill{" + join(parts) + "}"
}

// shown is the fill as a cell format lists it: nothing when it is no fill at all.
func (f fill) shown() string {
	if s := f.String(); s != "fill{none}" {
		return s
	}
	return ""
}

type border struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Sides []struct {
		XMLName xml.Name
		Style   *string   `xml:"style,attr"`
		Color   *attrElem `xml:"color"`
	} `xml:",any"`
}

// String renders border{left=thin{rgb=FF808080} …} in the order written, leaving out sides
// with neither style nor colour; a border with none is "".
func (b border) String() string {
	parts := []string{attrs(b.Attrs)}
	for _, s := range b.Sides {
		if s.Style == nil && s.Color == nil {
			continue
		}
		style := "-"
		if s.Style != nil {
			style = quote(*s.Style)
		}
		parts = append(parts, s.XMLName.Local+"="+style+s.Color.braced())
	}
	if j := join(parts); j != "" {
		return "border{" + j + "}"
	}
	return ""
}
