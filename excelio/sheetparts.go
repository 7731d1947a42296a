package excelio

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// maxIndexPart bounds how much of the package's index parts (_rels/.rels, workbook.xml and its
// rels) is read to name the sheets: they are a few kilobytes; a bigger one is still counted
// against the limits by the inspection itself.
const maxIndexPart = 4 << 20

// packageIndex is what sheetParts finds of a package's structure.
type packageIndex struct {
	// sheets maps each sheet part (its partKey) to the sheet's name.
	sheets map[string]string
	// whole holds the index parts inflated to their end, checksum verified, for the inspection
	// to replay.
	whole map[*zip.File][]byte
	wb    string   // the workbook part's key
	keys  []string // the partKey of each entry, in the directory's order
}

// sheetParts maps each sheet part of the package to the sheet's name, so that a refusal can say
// which sheet is too big. It follows the package's relationships as excelize does, so a sheet
// stored under an unusual name is still known as a sheet. What cannot be resolved is left out:
// the inspection then falls back on the part's name.
func sheetParts(zr *zip.Reader) packageIndex {
	files := make(map[string]*zip.File, len(zr.File))
	keys := make([]string, len(zr.File))
	for i, zf := range zr.File {
		keys[i] = partKey(zf.Name)
		files[keys[i]] = zf
	}
	whole := make(map[*zip.File][]byte, 3)
	wb := "xl/workbook.xml"
	for _, rel := range readRels(files, whole, "_rels/.rels", "") {
		if strings.HasSuffix(rel.typ, "/officeDocument") {
			wb = rel.target
		}
	}
	dir, base := path.Split(wb)
	targets := map[string]string{}
	for _, rel := range readRels(files, whole, dir+"_rels/"+base+".rels", dir) {
		targets[rel.id] = rel.target
	}
	out := map[string]string{}
	eachElement(files[wb], whole, "sheet", func(e xml.StartElement) {
		if t, ok := targets[attr(e, "id")]; ok {
			out[t] = attr(e, "name")
		}
	})
	return packageIndex{sheets: out, whole: whole, wb: wb, keys: keys}
}

// relationship is one Relationship of a .rels part, its target resolved to a partKey.
type relationship struct{ id, typ, target string }

// readRels reads the relationships part name, resolving targets against the folder dir.
func readRels(files map[string]*zip.File, whole map[*zip.File][]byte, name, dir string) []relationship {
	var rels []relationship
	eachElement(files[partKey(name)], whole, "Relationship", func(e xml.StartElement) {
		if strings.EqualFold(attr(e, "TargetMode"), "External") {
			return
		}
		target := attr(e, "Target")
		if !strings.HasPrefix(target, "/") {
			target = dir + target
		}
		rels = append(rels, relationship{id: attr(e, "Id"), typ: attr(e, "Type"), target: partKey(target)})
	})
	return rels
}

// eachElement calls fn with every start element of that local name in the part zf, if there is
// one, reading at most maxIndexPart bytes; a damaged part simply ends the calls. A part read to
// its end without error is added to whole.
func eachElement(zf *zip.File, whole map[*zip.File][]byte, local string, fn func(xml.StartElement)) {
	if zf == nil {
		return
	}
	part, ok := whole[zf]
	if !ok {
		rc, err := zf.Open()
		if err != nil {
			return
		}
		// One byte past the bound tells a part read whole from a part cut at it.
		part, err = io.ReadAll(io.LimitReader(rc, maxIndexPart+1))
		rc.Close()
		if err == nil && len(part) <= maxIndexPart {
			whole[zf] = part
		}
		part = part[:min(len(part), maxIndexPart)]
	}
	elements, _ := readTokens(part, func(ts tokenSource) ([]xml.StartElement, error) {
		var es []xml.StartElement
		for {
			kind, err := ts.step()
			if errors.Is(err, errUnsure) {
				return nil, err
			}
			if err != nil {
				return es, nil
			}
			if kind == tokStart {
				if e := ts.start(); e.Name.Local == local {
					es = append(es, e.Copy())
				}
			}
		}
	})
	for _, e := range elements {
		fn(e)
	}
}

// attr is the value of e's attribute of that local name, whatever its namespace (r:id is "id").
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// partKey is a part's name as the package compares names: without a leading slash, with '/'
// separators, cleaned and in lower case.
func partKey(name string) string {
	if plainPartKey(name) {
		return name
	}
	name = strings.ReplaceAll(name, `\`, "/")
	return strings.ToLower(strings.TrimPrefix(path.Clean("/"+name), "/"))
}

// plainPartKey reports whether name is its own partKey, as nearly every part's name is: clean,
// relative, in lower-case ASCII. Checking costs no allocation; building the key does.
func plainPartKey(name string) bool {
	if name == "" || name[0] == '/' || name[0] == '.' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'A' && c <= 'Z' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return path.Clean(name) == name
}
