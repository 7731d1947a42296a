package batch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeName(t *testing.T) {
	long := strings.Repeat("a", 150)
	longCJK := strings.Repeat("临", 120)
	tests := []struct {
		name, in, want string
	}{
		{"plain", "临江市卫生健康委员会", "临江市卫生健康委员会"},
		{"backslash", `a\b`, "a_b"},
		{"slash", "a/b", "a_b"},
		{"colon", "附件3:表", "附件3_表"},
		{"star", "a*b", "a_b"},
		{"question", "a?b", "a_b"},
		{"quote", `a"b`, "a_b"},
		{"less", "a<b", "a_b"},
		{"greater", "a>b", "a_b"},
		{"pipe", "a|b", "a_b"},
		{"every forbidden", `\/:*?"<>|`, "_________"},
		{"full-width colon kept", "附件3：表", "附件3：表"},
		{"newline dropped", "临江市\n中医院", "临江市中医院"},
		{"tab and NUL dropped", "a\tb\x00c", "abc"},
		{"DEL dropped", "a\x7fb", "ab"},
		{"trailing dot", "单位.", "单位"},
		{"trailing dots and spaces", "单位 . . ", "单位"},
		{"leading spaces", "  单位", "单位"},
		{"ideographic space trailing", "单位\u3000", "单位"},
		{"only dots", "...", "备用"},
		{"empty", "", "备用"},
		{"only forbidden-free control", "\r\n", "备用"},
		{"reserved device name", "CON", "_CON"},
		{"reserved with extension", "nul.txt", "_nul.txt"},
		{"not reserved", "CONSOLE", "CONSOLE"},
		{"long ascii cut to 100", long, strings.Repeat("a", 100)},
		{"long CJK cut to the byte limit", longCJK, strings.Repeat("临", maxNameBytes/3)},
		{"cut then trailing space trimmed", strings.Repeat("a", 99) + " b", strings.Repeat("a", 99)},
		{"decomposed becomes composed", "e\u0301", "\u00e9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SanitizeName(tt.in, "备用")
			if got != tt.want {
				t.Errorf("SanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxNameRunes {
				t.Errorf("%d characters, more than %d", n, maxNameRunes)
			}
			if len(got) > maxNameBytes {
				t.Errorf("%d bytes, more than %d", len(got), maxNameBytes)
			}
			if strings.ContainsAny(got, `\/:*?"<>|`) {
				t.Errorf("forbidden character left in %q", got)
			}
		})
	}
}

func TestCopyName(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"xlsx", "2022年度项目绩效自评表.xlsx", 1, "2022年度项目绩效自评表（审核）.xlsx"},
		{"upper-case extension", "报表.XLSX", 1, "报表（审核）.xlsx"},
		{"xlsm becomes xlsx", "报表.xlsm", 1, "报表（审核）.xlsx"},
		{"only the last extension goes", "报表.v2.xlsx", 1, "报表.v2（审核）.xlsx"},
		{"second", "报表.xlsx", 2, "报表（审核）(2).xlsx"},
		{"forbidden in stem", "附件3:表.xlsx", 1, "附件3_表（审核）.xlsx"},
		{"stem ending in dot", "报表..xlsx", 1, "报表（审核）.xlsx"},
		{"empty stem", ".xlsx", 1, "未命名（审核）.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := copyName(tt.in, tt.n); got != tt.want {
				t.Errorf("copyName(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
	t.Run("long names stay within the limits with the suffix", func(t *testing.T) {
		for _, stem := range []string{strings.Repeat("x", 300), strings.Repeat("表", 300)} {
			for _, n := range []int{1, 2, 12} {
				got := copyName(stem+".xlsx", n)
				if c := utf8.RuneCountInString(got); c > maxNameRunes {
					t.Errorf("copyName(…, %d) has %d characters", n, c)
				}
				if len(got) > maxNameBytes {
					t.Errorf("copyName(…, %d) has %d bytes", n, len(got))
				}
				if !strings.HasSuffix(got, ".xlsx") || !strings.Contains(got, reviewSuffix) {
					t.Errorf("copyName(…, %d) = %q lost its suffix", n, got)
				}
			}
		}
	})
}

func TestNamerCollisions(t *testing.T) {
	type in struct{ rel, unit string }
	tests := []struct {
		name string
		ins  []in
		want []string
	}{
		{
			"distinct names",
			[]in{{"a/报表.xlsx", "甲单位"}, {"b/报表.xlsx", "乙单位"}},
			[]string{"审核结果/甲单位/报表（审核）.xlsx", "审核结果/乙单位/报表（审核）.xlsx"},
		},
		{
			"same unit same name from two folders",
			[]in{{"a/报表.xlsx", "甲单位"}, {"b/报表.xlsx", "甲单位"}, {"c/报表.xlsx", "甲单位"}},
			[]string{"审核结果/甲单位/报表（审核）.xlsx", "审核结果/甲单位/报表（审核）(2).xlsx", "审核结果/甲单位/报表（审核）(3).xlsx"},
		},
		{
			"xlsx and xlsm of one stem",
			[]in{{"报表.xlsm", "甲单位"}, {"报表.xlsx", "甲单位"}},
			[]string{"审核结果/甲单位/报表（审核）.xlsx", "审核结果/甲单位/报表（审核）(2).xlsx"},
		},
		{
			"names equal but for case collide on Windows",
			[]in{{"a/Report.xlsx", "unit"}, {"b/REPORT.xlsx", "UNIT"}},
			[]string{"审核结果/unit/Report（审核）.xlsx", "审核结果/UNIT/REPORT（审核）(2).xlsx"},
		},
		{
			"units that sanitise alike",
			[]in{{"a/表.xlsx", "甲/乙"}, {"b/表.xlsx", "甲:乙"}},
			[]string{"审核结果/甲_乙/表（审核）.xlsx", "审核结果/甲_乙/表（审核）(2).xlsx"},
		},
		{
			"no unit",
			[]in{{"表.xlsx", ""}, {"x/表.xlsx", "  "}},
			[]string{"审核结果/未识别单位/表（审核）.xlsx", "审核结果/未识别单位/表（审核）(2).xlsx"},
		},
		{
			"a real name taken by an earlier suffixed one",
			[]in{{"a/表.xlsx", "甲"}, {"b/表.xlsx", "甲"}, {"表（审核）(2).xlsx", "甲"}},
			[]string{"审核结果/甲/表（审核）.xlsx", "审核结果/甲/表（审核）(2).xlsx", "审核结果/甲/表（审核）(2)（审核）.xlsx"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := 0; round < 2; round++ { // the same inputs give the same names every time
				nm := newNamer()
				for i, x := range tt.ins {
					if got := nm.next(x.rel, x.unit); got != tt.want[i] {
						t.Errorf("round %d: next(%q, %q) = %q, want %q", round, x.rel, x.unit, got, tt.want[i])
					}
				}
			}
		})
	}
}

// A copy the unit sent back keeps our name: annotating it again adds no second （审核）.
func TestCopyNameOfCopy(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"报表（审核）.xlsx", 1, "报表（审核）.xlsx"},
		{"报表(审核).xlsx", 1, "报表（审核）.xlsx"},
		{"报表 （审核）.xlsx", 1, "报表（审核）.xlsx"},
		{"报表（审核）（审核）.xlsx", 1, "报表（审核）.xlsx"},
		{"报表（审核）.xlsx", 2, "报表（审核）(2).xlsx"},
		{"报表（审核）(2).xlsx", 1, "报表（审核）(2)（审核）.xlsx"}, // an earlier collision number is the unit's stem
		{"（审核）.xlsx", 1, "未命名（审核）.xlsx"},
		{"审核.xlsx", 1, "审核（审核）.xlsx"},
	}
	for _, tt := range tests {
		if got := copyName(tt.in, tt.n); got != tt.want {
			t.Errorf("copyName(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	// Collisions are handled as for any name: the original and its returned copy of one unit.
	nm := newNamer()
	for _, x := range []struct{ rel, want string }{
		{"a/报表.xlsx", "审核结果/甲/报表（审核）.xlsx"},
		{"b/报表（审核）.xlsx", "审核结果/甲/报表（审核）(2).xlsx"},
	} {
		if got := nm.next(x.rel, "甲"); got != x.want {
			t.Errorf("next(%q) = %q, want %q", x.rel, got, x.want)
		}
	}
}

// next reserves the copy of rel and returns its path, as pass 2 does.
func (nm *namer) next(rel, unit string) string {
	_, p := nm.reserve(rel, unit)
	return p
}

// TestDerivedOutputIsReserved checks that the path a file's copy is given from its collision
// number, once the namer has let its collision keys go, is the one reserve returned, for names
// that collide under case folding or NFC, that the path budget cuts, that Windows reserves, or
// that end in （审核）; and that a file without a copy has none.
func TestDerivedOutputIsReserved(t *testing.T) {
	long := strings.Repeat("很长的文件名", 15)
	type in struct{ rel, unit string }
	ins := []in{
		{"a/Report.xlsx", "unit"}, {"b/REPORT.xlsx", "unit"}, {"c/report.XLSX", "unit"},
		{"a/Caf\u00e9.xlsx", "甲"}, {"b/Cafe\u0301.xlsx", "甲"}, {"c/CAFE\u0301.xlsm", "甲"},
		{"a/" + long + "一.xlsx", "某某市某某局下属单位某某市某某局下属单位"},
		{"b/" + long + "二.xlsx", "某某市某某局下属单位某某市某某局下属单位"},
		{"c/" + long + "一.xlsx", "某某市某某局下属单位某某市某某局下属单位"},
		{"a/CON.xlsx", "乙"}, {"b/con.xlsx", "乙"}, {"c/aux .xlsx", "乙"}, {"d/_CON.xlsx", "乙"},
		{"a/表（审核）.xlsx", "丙"}, {"b/表.xlsx", "丙"}, {"c/表(审核).xlsx", "丙"}, {"d/表（审核）(2).xlsx", "丙"},
		{"a/表.xlsx", "  丙 "}, {"a/x.xlsx", ""}, {"b/X.xlsx", "  "}, {"a/x.xlsx", "Caf\u00e9/单位"}, {"b/x.xlsx", "Cafe\u0301:单位"},
	}
	for _, nm := range []*namer{newNamer(), newNamerWithin("/" + strings.Repeat("深", 150)), newFlatNamer()} {
		states := make([]*fileState, len(ins))
		want := make([]string, len(ins))
		collided := 0
		for i, x := range ins {
			unit := strings.TrimSpace(x.unit)
			n, p := nm.reserve(x.rel, unit)
			if n > 1 {
				collided++
			}
			states[i] = &fileState{entry: entry{rel: x.rel}, unit: x.unit, copyN: uint32(n), fileRare: noRare}
			want[i] = p
		}
		if collided < 8 {
			t.Errorf("budget %d, flat %v: only %d collisions: the table tests too little", nm.budget, nm.flat, collided)
		}
		nm.settled()
		for i, s := range states {
			if got := nm.output(s); got != want[i] {
				t.Errorf("budget %d, flat %v: output(%q, %q) = %q, reserve gave %q", nm.budget, nm.flat, s.rel, s.unit, got, want[i])
			}
		}
		states[0].copyFailed("磁盘空间不足")
		if got := nm.output(states[0]); got != "" {
			t.Errorf("a copy that failed has output %q", got)
		}
	}
}
