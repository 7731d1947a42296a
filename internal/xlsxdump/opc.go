package xlsxdump

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// pkg is the zip package of a workbook, read part by part.
type pkg struct {
	files map[string]*zip.File
	names []string // the parts, sorted, so the listing does not depend on the writer's order
}

func openPkg(r io.ReaderAt, size int64) (*pkg, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	p := &pkg{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		p.files[f.Name] = f
		p.names = append(p.names, f.Name)
	}
	sort.Strings(p.names)
	return p, nil
}

var errMissing = errors.New("part missing")

func (p *pkg) read(name string) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, errMissing)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// decode unmarshals the part into v, naming the part in an error.
func (p *pkg) decode(name string, v any) error {
	b, err := p.read(name)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// rel is one relationship, with its target resolved to a part name unless it is external.
type rel struct {
	ID       string `xml:"Id,attr"`
	Type     string `xml:"Type,attr"`
	Target   string `xml:"Target,attr"`
	Mode     string `xml:"TargetMode,attr"`
	Resolved string `xml:"-"`
}

// kind is the last segment of the relationship type, such as "comments".
func (r rel) kind() string { return path.Base(r.Type) }

func (r rel) external() bool { return r.Mode == "External" }

// rels are the relationships of the part source ("" for the package); a part without a rels
// part has none.
func (p *pkg) rels(source string) ([]rel, error) {
	name := path.Join(path.Dir(source), "_rels", path.Base(source)+".rels")
	if source == "" {
		name = "_rels/.rels"
	}
	if p.files[name] == nil {
		return nil, nil
	}
	var doc struct {
		Rels []rel `xml:"Relationship"`
	}
	if err := p.decode(name, &doc); err != nil {
		return nil, err
	}
	for i, r := range doc.Rels {
		if !r.external() {
			doc.Rels[i].Resolved = resolve(source, r.Target)
		}
	}
	return doc.Rels, nil
}

// resolve turns a relationship target into a part name: absolute targets start at the package
// root, relative ones at the folder of their source.
func resolve(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(source), target)
}

// byKind is the first relationship of that kind, or nil.
func byKind(rels []rel, kind string) *rel {
	for i := range rels {
		if rels[i].kind() == kind {
			return &rels[i]
		}
	}
	return nil
}

func byID(rels []rel, id string) *rel {
	for i := range rels {
		if rels[i].ID == id {
			return &rels[i]
		}
	}
	return nil
}

// contentTypes maps every part to its declared content type; a wrong or missing one is what
// makes Excel offer to repair a file.
type contentTypes struct {
	Defaults []struct {
		Ext  string `xml:"Extension,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		Part string `xml:"PartName,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

func (c *contentTypes) of(part string) string {
	for _, o := range c.Overrides {
		if strings.TrimPrefix(o.Part, "/") == part {
			return o.Type
		}
	}
	ext := path.Ext(part)
	for _, d := range c.Defaults {
		if ext != "" && strings.EqualFold(d.Ext, ext[1:]) {
			return d.Type
		}
	}
	return "(no content type)"
}
