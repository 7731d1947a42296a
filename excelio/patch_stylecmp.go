package excelio

import (
	"reflect"
	"strconv"
)

// Equality of style records as reflect.DeepEqual decides it, written out: the patcher compares
// every record of the unit's lists with each style it needs, and reflection made that the
// costliest step of annotating.

func eqPtr[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}

func eqBool(a, b *sBool) bool {
	return a == b || a != nil && b != nil && eqPtr(a.Val, b.Val)
}

func eqVal(a, b *sVal) bool {
	return a == b || a != nil && b != nil && eqPtr(a.Val, b.Val)
}

func eqNum(a, b *sNum) bool {
	return a == b || a != nil && b != nil && eqPtr(a.Val, b.Val)
}

func eqFloat(a, b *sFloat) bool {
	return a == b || a != nil && b != nil && eqPtr(a.Val, b.Val)
}

func eqColor(a, b *sColor) bool {
	return a == b || a != nil && b != nil && a.Auto == b.Auto && a.RGB == b.RGB &&
		a.Indexed == b.Indexed && eqPtr(a.Theme, b.Theme) && a.Tint == b.Tint
}

func eqFont(a, b *sFont) bool {
	return eqBool(a.B, b.B) && eqBool(a.I, b.I) && eqBool(a.Strike, b.Strike) &&
		eqBool(a.Condense, b.Condense) && eqBool(a.Extend, b.Extend) && eqBool(a.Outline, b.Outline) &&
		eqBool(a.Shadow, b.Shadow) && eqVal(a.U, b.U) && eqVal(a.VertAlign, b.VertAlign) &&
		eqFloat(a.Sz, b.Sz) && eqColor(a.Color, b.Color) && eqVal(a.Name, b.Name) &&
		eqNum(a.Family, b.Family) && eqNum(a.Charset, b.Charset) && eqVal(a.Scheme, b.Scheme)
}

func eqFill(a, b *sFill) bool {
	if a.GradientFill != nil || b.GradientFill != nil {
		return reflect.DeepEqual(*a, *b)
	}
	pa, pb := a.PatternFill, b.PatternFill
	return pa == pb || pa != nil && pb != nil && pa.PatternType == pb.PatternType &&
		eqColor(pa.FgColor, pb.FgColor) && eqColor(pa.BgColor, pb.BgColor)
}

func eqLine(a, b *sLine) bool {
	return a == b || a != nil && b != nil && a.Style == b.Style && eqColor(a.Color, b.Color)
}

func eqBorder(a, b *sBorder) bool {
	return a.DiagonalDown == b.DiagonalDown && a.DiagonalUp == b.DiagonalUp && a.Outline == b.Outline &&
		eqLine(a.Left, b.Left) && eqLine(a.Right, b.Right) && eqLine(a.Top, b.Top) &&
		eqLine(a.Bottom, b.Bottom) && eqLine(a.Diagonal, b.Diagonal) && eqLine(a.Vertical, b.Vertical) &&
		eqLine(a.Horizontal, b.Horizontal)
}

// xfXML is an xf record as encoding/xml marshals it, written out for speed.
func xfXML(x *sXf) []byte {
	return appendXfXML(make([]byte, 0, 256), x)
}

// appendXfXML appends xfXML(x) to b.
func appendXfXML(b []byte, x *sXf) []byte {
	b = append(b, "<xf"...)
	num := func(name string, v *int) {
		if v != nil {
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, `="`...)
			b = strconv.AppendInt(b, int64(*v), 10)
			b = append(b, '"')
		}
	}
	flag := func(name string, v *bool) {
		if v != nil {
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, `="`...)
			b = strconv.AppendBool(b, *v)
			b = append(b, '"')
		}
	}
	num("numFmtId", x.NumFmtID)
	num("fontId", x.FontID)
	num("fillId", x.FillID)
	num("borderId", x.BorderID)
	num("xfId", x.XfID)
	flag("quotePrefix", x.QuotePrefix)
	flag("pivotButton", x.PivotButton)
	flag("applyNumberFormat", x.ApplyNumberFormat)
	flag("applyFont", x.ApplyFont)
	flag("applyFill", x.ApplyFill)
	flag("applyBorder", x.ApplyBorder)
	flag("applyAlignment", x.ApplyAlignment)
	flag("applyProtection", x.ApplyProtection)
	b = append(b, '>')
	if al := x.Alignment; al != nil {
		text := func(name, v string) {
			if v != "" {
				b = append(b, ' ')
				b = append(b, name...)
				b = append(b, `="`...)
				b = append(b, escapeAttr(v)...)
				b = append(b, '"')
			}
		}
		count := func(name string, v int) {
			if v != 0 {
				num(name, &v)
			}
		}
		on := func(name string, v bool) {
			if v {
				flag(name, &v)
			}
		}
		b = append(b, "<alignment"...)
		text("horizontal", al.Horizontal)
		count("indent", al.Indent)
		on("justifyLastLine", al.JustifyLastLine)
		if al.ReadingOrder != 0 {
			b = append(b, ` readingOrder="`...)
			b = strconv.AppendUint(b, al.ReadingOrder, 10)
			b = append(b, '"')
		}
		count("relativeIndent", al.RelativeIndent)
		on("shrinkToFit", al.ShrinkToFit)
		count("textRotation", al.TextRotation)
		text("vertical", al.Vertical)
		on("wrapText", al.WrapText)
		b = append(b, "></alignment>"...)
	}
	if pr := x.Protection; pr != nil {
		b = append(b, "<protection"...)
		flag("hidden", pr.Hidden)
		flag("locked", pr.Locked)
		b = append(b, "></protection>"...)
	}
	return append(b, "</xf>"...)
}
