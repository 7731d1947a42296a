package excelio

import (
	"reflect"
	"strconv"
	"strings"
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
	var b strings.Builder
	b.WriteString("<xf")
	for _, a := range []struct {
		name string
		v    *int
	}{{"numFmtId", x.NumFmtID}, {"fontId", x.FontID}, {"fillId", x.FillID}, {"borderId", x.BorderID}, {"xfId", x.XfID}} {
		if a.v != nil {
			b.WriteString(" " + a.name + `="` + strconv.Itoa(*a.v) + `"`)
		}
	}
	for _, a := range []struct {
		name string
		v    *bool
	}{{"quotePrefix", x.QuotePrefix}, {"pivotButton", x.PivotButton}, {"applyNumberFormat", x.ApplyNumberFormat},
		{"applyFont", x.ApplyFont}, {"applyFill", x.ApplyFill}, {"applyBorder", x.ApplyBorder},
		{"applyAlignment", x.ApplyAlignment}, {"applyProtection", x.ApplyProtection}} {
		if a.v != nil {
			b.WriteString(" " + a.name + `="` + strconv.FormatBool(*a.v) + `"`)
		}
	}
	b.WriteString(">")
	if al := x.Alignment; al != nil {
		b.WriteString("<alignment")
		attr := func(name, v string, keep bool) {
			if keep {
				b.WriteString(" " + name + `="` + escapeAttr(v) + `"`)
			}
		}
		attr("horizontal", al.Horizontal, al.Horizontal != "")
		attr("indent", strconv.Itoa(al.Indent), al.Indent != 0)
		attr("justifyLastLine", "true", al.JustifyLastLine)
		attr("readingOrder", strconv.FormatUint(al.ReadingOrder, 10), al.ReadingOrder != 0)
		attr("relativeIndent", strconv.Itoa(al.RelativeIndent), al.RelativeIndent != 0)
		attr("shrinkToFit", "true", al.ShrinkToFit)
		attr("textRotation", strconv.Itoa(al.TextRotation), al.TextRotation != 0)
		attr("vertical", al.Vertical, al.Vertical != "")
		attr("wrapText", "true", al.WrapText)
		b.WriteString("></alignment>")
	}
	if pr := x.Protection; pr != nil {
		b.WriteString("<protection")
		if pr.Hidden != nil {
			b.WriteString(` hidden="` + strconv.FormatBool(*pr.Hidden) + `"`)
		}
		if pr.Locked != nil {
			b.WriteString(` locked="` + strconv.FormatBool(*pr.Locked) + `"`)
		}
		b.WriteString("></protection>")
	}
	b.WriteString("</xf>")
	return []byte(b.String())
}
