package batch

import (
	"strings"
	"testing"
)

// TestHeadSlab: the heads handed out are as many as asked, zero, and never share an element,
// whether they come from one block, the next one, or alone.
func TestHeadSlab(t *testing.T) {
	for _, hs := range []*headSlab{nil, {}} {
		var got [][]formHead
		for _, n := range []int{1, 2, headBlock - 2, 3, headBlock/4 + 1, 1} {
			h := hs.take(n)
			if len(h) != n || cap(h) != n {
				t.Fatalf("take(%d): len %d cap %d", n, len(h), cap(h))
			}
			for i := range h {
				if h[i] != (formHead{}) {
					t.Fatalf("take(%d)[%d] is not zero", n, i)
				}
				h[i].year = int32(len(got) + 1)
			}
			got = append(got, h)
		}
		for k, h := range got {
			for i := range h {
				if h[i].year != int32(k+1) {
					t.Errorf("heads %d were overwritten by a later take", k)
				}
			}
		}
	}
}

// TestStringArena: a clone reads as the string it copies after every later clone, across
// blocks, and long and empty strings too.
func TestStringArena(t *testing.T) {
	var a stringArena
	var want, got []string
	for i := range 3000 {
		s := strings.Repeat(string(rune('a'+i%26)), i%97)
		if i%1000 == 999 {
			s = strings.Repeat("审", stringBlock/4)
		}
		want, got = append(want, s), append(got, a.clone(s))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("clone %d reads %q, want %q", i, got[i], want[i])
		}
	}
}
