package templates

import "github.com/xuri/excelize/v2"

// styles are the cell formats of the template. Labels and formulas are locked, answers are
// unlocked and tinted, so a unit sees at a glance where to write and cannot overwrite a label.
type styles struct {
	title, sub, label, head, note                  int
	answerText, answerCenter, answerNum, answerAmt int
	rate, score, grade, dash                       int
	guideTitle, guideText                          int
}

// answerFill tints the cells a unit fills in; pale enough to print as white.
const answerFill = "EAF1DD"

// fontName is the Chinese government forms' font.
const fontName = "宋体"

// newStyles registers the template's formats in f.
func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: fontName, Size: size, Bold: bold}
	}
	align := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}
	}
	locked := &excelize.Protection{Locked: true}
	open := &excelize.Protection{Locked: false}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{answerFill}}
	amount := "#,##0.00"
	var st styles
	list := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: font(18, true), Alignment: align("center"), Protection: locked}},
		{&st.sub, &excelize.Style{Font: font(12, false), Alignment: align("center"), Protection: open, Fill: fill}},
		{&st.label, &excelize.Style{Font: font(11, false), Alignment: align("center"), Border: border, Protection: locked}},
		{&st.head, &excelize.Style{Font: font(11, true), Alignment: align("center"), Border: border, Protection: locked}},
		{&st.dash, &excelize.Style{Font: font(11, false), Alignment: align("center"), Border: border, Protection: locked}},
		{&st.note, &excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Protection: locked}},
		{&st.answerText, &excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}, Border: border, Protection: open, Fill: fill}},
		{&st.answerCenter, &excelize.Style{Font: font(11, false), Alignment: align("center"), Border: border, Protection: open, Fill: fill}},
		{&st.answerNum, &excelize.Style{Font: font(11, false), Alignment: align("center"), Border: border, Protection: open, Fill: fill, NumFmt: 2}},
		{&st.answerAmt, &excelize.Style{Font: font(11, false), Alignment: align("right"), Border: border, Protection: open, Fill: fill, CustomNumFmt: &amount}},
		{&st.rate, &excelize.Style{Font: font(11, false), Alignment: align("center"), Border: border, Protection: locked, NumFmt: 10}},
		{&st.score, &excelize.Style{Font: font(11, true), Alignment: align("center"), Border: border, Protection: locked, NumFmt: 2}},
		{&st.grade, &excelize.Style{Font: font(11, true), Alignment: align("center"), Border: border, Protection: locked}},
		{&st.guideTitle, &excelize.Style{Font: font(14, true), Alignment: align("center"), Protection: locked}},
		{&st.guideText, &excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Protection: locked}},
	}
	for _, d := range list {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return &st, nil
}
