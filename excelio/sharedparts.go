package excelio

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A package part added by normalizePackage, with its content type when it needs an override.
type addedPart struct {
	name, contentType string
	body              []byte
}

// sheetRelsPart matches a worksheet's relationships part and captures the sheet's file name.
var sheetRelsPart = regexp.MustCompile(`^xl/worksheets/_rels/([^/]+)\.rels$`)

// noteRel matches a relationship to a comments or VML drawing part, capturing the target.
var noteRel = regexp.MustCompile(`(<Relationship\s[^>]*?Type="[^"]*/(?:comments|vmlDrawing)"[^>]*?Target=")([^"]+)(")|` +
	`(<Relationship\s[^>]*?Target=")([^"]+)("[^>]*?Type="[^"]*/(?:comments|vmlDrawing)")`)

// partNumber matches the number a part's name ends in, before its extension.
var partNumber = regexp.MustCompile(`^(.*?)(\d*)(\.[a-z]+)$`)

// unshareNoteParts gives every worksheet its own comments and VML drawing parts. System exports
// point several sheets at one comments part; excelize then writes our comments of the second
// sheet into a part no sheet references, and reads the unit's there as empty. Each sheet after
// the first that shares a part gets a copy of it under a new name, so every sheet shows what it
// showed before and can be annotated on its own. content returns a part's current bytes; the
// result is the rewritten relationships parts and the copies to add.
func unshareNoteParts(names []string, content func(string) []byte, contentTypes []byte) (map[string][]byte, []addedPart) {
	var used map[string]bool // the names taken, in lower case: only a copy needs them
	var rels []string
	for _, n := range names {
		if sheetRelsPart.MatchString(n) {
			rels = append(rels, n)
		}
	}
	sort.Strings(rels)
	seen := map[string]bool{}
	fixes := map[string][]byte{}
	var added []addedPart
	for _, r := range rels {
		body := content(r)
		changed := false
		out := noteRel.ReplaceAllFunc(body, func(m []byte) []byte {
			sub := noteRel.FindSubmatch(m)
			head, target, tail := sub[1], sub[2], sub[3]
			if head == nil {
				head, target, tail = sub[4], sub[5], sub[6]
			}
			abs := path.Clean(path.Join("xl/worksheets", string(target)))
			if !seen[strings.ToLower(abs)] {
				seen[strings.ToLower(abs)] = true
				return m
			}
			if used == nil {
				used = map[string]bool{}
				for _, n := range names {
					used[strings.ToLower(n)] = true
				}
			}
			copyName := freePartName(abs, used)
			used[strings.ToLower(copyName)] = true
			added = append(added, addedPart{name: copyName, contentType: overrideType(contentTypes, abs), body: content(abs)})
			changed = true
			return []byte(string(head) + relPath("xl/worksheets", copyName) + string(tail))
		})
		if changed {
			fixes[r] = out
		}
	}
	return fixes, added
}

// freePartName is name with the lowest number after its highest sibling's that no part uses.
func freePartName(name string, used map[string]bool) string {
	m := partNumber.FindStringSubmatch(name)
	if m == nil {
		m = []string{name, name, "", ""}
	}
	n, _ := strconv.Atoi(m[2])
	for n++; ; n++ {
		candidate := m[1] + strconv.Itoa(n) + m[3]
		if !used[strings.ToLower(candidate)] {
			return candidate
		}
	}
}

// relPath is target relative to the folder dir, as relationship targets are written.
func relPath(dir, target string) string {
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// overrideType is the content type [Content_Types].xml overrides for the part name, empty when
// the part takes its extension's default.
func overrideType(contentTypes []byte, name string) string {
	re := regexp.MustCompile(`<Override\s[^>]*?PartName="/` + regexp.QuoteMeta(name) + `"[^>]*?ContentType="([^"]+)"|` +
		`<Override\s[^>]*?ContentType="([^"]+)"[^>]*?PartName="/` + regexp.QuoteMeta(name) + `"`)
	m := re.FindSubmatch(contentTypes)
	if m == nil {
		return ""
	}
	return string(m[1]) + string(m[2])
}

// withOverrides adds an Override to the content types part for every added part that needs one.
func withOverrides(contentTypes []byte, added []addedPart) []byte {
	var b strings.Builder
	for _, a := range added {
		if a.contentType != "" {
			fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, a.name, a.contentType)
		}
	}
	if b.Len() == 0 {
		return contentTypes
	}
	s := string(contentTypes)
	i := strings.LastIndex(s, "</Types>")
	if i < 0 {
		return contentTypes
	}
	return []byte(s[:i] + b.String() + s[i:])
}
