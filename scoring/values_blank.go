// Blank marks: cells that say "nothing here" ("-", "/", "无", "不适用") and placeholder rows.

package scoring

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// blankMarks are the characters units write in a cell to say "nothing here".
const blankMarks = "-—－–―‐‑─/／\\＼"

// IsBlank reports whether s is empty or only blank marks such as "-", "—", "/".
func IsBlank(s string) bool {
	for _, r := range s {
		if !isSpace(r) && !strings.ContainsRune(blankMarks, r) {
			return false
		}
	}
	return true
}

// textKey folds s for matching words: NFKC, no white space, no punctuation.
func textKey(s string) string { return stripSpacePunct(norm.NFKC.String(s)) }

// isNotApplicable reports whether s marks an indicator not applicable (不适用, 不涉及).
func isNotApplicable(s string) bool {
	t := textKey(s)
	if strings.EqualFold(t, "na") {
		return true
	}
	// Short phrases only: "本年度不涉及" is a mark, a sentence that mentions 不适用 is not.
	return utf8.RuneCountInString(t) <= 12 && containsAny(t, []string{"不适用", "不涉及"})
}

// saysNone reports a cell that holds nothing: empty, a blank mark, 不适用 / 不涉及, or 无.
func saysNone(s string) bool {
	return IsBlank(s) || isNotApplicable(s) || NormalizeLabel(s) == "无"
}

// IsPlaceholderRow reports a row of the indicator table that is not an indicator (form.md): it
// carries no 分值 and no 得分, and its 三级指标 is empty, or its 三级指标 and 年度指标值 both say
// nothing (不适用, 无, /, —), as templates leave a kind of indicator the project does not have.
func IsPlaceholderRow(ind Indicator) bool {
	if !saysNone(ind.Points.Text) || !saysNone(ind.Score.Text) {
		return false
	}
	return IsBlank(ind.Name.Text) || (saysNone(ind.Name.Text) && saysNone(ind.Target.Text))
}

var (
	placeholderX     = regexp.MustCompile(`(^|[^A-Za-z])([Xx×]{2,})($|[^A-Za-z])`)
	placeholderIndex = regexp.MustCompile(`^(一级|二级|三级)?指标[0-9一二三四五六七八九十]+$`)
)

// isPlaceholder reports whether s is still the template's placeholder ("≥**平方米", "XX", "指标1").
func isPlaceholder(s string) bool {
	t := NormalizeLabel(s)
	switch {
	case strings.Contains(t, "**"), strings.Contains(t, "..."), strings.Contains(t, "……"):
		return true
	case strings.ContainsAny(t, "Xx×") && placeholderX.MatchString(t),
		strings.Contains(t, "指标") && placeholderIndex.MatchString(t):
		return true
	}
	return false
}

// saysNothing reports whether a 偏差原因 explains nothing: blank, 无, 暂无, 没有, 0, "/".
func saysNothing(s string) bool {
	if d, ok := ParseNumber(s); ok && d.IsZero() {
		return true
	}
	return slices.Contains([]string{"", "无", "暂无", "没有", "0", "略"}, textKey(s))
}
