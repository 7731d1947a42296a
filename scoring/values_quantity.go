// Quantities: a target or actual written as a comparator, a number and a unit ("≥95%", "不少于 3 次"),
// and the units they are written in.

package scoring

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Comparator is the direction written before a target number.
type Comparator int

// The comparators a target or an actual may carry; CmpNone means none was written.
const (
	CmpNone Comparator = iota
	CmpGE
	CmpGT
	CmpLE
	CmpLT
	CmpEQ
)

// String returns the symbol of the comparator, or "" for CmpNone.
func (c Comparator) String() string {
	switch c {
	case CmpGE:
		return "≥"
	case CmpGT:
		return ">"
	case CmpLE:
		return "≤"
	case CmpLT:
		return "<"
	case CmpEQ:
		return "="
	}
	return ""
}

// Reverse reports whether a smaller value is better under c (≤ and <).
func (c Comparator) Reverse() bool { return c == CmpLE || c == CmpLT }

// Quantity is a quantitative value: an optional comparator, a number, an optional unit.
type Quantity struct {
	Cmp  Comparator
	Num  decimal.Decimal
	Unit string
}

// String writes q back in its canonical spelling, which ParseQuantity reads to the same value.
func (q Quantity) String() string { return q.Cmp.String() + q.Num.String() + q.Unit }

// cmpWord is one spelling of a comparator around a number.
type cmpWord struct {
	word string
	cmp  Comparator
}

// byLongest orders words so that "不少于" is tried before "少于" and ">=" before ">".
func byLongest(ws []cmpWord) []cmpWord {
	sort.SliceStable(ws, func(i, j int) bool { return len(ws[i].word) > len(ws[j].word) })
	return ws
}

var prefixCmps = byLongest([]cmpWord{
	{"≥", CmpGE}, {"≧", CmpGE}, {"⩾", CmpGE}, {">=", CmpGE}, {"=>", CmpGE},
	{"不少于", CmpGE}, {"不低于", CmpGE}, {"不小于", CmpGE}, {"至少", CmpGE}, {"最少", CmpGE},
	{"最低", CmpGE}, {"大于等于", CmpGE}, {"大于或等于", CmpGE}, {"高于或等于", CmpGE},
	// values.md lists 达到 among the ≥ words; 达 is its short form, so it must not stay noise.
	{"达到", CmpGE}, {"达", CmpGE},
	{">", CmpGT}, {"大于", CmpGT}, {"超过", CmpGT}, {"高于", CmpGT}, {"多于", CmpGT},
	{"≤", CmpLE}, {"≦", CmpLE}, {"⩽", CmpLE}, {"<=", CmpLE}, {"=<", CmpLE},
	{"不超过", CmpLE}, {"未超过", CmpLE}, {"不高于", CmpLE}, {"不大于", CmpLE}, {"不多于", CmpLE},
	{"控制在", CmpLE}, {"小于等于", CmpLE}, {"小于或等于", CmpLE}, {"低于或等于", CmpLE},
	{"至多", CmpLE}, {"最多", CmpLE}, {"最高", CmpLE},
	{"<", CmpLT}, {"小于", CmpLT}, {"低于", CmpLT}, {"少于", CmpLT}, {"不足", CmpLT},
	{"=", CmpEQ}, {"==", CmpEQ}, {"等于", CmpEQ},
})

// noisePrefixes are words an actual often starts with that add nothing to the quantity.
var noisePrefixes = byLongest([]cmpWord{
	{"约", CmpNone}, {"大约", CmpNone}, {"累计", CmpNone},
	{"共计", CmpNone}, {"合计", CmpNone}, {"完成", CmpNone}, {"已完成", CmpNone}, {"实现", CmpNone},
})

// suffixCmps are read from the end of the text; CmpNone entries are only dropped.
var suffixCmps = byLongest([]cmpWord{
	{"(含)", CmpNone}, {"完成", CmpNone}, {"左右", CmpNone},
	{"及以上", CmpGE}, {"或以上", CmpGE}, {"以上", CmpGE},
	{"及以下", CmpLE}, {"或以下", CmpLE}, {"以下", CmpLE},
	{"以内", CmpLE}, {"之内", CmpLE}, {"内", CmpLE},
})

// mergeCmp joins a prefix and a suffix comparator; opposite directions make the text unreadable.
func mergeCmp(a, b Comparator) (Comparator, bool) {
	switch {
	case a == CmpNone:
		return b, true
	case b == CmpNone || a == b:
		return a, true
	case (a == CmpGE || a == CmpGT) && (b == CmpGE || b == CmpGT):
		return a, true
	case a.Reverse() && b.Reverse():
		return a, true
	}
	return CmpNone, false
}

// ParseQuantity reads a 目标值 or 实际值 written as an optional comparator, a number and an
// optional unit; ok is false for qualitative text, dates, and text holding more than one number.
func ParseQuantity(s string) (Quantity, bool) {
	t, ok := compactNumberText(s)
	if !ok || t == "" {
		return Quantity{}, false
	}
	if _, isDate := ParseDeadline(s); isDate {
		return Quantity{}, false
	}
	t = strings.TrimRight(t, "。;,")
	t, _ = cutWord(t, noisePrefixes)
	t, cmp := cutWord(t, prefixCmps)
	numText, rest, ok := scanNumber(t)
	if !ok {
		return Quantity{}, false
	}
	num, err := decimal.NewFromString(numText)
	if err != nil {
		return Quantity{}, false
	}
	if r, size := utf8.DecodeRuneInString(rest); r == '万' || r == '亿' {
		after := trimOne(rest[size:], "余", "多")
		if strings.HasPrefix(after, "元") {
			// 万元 and 亿元 are money units: the number stays as written.
			rest = string(r) + after
		} else {
			if r == '万' {
				num = num.Shift(4)
			} else {
				num = num.Shift(8)
			}
			rest = rest[size:]
		}
	}
	rest = trimOne(rest, "余", "多")
	for {
		var w Comparator
		var cut bool
		rest, w, cut = cutSuffix(rest)
		if !cut {
			break
		}
		if cmp, ok = mergeCmp(cmp, w); !ok {
			return Quantity{}, false
		}
	}
	if rest != "" && !validUnit(rest) {
		return Quantity{}, false
	}
	q := Quantity{Cmp: cmp, Num: num, Unit: NormalizeUnit(rest)}
	// A year such as "2,021年" must not become a quantity that reads back as a date. Only a unit
	// holding 年 or 月 can make one (see readDate): a unit has no digits, so no separator of a
	// number's can start a month.
	if !strings.ContainsAny(q.Unit, "年月") {
		return q, true
	}
	if _, isDate := ParseDeadline(q.String()); isDate {
		return Quantity{}, false
	}
	return q, true
}

// cutWord removes the first of ws that t starts with.
func cutWord(t string, ws []cmpWord) (string, Comparator) {
	for _, w := range ws {
		if strings.HasPrefix(t, w.word) {
			return t[len(w.word):], w.cmp
		}
	}
	return t, CmpNone
}

// cutSuffix removes one suffix word from the end of t.
func cutSuffix(t string) (string, Comparator, bool) {
	for _, w := range suffixCmps {
		if strings.HasSuffix(t, w.word) {
			return t[:len(t)-len(w.word)], w.cmp, true
		}
	}
	return t, CmpNone, false
}

// trimOne removes at most one of the given prefixes.
func trimOne(t string, words ...string) string {
	for _, w := range words {
		if strings.HasPrefix(t, w) {
			return t[len(w):]
		}
	}
	return t
}

// unitExtras are the non-letters a unit may contain (元/人, m², ℃).
const unitExtras = "/%‰²³°℃·㎡㎞㎏"

// validUnit rejects remainders that are a second number, a clause, or would read back differently.
func validUnit(u string) bool {
	if utf8.RuneCountInString(u) > 8 {
		return false
	}
	for _, r := range u {
		if !unicode.IsLetter(r) && !strings.ContainsRune(unitExtras, r) {
			return false
		}
	}
	if strings.ContainsAny(u, "%‰") && u != "%" && u != "‰" {
		return false
	}
	for _, w := range []string{"余", "多", "万", "亿"} {
		if strings.HasPrefix(u, w) {
			if _, _, money := moneyScale(u); !money {
				return false
			}
		}
	}
	for _, w := range []string{"以上", "以下", "以内", "之内", "左右"} {
		if strings.Contains(u, w) {
			return false
		}
	}
	return true
}

// NormalizeUnit folds the spellings of one unit to one: "%", "％", "百分比" → "%", "个工作日" → "工作日".
func NormalizeUnit(u string) string {
	u = strings.Map(dropSpace, foldWidth(u))
	switch u {
	case "%", "百分比", "﹪":
		return "%"
	case "个工作日":
		return "工作日"
	}
	return u
}

// unitAliases are spellings of one time unit that compare as equal.
var unitAliases = map[string]string{
	"个月":   "月",
	"天":    "日",
	"自然日":  "日",
	"个自然日": "日",
	"个小时":  "小时",
	"个星期":  "周",
	"星期":   "周",
}

// canonUnit is the form two units are compared in.
func canonUnit(u string) string {
	u = NormalizeUnit(u)
	if a, ok := unitAliases[u]; ok {
		return a
	}
	return u
}

// moneyScale reads a money unit as a power of ten of 元 and what follows it ("元/人" → 0, "/人").
func moneyScale(u string) (exp int32, per string, ok bool) {
	for _, m := range []struct {
		word string
		exp  int32
	}{{"亿元", 8}, {"万元", 4}, {"元", 0}} {
		if rest, found := strings.CutPrefix(u, m.word); found && (rest == "" || strings.HasPrefix(rest, "/")) {
			return m.exp, rest, true
		}
	}
	return 0, "", false
}

// UnitClass groups units for comparison and for the default direction.
type UnitClass int

// The unit classes of values.md and rules.md.
const (
	UnitNone UnitClass = iota
	UnitPercent
	UnitMoney
	UnitTime
	UnitCount
)

// timeUnits are the durations rules.md scores as ≤ by default; 年 is deliberately absent.
var timeUnits = map[string]bool{"日": true, "工作日": true, "月": true, "小时": true, "周": true, "分钟": true}

// ClassOf tells which class a unit belongs to: none, percent, money, time, or a count.
func ClassOf(unit string) UnitClass {
	u := canonUnit(unit)
	switch {
	case u == "":
		return UnitNone
	case u == "%":
		return UnitPercent
	case timeUnits[u]:
		return UnitTime
	}
	if _, _, ok := moneyScale(u); ok {
		return UnitMoney
	}
	return UnitCount
}

// InUnit returns q's number expressed in unit, converting money and accepting a missing unit on q.
func InUnit(q Quantity, unit string) (decimal.Decimal, bool) {
	from, to := canonUnit(q.Unit), canonUnit(unit)
	if from == "" || from == to {
		return q.Num, true
	}
	if fe, fp, ok := moneyScale(from); ok {
		if te, tp, ok := moneyScale(to); ok && fp == tp {
			return q.Num.Shift(fe - te), true
		}
	}
	return decimal.Zero, false
}
