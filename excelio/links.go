package excelio

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// extLink is a hyperlink from a cell to a file outside the workbook, waiting to be written.
type extLink struct {
	cell, target, tooltip string
}

// linkSet collects the external hyperlinks of a workbook being built, per sheet, so that they
// are written once at the end. excelize's SetCellHyperLink scans every relationship of the
// sheet on each call, which made a summary of 10,000 forms take minutes (quadratic in forms).
type linkSet map[string][]extLink

// maxSheetLinks is the most hyperlinks Excel keeps on one worksheet; it drops the rest when it
// opens the file, with a repair message, so they are not written.
const maxSheetLinks = 65530

// add records a link from sheet!cell to target; past maxSheetLinks on a sheet the cell keeps
// its text (the path of the copy) without a link.
func (ls linkSet) add(sheet, cell, target, tooltip string) {
	if len(ls[sheet]) < maxSheetLinks {
		ls[sheet] = append(ls[sheet], extLink{cell, target, tooltip})
	}
}

// Relationship namespaces and the hyperlink relationship type of Transitional OOXML.
const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	relHyperlink    = nsRelationships + "/hyperlink"
)

// linkRels numbers the links of each sheet part: one relationship per distinct target, with
// ids of a prefix of our own so as not to meet the ones excelize gave. It returns each link's
// id and each part's relationship elements.
func linkRels(byPart map[string][]extLink) (ids map[string][]string, rels map[string][]byte) {
	ids, rels = map[string][]string{}, map[string][]byte{}
	for p, ls := range byPart {
		idOf := map[string]string{}
		var b bytes.Buffer
		for _, l := range ls {
			id, ok := idOf[l.target]
			if !ok {
				id = "rIdLink" + strconv.Itoa(len(idOf)+1)
				idOf[l.target] = id
				fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s" TargetMode="External"/>`, id, relHyperlink, attrEscape(l.target))
			}
			ids[p] = append(ids[p], id)
		}
		rels[p] = b.Bytes()
	}
	return ids, rels
}

// afterHyperlinks are the worksheet elements that follow <hyperlinks> in the schema's order.
var afterHyperlinks = []string{"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks",
	"<colBreaks", "<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing",
	"<legacyDrawing", "<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
	"<webPublishItems", "<tableParts", "<extLst", "</worksheet>"}

// writeHyperlink writes the <hyperlink> element of link l, id being its relationship.
func writeHyperlink(w *bufio.Writer, l extLink, id string) {
	w.WriteString(`<hyperlink ref="`)
	w.WriteString(l.cell)
	w.WriteString(`" r:id="`)
	w.WriteString(id)
	if l.tooltip != "" {
		w.WriteString(`" tooltip="`)
		writeEscaped(w, l.tooltip, true)
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

// attrEscape is s as an XML attribute value.
func attrEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
