package excelio

import (
	"archive/zip"
	"path"
	"strings"
)

// unreadDirs are the folders whose XML parts no step of reading reads: the document's
// properties, its themes, custom XML, drawings and charts. excelize decodes the theme when it
// opens a package, which complete inflates first.
var unreadDirs = []string{"docprops/", "customxml/", "xl/theme/", "xl/drawings/", "xl/charts/", "xl/diagrams/", "xl/activex/", "xl/ctrlprops/"}

// readsPart reports whether reading the workbook reads the part of that partKey: a sheet, the
// workbook part wb, a relationships part or a VML drawing, and any other XML part outside
// unreadDirs. Media, printer settings, embedded objects and the like are never read; the copy
// takes them as they are stored.
func readsPart(key string, sheets map[string]string, wb string) bool {
	if _, isSheet := sheetOf(key, sheets); isSheet || key == wb {
		return true
	}
	switch path.Ext(key) {
	case ".rels", ".vml":
		return true
	case ".xml":
		for _, dir := range unreadDirs {
			if strings.HasPrefix(key, dir) {
				return false
			}
		}
		return true
	}
	return false
}

// skip counts the part zf of that partKey, which reading does not read, by the size it declares: a package whose
// parts declare more than the limits is refused as if they had been inflated. A part declaring
// less than it holds is bounded when complete inflates it, if anything ever does.
func (sp *scannedPackage) skip(zf *zip.File, key string) error {
	n := int64(min(zf.UncompressedSize64, 1<<62))
	if sp.unread == nil {
		sp.unread = map[*zip.File]int64{}
	}
	sp.unread[zf] = n
	p := &partCheck{st: sp.st, name: path.Base(key), maxBytes: sp.partLimit}
	// In two steps, so that the limit a stream would have passed first is the one named.
	first := min(n, min(sp.partLimit, limits.totalBytes-sp.st.inflated)+1)
	if err := p.inflated(first); err != nil {
		return err
	}
	return p.inflated(n - first)
}

// complete inflates the parts a scan for reading left unread, within the same bounds, in
// place of the sizes they declared, and keeps them like the others: before excelize opens the
// package or the package is rewritten, it is inspected whole, as the limits ask.
func (sp *scannedPackage) complete() error {
	if len(sp.unread) == 0 {
		return nil
	}
	for _, n := range sp.unread {
		sp.st.inflated -= n
	}
	unread := sp.unread
	sp.unread = nil
	run := newScanRun(nil)
	defer run.done()
	for i, zf := range sp.zr.File {
		if _, ok := unread[zf]; !ok {
			continue
		}
		if err := sp.inspect(i, run); err != nil {
			return err
		}
	}
	return nil
}

// isUnread reports whether zf is a part the scan left unread.
func (sp *scannedPackage) isUnread(zf *zip.File) bool {
	_, ok := sp.unread[zf]
	return ok
}
