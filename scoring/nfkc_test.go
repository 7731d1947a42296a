package scoring

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfkcAlphabet is every character nfkc folds without norm, and a few it must leave to norm.
func nfkcAlphabet() []rune {
	var rs []rune
	for r := rune(0); r < utf8.RuneSelf; r++ {
		rs = append(rs, r)
	}
	for r := rune(0x3000); r <= 0x3020; r++ {
		rs = append(rs, r)
	}
	for r := rune(0xff00); r <= 0xff65; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, 0x4e00, 0x5e74, 0x9fff, 0x9fa5, 0xb7, 0xd7, 0xf7, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026,
		0x2264, 0x2265, 0x2460, 0x300, 0x338, 0x3099, 0xe9, 0xf900, 0xfffd, 0x1100, 0x1161, 0xac00)
	return rs
}

// TestNFKCMatchesNorm checks nfkc against norm on every character it folds itself, alone and in
// every pair with the others: a pair is where composition would show.
func TestNFKCMatchesNorm(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if s := string(r); nfkc(s) != norm.NFKC.String(s) {
			t.Fatalf("nfkc(%U) = %q, want %q", r, nfkc(s), norm.NFKC.String(s))
		}
	}
	alphabet := nfkcAlphabet()
	for _, a := range alphabet {
		for _, b := range alphabet {
			if s := string([]rune{a, b}); nfkc(s) != norm.NFKC.String(s) {
				t.Fatalf("nfkc(%q) = %q, want %q", s, nfkc(s), norm.NFKC.String(s))
			}
		}
	}
	for _, s := range []string{"产出指标（５０分）", "实施单位\u3000（盖章）", "e\u0301", "A\u030a", "\xff（", "①项", "ｶﾞ", "年度目标\u2026"} {
		if nfkc(s) != norm.NFKC.String(s) {
			t.Errorf("nfkc(%q) = %q, want %q", s, nfkc(s), norm.NFKC.String(s))
		}
	}
}

// FuzzNFKC checks nfkc against norm on any text.
func FuzzNFKC(f *testing.F) {
	for _, s := range []string{"项目名称：", "（A）", "Ｂ/Ａ", "m²", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if nfkc(s) != norm.NFKC.String(s) {
			t.Errorf("nfkc(%q) = %q, want %q", s, nfkc(s), norm.NFKC.String(s))
		}
	})
}
