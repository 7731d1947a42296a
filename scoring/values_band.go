// Bands: the qualitative reading of an actual ("已完成", "基本达到", "未完成").

package scoring

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Band is the qualitative band of an actual (values.md).
type Band int

// The bands of rules.md §3; BandUnknown is an actual that matches none.
const (
	BandUnknown Band = iota
	BandAchieved
	BandPartial
	BandMissed
)

// String returns the Chinese name of the band, or "" for BandUnknown.
func (b Band) String() string {
	switch b {
	case BandAchieved:
		return "达成"
	case BandPartial:
		return "部分达成"
	case BandMissed:
		return "未达成"
	}
	return ""
}

// negators and the longest gap allowed between one and the word it negates ("未按计划完成").
var negators = []struct {
	word string
	gap  int
}{
	{"尚未", 3}, {"未能", 3}, {"没有", 3}, {"没能", 3}, {"不能", 3}, {"无法", 3},
	{"未", 3}, {"没", 3}, {"不", 3}, {"无", 0},
}

// notNegations start with a negator but do not negate what follows ("不断提升", "未来").
var notNegations = []string{
	"不断", "不仅", "不但", "不少", "不低", "不小", "不超", "不高", "不多", "不大", "不等",
	"不同", "不定期", "不久", "未来", "无偏差",
}

// negatable are the achieved words a negation turns into 未达成.
var negatable = []string{
	"达成", "完成", "达到", "到位", "达标", "合格", "符合", "明显", "显著", "有效", "提升",
	"改善", "按时", "及时", "满意", "好",
}

var (
	missedWords   = []string{"较差", "很差", "极差", "效果差", "质量差", "无效"}
	missedWhole   = []string{"差", "否"}
	partialWords  = []string{"部分", "一定", "有所", "较好", "一般", "差距", "基本完成但"}
	achievedWords = []string{
		"达成", "完成", "达到", "显著", "明显", "有效", "提升", "改善", "符合", "合格", "按时",
		"是", "好", "优", "到位", "达标", "满意", "及时",
	}
)

// bandOf classifies an actual into a band in the order of values.md: a negation first, then a
// 部分达成 word, then a 达成 word; an actual matching none is BandUnknown.
func bandOf(s string) Band {
	t := norm.NFKC.String(s)
	var all strings.Builder
	negated := false
	// A negation reaches only within its clause: "未发生事故，已完成" is achieved.
	for _, clause := range strings.FieldsFunc(t, isClauseBreak) {
		c := stripSpacePunct(clause)
		if !negated && hasNegation([]rune(c)) {
			negated = true
		}
		all.WriteString(c)
	}
	a := all.String()
	if negated || containsAny(a, missedWords) || slices.Contains(missedWhole, a) {
		return BandMissed
	}
	if containsAny(a, partialWords) {
		return BandPartial
	}
	if containsAny(a, achievedWords) {
		return BandAchieved
	}
	return BandUnknown
}

func isClauseBreak(r rune) bool { return strings.ContainsRune(",;。!?、", r) }

// stripSpacePunct removes white space and punctuation so "未 达成。" reads as "未达成".
func stripSpacePunct(s string) string {
	return strings.Map(func(r rune) rune {
		if isSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}

func hasNegation(rs []rune) bool {
	for i := range rs {
		if hasAnyAt(rs, i, notNegations) {
			continue
		}
		for _, n := range negators {
			if !hasAt(rs, i, n.word) {
				continue
			}
			start := i + utf8.RuneCountInString(n.word)
			for k := start; k <= start+n.gap && k < len(rs); k++ {
				if hasAnyAt(rs, k, negatable) {
					return true
				}
			}
			break
		}
	}
	return false
}

func hasAt(rs []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func hasAnyAt(rs []rune, i int, ws []string) bool {
	for _, w := range ws {
		if hasAt(rs, i, w) {
			return true
		}
	}
	return false
}

func containsAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
