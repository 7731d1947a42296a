package excelio

import (
	"bufio"
	"bytes"
	"testing"
)

// TestLinkSetCap checks a sheet gets no more links than Excel keeps.
func TestLinkSetCap(t *testing.T) {
	ls := linkSet{}
	for i := range maxSheetLinks + 5 {
		ls.add("s", 1, 4+i, "t")
	}
	if ls["s"].count != maxSheetLinks || len(ls["s"].runs) != 1 || ls["s"].runs[0].n != maxSheetLinks {
		t.Errorf("%d links in %d runs, want %d in one", ls["s"].count, len(ls["s"].runs), maxSheetLinks)
	}
}

// TestLinkRuns checks that consecutive rows linking one copy share a run, that a run linking
// the copy of the run before it shares its relationship, and what the parts get.
func TestLinkRuns(t *testing.T) {
	ls := linkSet{}
	for _, l := range []struct {
		col, row int
		link     string
	}{{16, 4, "a b.xlsx"}, {16, 5, "a b.xlsx"}, {16, 7, "a b.xlsx"}, {16, 8, "c&d.xlsx"}, {5, 9, "c&d.xlsx"}, {16, 10, "a b.xlsx"}} {
		ls.add("s", l.col, l.row, l.link)
	}
	var rels, links bytes.Buffer
	w := bufio.NewWriter(&rels)
	ls["s"].writeRels(w)
	w.Flush()
	w = bufio.NewWriter(&links)
	ls["s"].writeHyperlinks(w)
	w.Flush()
	wantRels := `<Relationship Id="rIdLink1" Type="` + relHyperlink + `" Target="a%20b.xlsx" TargetMode="External"/>` +
		`<Relationship Id="rIdLink2" Type="` + relHyperlink + `" Target="c&amp;d.xlsx" TargetMode="External"/>` +
		`<Relationship Id="rIdLink3" Type="` + relHyperlink + `" Target="a%20b.xlsx" TargetMode="External"/>`
	if rels.String() != wantRels {
		t.Errorf("rels = %s\nwant   %s", rels.String(), wantRels)
	}
	wantLinks := `<hyperlinks><hyperlink ref="P4" r:id="rIdLink1" tooltip="a b.xlsx"/><hyperlink ref="P5" r:id="rIdLink1" tooltip="a b.xlsx"/>` +
		`<hyperlink ref="P7" r:id="rIdLink1" tooltip="a b.xlsx"/><hyperlink ref="P8" r:id="rIdLink2" tooltip="c&amp;d.xlsx"/>` +
		`<hyperlink ref="E9" r:id="rIdLink2" tooltip="c&amp;d.xlsx"/><hyperlink ref="P10" r:id="rIdLink3" tooltip="a b.xlsx"/></hyperlinks>`
	if links.String() != wantLinks {
		t.Errorf("hyperlinks = %s\nwant         %s", links.String(), wantLinks)
	}
	if n := len(ls["s"].runs); n != 5 {
		t.Errorf("%d runs, want 5", n)
	}
}
