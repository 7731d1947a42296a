package excelio

import (
	"archive/zip"
	"encoding/xml"
	"path"
	"strings"
)

// Parts excelize reads by a fixed name, and the relationship type naming the workbook part.
const (
	partRootRels     = "_rels/.rels"
	partSharedString = "xl/sharedStrings.xml"
	partStyles       = "xl/styles.xml"
	partTheme        = "xl/theme/theme1.xml"
	partCalcChain    = "xl/calcChain.xml"
	relOfficeDoc     = nsRelationships + "/officeDocument"
)

// streamBook is what one streaming pass reads of a package's workbook: its sheets, date system,
// number formats and shared strings, as excelize reads them, without excelize.
type streamBook struct {
	// part returns an inflated part by the name excelize keys it by, nil when there is none;
	// has reports whether the package holds a part of that name at all.
	part     func(name string) []byte
	has      func(name string) bool
	wbPath   string
	sheets   []bookSheet // in workbook order
	date1904 bool
	reviews  map[string]bool // the sheets carrying our 审核意见 marker (isReviewSheet)
	sst      []string
	styles   styleTable
}

// bookSheet is one sheet of the workbook: its name and, when the package holds it, its part.
type bookSheet struct {
	name, part string
	found      bool
}

// excelizeName is a zip entry's name as excelize keys the package's parts.
func excelizeName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	switch {
	case strings.EqualFold(name, contentTypesPart):
		return contentTypesPart
	case strings.EqualFold(name, partSharedString):
		return partSharedString
	}
	return name
}

// readIndex reads the package's index: the workbook part found through the root relationships,
// its sheets and their parts. Any error, errIrregular among them, means the package is to be read
// by excelize instead.
func readIndex(part func(string) []byte, has func(string) bool) (*streamBook, error) {
	b := &streamBook{part: part, has: has, reviews: map[string]bool{}}
	rootRels, err := readRelationships(part(partRootRels))
	if err != nil {
		return nil, err
	}
	for _, r := range rootRels {
		if r.typ == relOfficeDoc {
			b.wbPath = strings.TrimPrefix(r.target, "/")
			break
		}
	}
	if part(b.wbPath) == nil {
		return nil, errIrregular
	}
	rels, err := readRelationships(part(workbookRelsPath(b.wbPath)))
	if err != nil {
		return nil, err
	}
	if err := b.readWorkbook(part(b.wbPath), rels); err != nil {
		return nil, err
	}
	return b, nil
}

// readShared reads the parts every sheet depends on: the shared strings and the number formats,
// and checks the roots of the other parts excelize decodes on opening a package but the theme,
// which the reader never reads (lazyExcel checks it before excelize opens the package).
func (b *streamBook) readShared() error {
	for _, check := range []struct{ part, local, ns string }{
		{contentTypesPart, "Types", nsContentTypes},
		{partCalcChain, "calcChain", nsMain},
	} {
		if err := checkRoot(b.part(check.part), check.local, check.ns); err != nil {
			return err
		}
	}
	var err error
	if b.styles, err = readStyles(b.part(partStyles)); err != nil {
		return err
	}
	b.sst, err = readSharedStrings(b.part(partSharedString))
	return err
}

// workbookRelsPath is the relationships part of the workbook part wb, as excelize names it.
func workbookRelsPath(wb string) string {
	dir := path.Dir(wb)
	if dir == "." {
		return "_rels/" + path.Base(wb) + ".rels"
	}
	return strings.TrimPrefix(dir+"/_rels/"+path.Base(wb)+".rels", "/")
}

// worksheetPath resolves a workbook relationship's target to a part name, as excelize does.
func worksheetPath(wb, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(strings.ReplaceAll(path.Clean(target), `\`, "/"), "/")
	}
	return strings.TrimPrefix(strings.ReplaceAll(path.Clean(path.Dir(wb)+"/"+target), `\`, "/"), "/")
}

// rawRel is one relationship as written, its target unresolved.
type rawRel struct{ id, typ, target string }

// readRelationships reads a relationships part; a missing one has none.
func readRelationships(part []byte) ([]rawRel, error) {
	return readTokens(part, relationshipsOf)
}

// relationshipsOf reads the relationships of a relationships part's tokens.
func relationshipsOf(w tokenSource) ([]rawRel, error) {
	var rels []rawRel
	err := eachStart(w, "Relationships", nsPackageRels, func(e xml.StartElement, _ string) error {
		if w.depth() == 2 && e.Name.Local == "Relationship" {
			id, _ := rawAttr(e, "Id")
			typ, _ := rawAttr(e, "Type")
			target, _ := rawAttr(e, "Target")
			rels = append(rels, rawRel{id: id, typ: typ, target: target})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rels, nil
}

// readWorkbook reads the workbook part: its sheets (resolved through rels), date system and the
// markers of our 审核意见 sheets.
func (b *streamBook) readWorkbook(part []byte, rels []rawRel) error {
	var markers []int
	_, err := readTokens(part, func(w tokenSource) (struct{}, error) {
		markers = markers[:0]
		b.sheets, b.date1904 = nil, false
		return struct{}{}, b.workbookOf(w, rels, &markers)
	})
	if err != nil {
		return err
	}
	for _, m := range markers {
		if m >= 0 && m < len(b.sheets) {
			b.reviews[b.sheets[m].name] = true
		}
	}
	return b.checkNames()
}

// workbookOf reads the workbook part's tokens: sheets, date system and the positions of the sheets
// our markers are scoped to.
func (b *streamBook) workbookOf(w tokenSource, rels []rawRel, markers *[]int) error {
	return eachStart(w, "workbook", nsMain, func(e xml.StartElement, parent string) error {
		switch {
		case w.depth() == 2 && e.Name.Local == "workbookPr":
			if v, ok := rawAttr(e, "date1904"); ok {
				on, err := boolAttr(v)
				if err != nil {
					return errIrregular
				}
				b.date1904 = on
			}
		case w.depth() == 3 && parent == "sheets" && e.Name.Local == "sheet":
			return b.addSheet(w, e, rels)
		case w.depth() == 3 && parent == "definedNames" && e.Name.Local == "definedName":
			if !typedAttrs(e, []string{"localSheetId", "functionGroupId"}, []string{"function", "hidden", "publishToServer", "vbProcedure", "workbookParameter", "xml"}) {
				return errIrregular
			}
			name, _ := rawAttr(e, "name")
			if id, ok := rawAttr(e, "localSheetId"); ok && strings.EqualFold(name, reviewMarker) {
				n, _ := intAttr(id)
				*markers = append(*markers, n)
			}
		}
		return nil
	})
}

// addSheet adds the sheet element e, its part resolved as excelize's sheet map resolves it.
func (b *streamBook) addSheet(w tokenSource, e xml.StartElement, rels []rawRel) error {
	if !typedAttrs(e, []string{"sheetId"}, nil) {
		return errIrregular
	}
	name, _ := rawAttr(e, "name")
	id, ok := relID(w, e)
	if !ok {
		return errIrregular
	}
	// The name outlives the package's reading (in every cell's reference): it must not hold the
	// part's bytes (see partString).
	s := bookSheet{name: strings.Clone(name)}
	for _, r := range rels {
		if r.id != id {
			continue
		}
		if p := worksheetPath(b.wbPath, r.target); b.has(p) {
			s.part, s.found = p, true
		}
	}
	b.sheets = append(b.sheets, s)
	return nil
}

// relID is the r:id attribute of a sheet element; ok is false when an id attribute's prefix is
// declared neither on the element nor on the root, which excelize would resolve otherwise.
func relID(w tokenSource, e xml.StartElement) (string, bool) {
	id := ""
	for _, a := range e.Attr {
		if a.Name.Local != "id" || a.Name.Space == "" || a.Name.Space == "xmlns" {
			continue
		}
		ns, declared := w.rootNamespace(a.Name.Space)
		for _, d := range e.Attr {
			if d.Name.Space == "xmlns" && d.Name.Local == a.Name.Space {
				ns, declared = d.Value, true
			}
		}
		if !declared {
			return "", false
		}
		if ns == nsRelationships {
			id = a.Value
		}
	}
	return id, true
}

// typedAttrs reports whether e's integer and boolean attributes of those names read as
// encoding/xml reads them: excelize fails to open a workbook whose part holds one that does not.
func typedAttrs(e xml.StartElement, ints, bools []string) bool {
	for _, a := range e.Attr {
		if a.Name.Space != "" {
			continue
		}
		for _, n := range ints {
			if a.Name.Local == n {
				if _, err := intAttr(a.Value); err != nil {
					return false
				}
			}
		}
		for _, n := range bools {
			if a.Name.Local == n {
				if _, err := boolAttr(a.Value); err != nil {
					return false
				}
			}
		}
	}
	return true
}

// checkNames refuses sheet names that differ only in case: excelize then finds either sheet's
// part for both, in no set order.
func (b *streamBook) checkNames() error {
	seen := map[string]bool{}
	for _, s := range b.sheets {
		k := strings.ToLower(s.name)
		if seen[k] {
			return errIrregular
		}
		seen[k] = true
	}
	return nil
}

// isChartLike reports a sheet part excelize refuses as not a worksheet (errNotWorksheet).
func isChartLike(part string) bool {
	for _, prefix := range []string{"xl/chartsheets", "xl/dialogsheet", "xl/macrosheet"} {
		if strings.HasPrefix(part, prefix) {
			return true
		}
	}
	return false
}

// zipParts indexes the entries of zr by the name excelize keys them by (the last of two entries
// of one name wins, as in excelize) and returns the functions readIndex takes, reading a part
// once however often it is asked for.
func zipParts(zr *zip.Reader) (part func(string) []byte, has func(string) bool) {
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[excelizeName(zf.Name)] = zf
	}
	read := map[string][]byte{}
	part = func(name string) []byte {
		if b, ok := read[name]; ok {
			return b
		}
		zf := files[name]
		if zf == nil {
			return nil
		}
		b, err := readPart(zf)
		if err != nil {
			b = nil
		}
		read[name] = b
		return b
	}
	has = func(name string) bool { return files[name] != nil }
	return part, has
}

// streamBookOf reads the index and the shared parts of a package (see readIndex).
func streamBookOf(part func(string) []byte, has func(string) bool) (*streamBook, error) {
	b, err := readIndex(part, has)
	if err != nil {
		return nil, err
	}
	if err := b.readShared(); err != nil {
		return nil, err
	}
	return b, nil
}

// keptParts are the functions readIndex takes over the parts scanZip kept, the others read
// from the package when asked for.
func keptParts(sp *scannedPackage) (part func(string) []byte, has func(string) bool) {
	kept := make(map[string][]byte, len(sp.parts))
	for _, zf := range sp.zr.File {
		n := excelizeName(zf.Name)
		if b, ok := sp.parts[zf.Name]; ok {
			kept[n] = b
		} else {
			delete(kept, n)
		}
	}
	read, has := zipParts(sp.zr)
	return func(name string) []byte {
		if b, ok := kept[name]; ok {
			return b
		}
		return read(name)
	}, has
}
