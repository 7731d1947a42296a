package excelio

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// noteParts are a sheet's comments and VML drawing parts, as the patcher writes them.
type noteParts struct {
	comments, vml string
	commentsXML   []byte // nil when new
	vmlXML        []byte
}

// unitComment is a comment of the unit's comments part: its span there and what it says.
type unitComment struct {
	start, end int
	cell       string
	comment    excelize.Comment
}

// parseComments lists the comments of a comments part with their spans.
func parseComments(b []byte) ([]string, []unitComment, error) {
	var doc struct {
		Authors []string `xml:"authors>author"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, nil, errNoPatch
	}
	var out []unitComment
	for t, ok := findTag(b, "comment", 0); ok; t, ok = findTag(b, "comment", t.end) {
		end := elementEnd(b, "comment", t)
		if end < 0 {
			return nil, nil, errNoPatch
		}
		var c struct {
			Ref      string `xml:"ref,attr"`
			AuthorID int    `xml:"authorId,attr"`
			T        string `xml:"text>t"`
			R        []struct {
				T string `xml:"t"`
			} `xml:"text>r"`
		}
		if err := xml.Unmarshal(b[t.start:end], &c); err != nil {
			return nil, nil, errNoPatch
		}
		uc := unitComment{start: t.start, end: end, comment: excelize.Comment{Cell: c.Ref, Text: c.T}}
		if c.AuthorID >= 0 && c.AuthorID < len(doc.Authors) {
			uc.comment.Author = doc.Authors[c.AuthorID]
		}
		for _, r := range c.R {
			uc.comment.Paragraph = append(uc.comment.Paragraph, excelize.RichTextRun{Text: r.T})
		}
		if col, row, err := excelize.CellNameToCoordinates(c.Ref); err == nil {
			uc.cell = cellRef(col, row)
		}
		out = append(out, uc)
		t.end = end
	}
	return doc.Authors, out, nil
}

// commentBody is the text commentCell writes for mc, with the comment old (nil when none)
// carried after the findings: the unit's whole, or, when old is ours from an earlier round, the
// unit's comment it carried.
func commentBody(mc *markedCell, old *excelize.Comment) string {
	var lines []string
	for _, fd := range mc.findings {
		lines = append(lines, "["+fd.Code+" "+fd.Label()+"] "+fd.Text())
	}
	body := strings.Join(lines, "\n")
	if old == nil {
		return body
	}
	text := commentText(*old)
	if isOwnComment(*old, text) {
		text = strings.ReplaceAll(text, "\r\n", "\n") // as a program may have saved it
		if i := strings.Index(text, "\n\n"+priorHead); i >= 0 {
			body += text[i:]
		}
		return body
	}
	if text == "" {
		return body
	}
	head := priorHead
	if author := strings.TrimSpace(old.Author); author != "" && !strings.HasPrefix(text, author) {
		head += "（" + author + "）"
	}
	return body + "\n\n" + head + "：\n" + text
}

// commentBox is the size commentCell gives the box of body, in pixels.
func commentBox(body string) (int, int) {
	width := 0
	for _, line := range strings.Split(body, "\n") {
		width = max(width, textWidth(line))
	}
	w := min(max(width, 30), 70) * 6
	h := (wrappedLines(commentAuthor+"：\n"+body, float64(w)/6) + 1) * 14
	return w, min(h, 600)
}

// plainCommentXML is a comment of text alone, as excelize's AddComment writes one without runs.
func plainCommentXML(cell string, author int, text string) string {
	return `<comment ref="` + cell + `" authorId="` + strconv.Itoa(author) + `"><text><t>` +
		textEscaper.Replace(text) + `</t></text></comment>`
}

// commentXML is our comment on cell, by author index author.
func commentXML(cell string, author int, body string) string {
	run := func(text string, bold bool) string {
		b := ""
		if bold {
			b = "<b/>"
		}
		return `<r><rPr>` + b + `<sz val="9"/><color indexed="81"/><rFont val="` + outFont + `"/><family val="2"/></rPr>` +
			`<t xml:space="preserve">` + textEscaper.Replace(text) + `</t></r>`
	}
	return `<comment ref="` + cell + `" authorId="` + strconv.Itoa(author) + `"><text>` +
		run(commentAuthor+"：\n", true) + run(body, false) + `</text></comment>`
}

// vmlShape is the hidden note shape, w by h pixels, of the comment on the cell at col, row
// (1-based).
func vmlShape(id, col, row, w, h int) string {
	// The anchor is in whole cells of the default size: Excel places the box by it when the
	// note is shown, and sizes it anew on editing.
	anchor := strconv.Itoa(col) + ", 23, " + strconv.Itoa(row-1) + ", 0, " +
		strconv.Itoa(col+(w+63)/64) + ", 0, " + strconv.Itoa(row-1+(h+19)/20) + ", 0"
	return `<v:shape id="_x0000_s` + strconv.Itoa(id) + `" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:` +
		strconv.Itoa(w*3/4) + `pt;height:` + strconv.Itoa(h*3/4) + `pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
		`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
		`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
		`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>` + anchor +
		`</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>` + strconv.Itoa(row-1) + `</x:Row><x:Column>` +
		strconv.Itoa(col-1) + `</x:Column></x:ClientData></v:shape>`
}

// newVML is a VML drawing part for the sheet sheetID holding shapes.
func newVML(sheetID int, shapes string) []byte {
	return []byte(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + strconv.Itoa(sheetID) + `"/></o:shapelayout>` +
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
		`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
		shapes + `</xml>`)
}

// vmlFits reports whether our shapes can be added to the unit's VML drawing b as written.
func vmlFits(b []byte) bool {
	return bytes.Contains(b, []byte(`xmlns:v="urn:schemas-microsoft-com:vml"`)) &&
		bytes.Contains(b, []byte(`xmlns:o="urn:schemas-microsoft-com:office:office"`)) &&
		bytes.Contains(b, []byte(`xmlns:x="urn:schemas-microsoft-com:office:excel"`)) &&
		bytes.Contains(b, []byte(`id="_x0000_t202"`)) && bytes.LastIndex(b, []byte("</xml>")) >= 0
}

// maxShapeID is the highest _x0000_s number of the VML drawing b, at least base.
func maxShapeID(b []byte, base int) int {
	pat := []byte(`id="_x0000_s`)
	for i := 0; ; {
		j := bytes.Index(b[i:], pat)
		if j < 0 {
			return base
		}
		i += j + len(pat)
		k := i
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if n, err := strconv.Atoi(string(b[i:k])); err == nil {
			base = max(base, n)
		}
	}
}
