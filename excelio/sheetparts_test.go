package excelio

import (
	"path"
	"strings"
	"testing"
)

// TestPartKey: the names partKey returns as they are are exactly those its full rule leaves
// unchanged.
func TestPartKey(t *testing.T) {
	full := func(name string) string {
		name = strings.ReplaceAll(name, `\`, "/")
		return strings.ToLower(strings.TrimPrefix(path.Clean("/"+name), "/"))
	}
	for _, name := range []string{
		"xl/worksheets/sheet1.xml", "[Content_Types].xml", "xl/sharedStrings.xml", "/xl/workbook.xml",
		`xl\worksheets\sheet1.xml`, "xl//workbook.xml", "xl/./workbook.xml", "xl/../xl/workbook.xml",
		"../xl/workbook.xml", "./xl/workbook.xml", ".", "..", "", "xl/", "xl/.", "xl/..", "..a/b.xml",
		".rels", "_rels/.rels", "xl/工作表.xml", "XL/WORKBOOK.XML", "xl/media/İmage.png", "a/b/",
	} {
		if got, want := partKey(name), full(name); got != want {
			t.Errorf("partKey(%q) = %q, want %q", name, got, want)
		}
	}
}
