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
	for rest, more := body, true; more; {
		var line string
		line, rest, more = strings.Cut(rest, "\n")
		width = max(width, textWidth(line))
	}
	w := min(max(width, 30), 70) * 6
	h := (wrappedLines(commentAuthor+"：\n"+body, float64(w)/6) + 1) * 14
	return w, min(h, 600)
}

// appendPlainComment appends a comment of text alone, as excelize's AddComment writes one
// without runs.
func appendPlainComment(b []byte, cell string, author int, text string) []byte {
	b = append(append(b, `<comment ref="`...), cell...)
	b = strconv.AppendInt(append(b, `" authorId="`...), int64(author), 10)
	b = append(append(b, `"><text><t>`...), textEscaper.Replace(text)...)
	return append(b, `</t></text></comment>`...)
}

// appendComment appends our comment on cell, by author index author.
func appendComment(b []byte, cell string, author int, body string) []byte {
	b = append(append(b, `<comment ref="`...), cell...)
	b = strconv.AppendInt(append(b, `" authorId="`...), int64(author), 10)
	b = append(b, `"><text>`...)
	b = appendCommentRun(b, commentAuthor+"：\n", true)
	b = appendCommentRun(b, body, false)
	return append(b, `</text></comment>`...)
}

// commentRunStyle is the run properties of our comments' text, after the bold flag.
const commentRunStyle = `<sz val="9"/><color indexed="81"/><rFont val="` + outFont + `"/><family val="2"/></rPr>`

// appendCommentRun appends a run of text of our comments, bold or not.
func appendCommentRun(b []byte, text string, bold bool) []byte {
	b = append(b, `<r><rPr>`...)
	if bold {
		b = append(b, "<b/>"...)
	}
	b = append(append(b, commentRunStyle...), `<t xml:space="preserve">`...)
	return append(append(b, textEscaper.Replace(text)...), `</t></r>`...)
}

// appendVMLShape appends the hidden note shape, w by h pixels, of the comment on the cell at
// col, row (1-based).
func appendVMLShape(b []byte, id, col, row, w, h int) []byte {
	b = strconv.AppendInt(append(b, `<v:shape id="_x0000_s`...), int64(id), 10)
	b = append(b, `" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:`...)
	b = strconv.AppendInt(b, int64(w*3/4), 10)
	b = strconv.AppendInt(append(b, `pt;height:`...), int64(h*3/4), 10)
	b = append(b, `pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
		`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>`+
		`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
		`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>`...)
	// The anchor is in whole cells of the default size: Excel places the box by it when the
	// note is shown, and sizes it anew on editing.
	b = strconv.AppendInt(b, int64(col), 10)
	b = strconv.AppendInt(append(b, ", 23, "...), int64(row-1), 10)
	b = strconv.AppendInt(append(b, ", 0, "...), int64(col+(w+63)/64), 10)
	b = strconv.AppendInt(append(b, ", 0, "...), int64(row-1+(h+19)/20), 10)
	b = append(b, ", 0</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>"...)
	b = strconv.AppendInt(b, int64(row-1), 10)
	b = strconv.AppendInt(append(b, `</x:Row><x:Column>`...), int64(col-1), 10)
	return append(b, `</x:Column></x:ClientData></v:shape>`...)
}

// vmlHead opens a VML drawing part the patcher makes, up to its idmap's data.
const vmlHead = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
	`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="`

// vmlShapeType follows the idmap's data in a VML drawing part the patcher makes.
const vmlShapeType = `"/></o:shapelayout>` +
	`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
	`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`

// appendNewVML appends a VML drawing part for the sheet sheetID holding shapes.
func appendNewVML(b []byte, sheetID int, shapes []byte) []byte {
	b = strconv.AppendInt(append(b, vmlHead...), int64(sheetID), 10)
	return append(append(append(b, vmlShapeType...), shapes...), `</xml>`...)
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
