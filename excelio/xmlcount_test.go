package excelio

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestTagCounter counts start tags by local name, whatever the prefix, however the bytes are
// split between writes.
func TestTagCounter(t *testing.T) {
	long := strings.Repeat("p", 100)
	for _, tc := range []struct {
		name, xml string
		want      []string
	}{
		{"plain", `<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
			[]string{"worksheet", "sheetData", "row", "c", "v"}},
		{"prefixed", `<x:row><x:c/><x:c t="s"></x:c></x:row>`, []string{"row", "c", "c"}},
		{"a prefix longer than the name kept", "<" + long + ":row>", []string{"row"}},
		{"end tags, comments and instructions", `<!DOCTYPE x><?pi x?><!-- c --></row>`, nil},
		{"whitespace and attributes", "<row\n r=\"1\" a=\"x>y\"><c\tr=\"A1\"/>", []string{"row", "c"}},
		{"a comment holding a tag counts it", `<!-- <row> -->`, []string{"row"}},
	} {
		for _, step := range []int{1, 2, 3, 7, len(tc.xml)} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, step), func(t *testing.T) {
				var got []string
				c := &tagCounter{onTag: func(local []byte) error { got = append(got, string(local)); return nil }}
				for i := 0; i < len(tc.xml); i += step {
					if _, err := c.Write([]byte(tc.xml[i:min(i+step, len(tc.xml))])); err != nil {
						t.Fatal(err)
					}
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("tags %q, want %q", got, tc.want)
				}
			})
		}
	}
}

// TestTagCounterStops: once the callback refuses, the writer fails and counts nothing more.
func TestTagCounterStops(t *testing.T) {
	n := 0
	stop := fmt.Errorf("too many")
	c := &tagCounter{onTag: func([]byte) error {
		if n++; n > 2 {
			return stop
		}
		return nil
	}}
	if _, err := c.Write([]byte("<a/><b/><c/><d/>")); err != stop {
		t.Errorf("Write = %v, want the callback's error", err)
	}
	if _, err := c.Write([]byte("<e/>")); err != stop || n != 3 {
		t.Errorf("after a refusal: %v, %d calls", err, n)
	}
}
