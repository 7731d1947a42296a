package excelio

import "sync"

// outStyleID is the cellXfs index of o in the patched styles, created as outStyles.id creates it
// through excelize's NewStyle: an equal format is reused, and so are an equal font, fill and
// border.
func (s *stylePatch) outStyleID(o outStyle) (int, error) {
	if id, ok := s.out[o]; ok {
		return id, nil
	}
	font, fill, border, align := cachedOutRecords(o)
	fontID, fillID, borderID := s.fonts.find(font), -1, -1
	if fill != nil {
		fillID = s.fills.find(fill)
	}
	if border != nil {
		borderID = s.borders.find(border)
	}
	if id := s.findXf(o.numFmt, fontID, fillID, borderID, fill != nil, border != nil, align); id >= 0 {
		s.out[o] = id
		return id, nil
	}
	var err error
	if fontID < 0 {
		if fontID, err = s.fonts.addXML(font, marshalled(recordKey{list: "font", style: o}, "font", font)); err != nil {
			return 0, err
		}
	}
	if borderID < 0 {
		borderID = 0
		if border != nil {
			if borderID, err = s.borders.addXML(border, marshalled(recordKey{list: "border", style: o}, "border", border)); err != nil {
				return 0, err
			}
		}
	}
	if fillID < 0 {
		fillID = 0
		if fill != nil {
			if fillID, err = s.fills.addXML(fill, marshalled(recordKey{list: "fill", color: o.fill}, "fill", fill)); err != nil {
				return 0, err
			}
		}
	}
	id := s.addXf(newXf(o.numFmt, fontID, fillID, borderID, align))
	s.out[o] = id
	return id, nil
}

// outRecordSet is what outRecords returns, kept for the next copies.
type outRecordSet struct {
	font   *sFont
	fill   *sFill
	border *sBorder
	align  *sAlignment
}

// outRecordCache holds outRecords for each outStyle of the 审核意见 sheet, a few constant
// styles: every copy asks for the same records, which the patcher only reads.
var outRecordCache sync.Map

// cachedOutRecords is outRecords(o), made once.
func cachedOutRecords(o outStyle) (*sFont, *sFill, *sBorder, *sAlignment) {
	if r, ok := outRecordCache.Load(o); ok {
		set := r.(*outRecordSet)
		return set.font, set.fill, set.border, set.align
	}
	font, fill, border, align := outRecords(o)
	outRecordCache.Store(o, &outRecordSet{font, fill, border, align})
	return font, fill, border, align
}

// outRecords are the font, fill (nil for none), border (nil for none) and alignment NewStyle
// makes of o, as outStyles.id describes it.
func outRecords(o outStyle) (*sFont, *sFill, *sBorder, *sAlignment) {
	size := o.size
	if size == 0 {
		size = outFontSize
	}
	two, name := 2, outFont
	font := &sFont{Family: &sNum{Val: &two}, Sz: &sFloat{Val: &size}, Name: &sVal{Val: &name}, Color: &sColor{}}
	if o.fontColor != "" {
		font.Color.RGB = paletteColor(o.fontColor)
	}
	if o.bold {
		b := true
		font.B = &sBool{Val: &b}
	}
	if o.underline {
		u := "single"
		font.U = &sVal{Val: &u}
	}
	var fill *sFill
	if o.fill != "" {
		fill = solidFill(o.fill)
	}
	var border *sBorder
	if o.border {
		line := func() *sLine { return &sLine{Style: "thin", Color: &sColor{RGB: paletteColor("808080")}} }
		border = &sBorder{Left: line(), Right: line(), Top: line(), Bottom: line()}
	}
	return font, fill, border, &sAlignment{Horizontal: o.hAlign, Vertical: "center", WrapText: o.wrap}
}

// findXf is NewStyle's search for an existing format: getStyleID with excelize's getXfIDFuncs
// for a style with a font, an alignment, no protection and a built-in number format.
func (s *stylePatch) findXf(numFmt, fontID, fillID, borderID int, hasFill, hasBorder bool, align *sAlignment) int {
	isZero := func(p *int) bool { return p == nil || *p == 0 }
	isTrue := func(p *bool) bool { return p != nil && *p }
	for i, xf := range s.xfs.items {
		ok := xf.NumFmtID != nil && *xf.NumFmtID == numFmt
		if fontID == 0 {
			ok = ok && isZero(xf.FontID) && !isTrue(xf.ApplyFont)
		} else {
			ok = ok && xf.FontID != nil && *xf.FontID == fontID && isTrue(xf.ApplyFont)
		}
		if !hasFill || fillID == 0 {
			ok = ok && isZero(xf.FillID) && !isTrue(xf.ApplyFill)
		} else {
			ok = ok && xf.FillID != nil && *xf.FillID == fillID && isTrue(xf.ApplyFill)
		}
		if !hasBorder {
			ok = ok && isZero(xf.BorderID) && !isTrue(xf.ApplyBorder)
		} else {
			ok = ok && xf.BorderID != nil && *xf.BorderID == borderID && isTrue(xf.ApplyBorder)
		}
		ok = ok && eqPtr(xf.Alignment, align) && !isTrue(xf.ApplyProtection)
		if ok {
			return i
		}
	}
	return -1
}

// newXf is the format excelize's setCellXfs makes.
func newXf(numFmt, fontID, fillID, borderID int, align *sAlignment) *sXf {
	// The format and the values it points to are one allocation.
	v := &struct {
		xf                               sXf
		numFmt, fontID, fillID, borderID int
		zero                             int
		t                                bool
	}{numFmt: numFmt, fontID: fontID, fillID: fillID, borderID: borderID, t: true}
	t, xf := &v.t, &v.xf
	*xf = sXf{NumFmtID: &v.numFmt, FontID: &v.fontID, FillID: &v.fillID, BorderID: &v.borderID,
		Alignment: align, ApplyAlignment: t, XfID: &v.zero}
	if fontID != 0 {
		xf.ApplyFont = t
	}
	if numFmt != 0 {
		xf.ApplyNumberFormat = t
	}
	if fillID != 0 {
		xf.ApplyFill = t
	}
	if borderID != 0 {
		xf.ApplyBorder = t
	}
	return xf
}
