package batch

import (
	"slices"

	"golang.org/x/text/unicode/norm"
)

// keepOnly keeps the entries whose relative path is in only ('/' separators); all of them when
// only is empty. Listing the folder and then keeping the named files, rather than listing the
// named files, gives a single workbook exactly the classification (B05, links) a folder gives it.
func keepOnly(entries []entry, only []string) []entry {
	if len(only) == 0 {
		return entries
	}
	want := make([]string, len(only))
	for i, o := range only {
		want[i] = norm.NFC.String(o)
	}
	return slices.DeleteFunc(entries, func(e entry) bool { return !slices.Contains(want, e.rel) })
}
