package excelio

// The records of styles.xml as excelize models them, field for field: the patcher finds a font,
// fill, border or cell format that excelize's NewStyle would reuse by comparing these with
// reflect.DeepEqual, as NewStyle does, and writes a new record by marshalling one, so that the
// indices and records of the copy are those excelize gave it.

import (
	"encoding/xml"
	"strconv"
)

type sVal struct {
	Val *string `xml:"val,attr"`
}

type sBool struct {
	Val *bool `xml:"val,attr"`
}

// MarshalXML writes the flag as excelize's attrValBool does: val="1" or val="0".
func (b sBool) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	v := "0"
	if b.Val != nil && *b.Val {
		v = "1"
	}
	start.Attr = []xml.Attr{{Name: xml.Name{Space: start.Name.Space, Local: "val"}, Value: v}}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}

// UnmarshalXML reads the flag as excelize's attrValBool does: a missing or empty val is true.
func (b *sBool) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if err := d.Skip(); err != nil {
		return err
	}
	v := true
	for _, a := range start.Attr {
		if a.Name.Local == "val" && a.Value != "" {
			parsed, err := strconv.ParseBool(a.Value)
			if err != nil {
				return err
			}
			v = parsed
			break
		}
	}
	b.Val = &v
	return nil
}

type sNum struct {
	Val *int `xml:"val,attr"`
}

type sFloat struct {
	Val *float64 `xml:"val,attr"`
}

type sColor struct {
	Auto    bool    `xml:"auto,attr,omitempty"`
	RGB     string  `xml:"rgb,attr,omitempty"`
	Indexed int     `xml:"indexed,attr,omitempty"`
	Theme   *int    `xml:"theme,attr"`
	Tint    float64 `xml:"tint,attr,omitempty"`
}

type sFont struct {
	B         *sBool  `xml:"b"`
	I         *sBool  `xml:"i"`
	Strike    *sBool  `xml:"strike"`
	Condense  *sBool  `xml:"condense"`
	Extend    *sBool  `xml:"extend"`
	Outline   *sBool  `xml:"outline"`
	Shadow    *sBool  `xml:"shadow"`
	U         *sVal   `xml:"u"`
	VertAlign *sVal   `xml:"vertAlign"`
	Sz        *sFloat `xml:"sz"`
	Color     *sColor `xml:"color"`
	Name      *sVal   `xml:"name"`
	Family    *sNum   `xml:"family"`
	Charset   *sNum   `xml:"charset"`
	Scheme    *sVal   `xml:"scheme"`
}

type sPatternFill struct {
	PatternType string  `xml:"patternType,attr,omitempty"`
	FgColor     *sColor `xml:"fgColor"`
	BgColor     *sColor `xml:"bgColor"`
}

type sGradientStop struct {
	Position float64 `xml:"position,attr"`
	Color    sColor  `xml:"color,omitempty"`
}

type sGradientFill struct {
	Bottom float64          `xml:"bottom,attr,omitempty"`
	Degree float64          `xml:"degree,attr,omitempty"`
	Left   float64          `xml:"left,attr,omitempty"`
	Right  float64          `xml:"right,attr,omitempty"`
	Top    float64          `xml:"top,attr,omitempty"`
	Type   string           `xml:"type,attr,omitempty"`
	Stop   []*sGradientStop `xml:"stop"`
}

type sFill struct {
	PatternFill  *sPatternFill  `xml:"patternFill"`
	GradientFill *sGradientFill `xml:"gradientFill"`
}

type sLine struct {
	Style string  `xml:"style,attr,omitempty"`
	Color *sColor `xml:"color"`
}

type sBorder struct {
	DiagonalDown bool   `xml:"diagonalDown,attr,omitempty"`
	DiagonalUp   bool   `xml:"diagonalUp,attr,omitempty"`
	Outline      bool   `xml:"outline,attr,omitempty"`
	Left         *sLine `xml:"left"`
	Right        *sLine `xml:"right"`
	Top          *sLine `xml:"top"`
	Bottom       *sLine `xml:"bottom"`
	Diagonal     *sLine `xml:"diagonal"`
	Vertical     *sLine `xml:"vertical"`
	Horizontal   *sLine `xml:"horizontal"`
}

type sAlignment struct {
	Horizontal      string `xml:"horizontal,attr,omitempty"`
	Indent          int    `xml:"indent,attr,omitempty"`
	JustifyLastLine bool   `xml:"justifyLastLine,attr,omitempty"`
	ReadingOrder    uint64 `xml:"readingOrder,attr,omitempty"`
	RelativeIndent  int    `xml:"relativeIndent,attr,omitempty"`
	ShrinkToFit     bool   `xml:"shrinkToFit,attr,omitempty"`
	TextRotation    int    `xml:"textRotation,attr,omitempty"`
	Vertical        string `xml:"vertical,attr,omitempty"`
	WrapText        bool   `xml:"wrapText,attr,omitempty"`
}

type sProtection struct {
	Hidden *bool `xml:"hidden,attr"`
	Locked *bool `xml:"locked,attr"`
}

type sXf struct {
	NumFmtID          *int         `xml:"numFmtId,attr"`
	FontID            *int         `xml:"fontId,attr"`
	FillID            *int         `xml:"fillId,attr"`
	BorderID          *int         `xml:"borderId,attr"`
	XfID              *int         `xml:"xfId,attr"`
	QuotePrefix       *bool        `xml:"quotePrefix,attr"`
	PivotButton       *bool        `xml:"pivotButton,attr"`
	ApplyNumberFormat *bool        `xml:"applyNumberFormat,attr"`
	ApplyFont         *bool        `xml:"applyFont,attr"`
	ApplyFill         *bool        `xml:"applyFill,attr"`
	ApplyBorder       *bool        `xml:"applyBorder,attr"`
	ApplyAlignment    *bool        `xml:"applyAlignment,attr"`
	ApplyProtection   *bool        `xml:"applyProtection,attr"`
	Alignment         *sAlignment  `xml:"alignment"`
	Protection        *sProtection `xml:"protection"`
}
