package excelio

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/internal/ziptest"
)

// cellFormat is what a cell's format (xf) refers to, as the package spells it: the font, border
// and number format elements, and the fill.
type cellFormat struct{ font, border, numFmt, fill string }

var (
	xfElem     = regexp.MustCompile(`<xf [^>]*?(?:/>|>.*?</xf>)`)
	fontElem   = regexp.MustCompile(`(?s)<font>.*?</font>|<font/>`)
	borderElem = regexp.MustCompile(`(?s)<border(?: [^>]*)?>.*?</border>|<border(?: [^>]*)?/>`)
	fillElem   = regexp.MustCompile(`(?s)<fill>.*?</fill>|<fill/>`)
)

// section is the part of styles between <name and </name>.
func section(styles, name string) string {
	i := strings.Index(styles, "<"+name)
	j := strings.Index(styles, "</"+name+">")
	if i < 0 || j < i {
		return ""
	}
	return styles[i:j]
}

// formatOf returns the format of cell on the worksheet part sheet of a package's parts.
func formatOf(t *testing.T, parts map[string]string, sheet, cell string) cellFormat {
	t.Helper()
	m := regexp.MustCompile(`<c r="` + cell + `"[^>]*? s="(\d+)"`).FindStringSubmatch(parts[sheet])
	if m == nil {
		t.Fatalf("%s has no styled %s", sheet, cell)
	}
	styles := parts["xl/styles.xml"]
	xfs := xfElem.FindAllString(section(styles, "cellXfs"), -1)
	n, _ := strconv.Atoi(m[1])
	if n >= len(xfs) {
		t.Fatalf("%s: style %d of %d", cell, n, len(xfs))
	}
	attr := func(name string) int {
		a := regexp.MustCompile(` ` + name + `="(\d+)"`).FindStringSubmatch(xfs[n])
		if a == nil {
			return 0
		}
		i, _ := strconv.Atoi(a[1])
		return i
	}
	pick := func(all []string, i int) string {
		if i < len(all) {
			return all[i]
		}
		return "missing"
	}
	return cellFormat{
		font:   pick(fontElem.FindAllString(section(styles, "fonts"), -1), attr("fontId")),
		border: pick(borderElem.FindAllString(section(styles, "borders"), -1), attr("borderId")),
		fill:   pick(fillElem.FindAllString(section(styles, "fills"), -1), attr("fillId")),
		numFmt: strconv.Itoa(attr("numFmtId")),
	}
}

// TestAnnotateKeepsCellFormat: a flagged cell keeps its font, border and number format exactly
// as the unit's file wrote them; only its fill changes. Rebuilding the format from excelize's
// decoded view wrote a border colour that was absent as rgb="FF" and a font colour 00000000 as
// FF00000000, which openpyxl refuses.
func TestAnnotateKeepsCellFormat(t *testing.T) {
	dir := t.TempDir()
	plain, src := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "colours.xlsx")
	writeSourceWorkbook(t, plain)
	borderColour := regexp.MustCompile(`<color rgb="FF000000"\s*/>|<color rgb="FF000000"></color>`)
	ziptest.Rewrite(t, plain, src, func(name string, body []byte) []byte {
		if name != "xl/styles.xml" {
			return body
		}
		s := string(body)
		borders := section(s, "borders")
		s = strings.Replace(s, borders, borderColour.ReplaceAllString(borders, ""), 1)
		return []byte(strings.Replace(s, `rgb="FF1F4E78"`, `rgb="00000000"`, 1))
	})
	in := packageParts(t, mustRead(t, src))
	_, out := readAndAnnotate(t, src)
	const sheet = "xl/worksheets/sheet1.xml"
	before, after := formatOf(t, in, sheet, "H6"), formatOf(t, out, sheet, "H6")
	if !strings.Contains(before.font, `rgb="00000000"`) || strings.Contains(before.border, "<color") {
		t.Fatalf("the source is not as the case needs: font %s, border %s", before.font, before.border)
	}
	if after.font != before.font || after.border != before.border || after.numFmt != before.numFmt {
		t.Errorf("H6 changed beyond its fill:\nbefore %+v\nafter  %+v", before, after)
	}
	if !strings.Contains(after.fill, "FF"+outErrorFill) {
		t.Errorf("H6 fill %s, want the error colour %s", after.fill, outErrorFill)
	}
}
