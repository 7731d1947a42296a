package excelio

import (
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// TestPlainKeyIsItsKey: every string plainKey passes is its own labelKey by the full rule, for
// each character of the Basic Multilingual Plane alone, between ideographs, and at the ends.
func TestPlainKeyIsItsKey(t *testing.T) {
	full := func(s string) string {
		return strings.TrimRight(scoring.StripBrackets(scoring.NormalizeLabel(s)), ":：")
	}
	plain := 0
	for r := rune(1); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		c := string(r)
		for _, s := range []string{c, "项目" + c + "名称", c + "指标", "指标" + c, c + c} {
			if !plainKey(s) {
				continue
			}
			plain++
			if got := full(s); got != s {
				t.Errorf("plainKey(%q) but its key is %q", s, got)
			}
		}
	}
	if plain < 5*0x5000 {
		t.Errorf("only %d strings plain: the ideographs are not", plain)
	}
	for _, s := range []string{"项目名称", "产出指标", "年初预算数（万元）", "得分(20分)", "项目名称：", "总 分", "一级指标", "2021", "a-b"} {
		if got, want := labelKey(s), full(s); got != want {
			t.Errorf("labelKey(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestTitleMark: isTitle looks for titleMark before folding a cell, which holds only while every
// title key has it and no other character folds to it (NFKC maps none to 评).
func TestTitleMark(t *testing.T) {
	for _, k := range titleKeys {
		if !strings.ContainsRune(k, titleMark) {
			t.Errorf("title key %q lacks %q", k, titleMark)
		}
	}
	for r := rune(0x80); r < 0x110000; r++ {
		if r >= 0xd800 && r <= 0xdfff || r == titleMark {
			continue
		}
		if strings.ContainsRune(scoring.NormalizeLabel(string(r)), titleMark) {
			t.Errorf("%U folds to %q", r, scoring.NormalizeLabel(string(r)))
		}
	}
	for _, s := range []string{"2021年度项目支出绩效自评表", "项目支出绩效 自评表", "自评表（2021）", "绩效目标表"} {
		if got, want := isTitle(s), s != "绩效目标表"; got != want {
			t.Errorf("isTitle(%q) = %v", s, got)
		}
	}
}
