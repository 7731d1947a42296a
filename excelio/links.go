package excelio

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strconv"
)

// linkRun is a run of consecutive rows whose cells in column col link to the same copy, link
// (a path relative to the output folder, as the rows hold it: the string is shared, not
// copied). id numbers the run's relationship, rIdLink<id>: a prefix of our own, so as not to
// meet the ids excelize gave.
type linkRun struct {
	row, n, col int32
	id          int32
	link        string
}

// sheetLinks are the links of one sheet, as runs: a summary of ten thousand forms links each
// row to its copy, and one small run per copy (rather than a cell reference, a target and a
// tooltip per row) keeps the memory of the links from growing with the rows.
type sheetLinks struct {
	runs  []linkRun
	count int // links recorded, at most maxSheetLinks
}

// linkSet collects the external hyperlinks of a workbook being built, per sheet, so that they
// are written once at the end. excelize's SetCellHyperLink scans every relationship of the
// sheet on each call, which made a summary of 10,000 forms take minutes (quadratic in forms).
type linkSet map[string]*sheetLinks

// maxSheetLinks is the most hyperlinks Excel keeps on one worksheet; it drops the rest when it
// opens the file, with a repair message, so they are not written.
const maxSheetLinks = 65530

// add records a link from sheet's cell at col, row to the copy at link, rows being added in
// ascending order; past maxSheetLinks on a sheet the cell keeps its text (the path of the
// copy) without a link. A run that links the copy the run before it links shares its
// relationship: the rows of a file's forms and findings follow one another.
func (ls linkSet) add(sheet string, col, row int, link string) {
	sl := ls[sheet]
	if sl == nil {
		sl = &sheetLinks{}
		ls[sheet] = sl
	}
	if sl.count >= maxSheetLinks {
		return
	}
	sl.count++
	id := int32(1)
	if k := len(sl.runs); k > 0 {
		last := &sl.runs[k-1]
		if last.link == link && last.col == int32(col) && int(last.row+last.n) == row {
			last.n++
			return
		}
		id = last.id
		if last.link != link {
			id++
		}
	}
	sl.runs = append(sl.runs, linkRun{row: int32(row), n: 1, col: int32(col), id: id, link: link})
}

// Relationship namespaces and the hyperlink relationship type of Transitional OOXML.
const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	relHyperlink    = nsRelationships + "/hyperlink"
)

// writeRels writes the sheet's relationship elements, one per run that does not share the
// relationship of the run before it.
func (sl *sheetLinks) writeRels(w *bufio.Writer) {
	last := int32(0)
	for _, r := range sl.runs {
		if r.id == last {
			continue
		}
		last = r.id
		w.WriteString(`<Relationship Id="rIdLink`)
		w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(r.id), 10))
		w.WriteString(`" Type="` + relHyperlink + `" Target="`)
		_ = xml.EscapeText(w, []byte(linkTarget(r.link)))
		w.WriteString(`" TargetMode="External"/>`)
	}
}

// writeHyperlinks writes the sheet's <hyperlinks> element.
func (sl *sheetLinks) writeHyperlinks(w *bufio.Writer) {
	w.WriteString("<hyperlinks>")
	var cell []byte
	for _, r := range sl.runs {
		tooltip := filepath.ToSlash(r.link)
		for row := r.row; row < r.row+r.n; row++ {
			cell = appendCellRef(cell[:0], int(r.col), int(row))
			writeHyperlink(w, cell, r.id, tooltip)
		}
	}
	w.WriteString("</hyperlinks>")
}

// afterHyperlinks are the worksheet elements that follow <hyperlinks> in the schema's order.
var afterHyperlinks = []string{"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks",
	"<colBreaks", "<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing",
	"<legacyDrawing", "<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
	"<webPublishItems", "<tableParts", "<extLst", "</worksheet>"}

// writeHyperlink writes the <hyperlink> element of the link at cell, id numbering its
// relationship.
func writeHyperlink(w *bufio.Writer, cell []byte, id int32, tooltip string) {
	w.WriteString(`<hyperlink ref="`)
	w.Write(cell)
	w.WriteString(`" r:id="rIdLink`)
	w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(id), 10))
	if tooltip != "" {
		w.WriteString(`" tooltip="`)
		writeEscaped(w, tooltip, true)
	}
	w.WriteString(`"/>`)
}

// declareRelNS declares the r: prefix on a worksheet's root, where hyperlinks need it; excelize
// declares it only when it wrote a relationship itself.
func declareRelNS(head []byte) ([]byte, error) {
	root := bytes.Index(head, []byte("<worksheet"))
	if root < 0 {
		return nil, fmt.Errorf("no worksheet element")
	}
	end := root + bytes.IndexByte(head[root:], '>')
	if bytes.Contains(head[root:end], []byte(`xmlns:r="`)) {
		return head, nil
	}
	return concat(head[:root+len("<worksheet")], []byte(` xmlns:r="`+nsRelationships+`"`), head[root+len("<worksheet"):]), nil
}

// concat joins byte slices into a new one.
func concat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}
