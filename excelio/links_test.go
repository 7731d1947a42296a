package excelio

import "testing"

// TestLinkSetCap checks a sheet gets no more links than Excel keeps.
func TestLinkSetCap(t *testing.T) {
	ls := linkSet{}
	for range maxSheetLinks + 5 {
		ls.add("s", "A1", "t", "")
	}
	if len(ls["s"]) != maxSheetLinks {
		t.Errorf("%d links, want %d", len(ls["s"]), maxSheetLinks)
	}
}
