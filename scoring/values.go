package scoring

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"
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
	// A year such as "2,021年" must not become a quantity that reads back as a date.
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

// Deadline is a date target or actual; Year is 0 when the text gave none.
type Deadline struct {
	Year, Month, Day int
}

// String writes the date in Chinese, leaving out a missing year.
func (d Deadline) String() string {
	if d.Year == 0 {
		return fmt.Sprintf("%d月%d日", d.Month, d.Day)
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Compare returns -1, 0 or 1 as d is before, on or after e; years count only when both have one.
func (d Deadline) Compare(e Deadline) int {
	a := [3]int{d.Year, d.Month, d.Day}
	b := [3]int{e.Year, e.Month, e.Day}
	if d.Year == 0 || e.Year == 0 {
		a[0], b[0] = 0, 0
	}
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}

// daysIn counts the days of a month; an unknown year counts as a leap year so 2月底 is lenient.
func daysIn(year, month int) int {
	if year == 0 {
		year = 2000
	}
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// monthMarkers make "12月…" a date rather than a duration of 12 months.
var monthMarkers = []string{"前", "之前", "以前", "份", "完成", "底", "末", "上旬", "中旬", "下旬"}

// The longest text allowed before and after a date; a year alone ("2021年底前完成") allows less
// after it, since "2021年度任务全部完成" is a statement about the year rather than a date.
const (
	maxDateLead = 8
	maxDateTail = 12
	maxYearTail = 6
)

// ParseDeadline reads a date written as a target or an actual: "12月底前完成", "2021年12月31日前",
// "2021年11月20日完成", "2022年12月底", "2021-12-31". A date without a day means the end of its
// month, and a year alone the end of that year.
func ParseDeadline(s string) (Deadline, bool) {
	t := strings.Map(dropSpace, foldWidth(s))
	i := strings.IndexFunc(t, isDigit)
	if i < 0 {
		return yearEndWord(t)
	}
	// A date stands in a short phrase ("于…完成验收"); a sentence that mentions a year is not one.
	if utf8.RuneCountInString(t[:i]) > maxDateLead {
		return Deadline{}, false
	}
	first, rest := digitRun(t[i:])
	d, rest, maxTail, ok := readDate(first, rest)
	if !ok || strings.IndexFunc(rest, isDigit) >= 0 || len(first) > 4 || utf8.RuneCountInString(rest) > maxTail {
		return Deadline{}, false
	}
	return finishDate(d)
}

// yearEndWord reads a date written without a number: "年底前完成" is the end of the year.
func yearEndWord(t string) (Deadline, bool) {
	// Long text that merely mentions 年底 is not a date.
	if utf8.RuneCountInString(t) <= 10 {
		for _, w := range []string{"年底", "年末", "年内"} {
			if strings.Contains(t, w) {
				return Deadline{Month: 12, Day: 31}, true
			}
		}
	}
	return Deadline{}, false
}

// readDate reads the date that starts with the digit run first, returning the text after it and
// how long that text may be for the whole to still be a date.
func readDate(first, rest string) (d Deadline, tail string, maxTail int, ok bool) {
	switch {
	case len(first) == 4 && rest != "" && strings.ContainsRune("-/.", rune(rest[0])):
		d, tail, ok = readSeparatedDate(first, rest)
		return d, tail, maxDateTail, ok
	case strings.HasPrefix(rest, "年"):
		return readYearDate(first, rest[len("年"):])
	case strings.HasPrefix(rest, "月"):
		d, tail, ok = readMonthDate(first, rest[len("月"):])
		return d, tail, maxDateTail, ok
	}
	return Deadline{}, "", 0, false
}

// readSeparatedDate reads the month and optional day after a four-digit year and a separator:
// "2021-12-31", "2021/12", "2021.12.31".
func readSeparatedDate(year, rest string) (Deadline, string, bool) {
	sep := rest[:1]
	d := Deadline{Year: atoi(year)}
	m, rest := digitRun(rest[1:])
	if m == "" || len(m) > 2 {
		return Deadline{}, "", false
	}
	d.Month = atoi(m)
	if strings.HasPrefix(rest, sep) {
		day, r := digitRun(rest[1:])
		if day == "" || len(day) > 2 {
			return Deadline{}, "", false
		}
		d.Day, rest = atoi(day), r
	} else if sep == "." {
		// "2021.12" is as likely a number as a month.
		return Deadline{}, "", false
	}
	return d, rest, true
}

// readYearDate reads what follows "YYYY年": a month and day, or else the year's end (上半年: its
// middle), which allows a shorter tail.
func readYearDate(year, rest string) (Deadline, string, int, bool) {
	if len(year) != 4 {
		return Deadline{}, "", 0, false
	}
	d := Deadline{Year: atoi(year)}
	if rest == "" || !isDigit(firstRune(rest)) {
		d.Month, d.Day = 12, 31
		if after, ok := strings.CutPrefix(rest, "上半年"); ok {
			d.Month, d.Day, rest = 6, 30, after
		}
		return d, rest, maxYearTail, true
	}
	m, r := digitRun(rest)
	if !strings.HasPrefix(r, "月") {
		return Deadline{}, "", 0, false
	}
	d.Month = atoi(m)
	rest = readDay(&d, r[len("月"):])
	return d, rest, maxDateTail, true
}

// readMonthDate reads what follows "M月" written without a year; only a day or a month marker
// makes it a date, since "12月" alone is as likely a duration.
func readMonthDate(month, rest string) (Deadline, string, bool) {
	d := Deadline{Month: atoi(month)}
	marked := false
	for _, w := range monthMarkers {
		if strings.HasPrefix(rest, w) {
			marked = true
		}
	}
	if !marked && !isDigit(firstRune(rest)) {
		return Deadline{}, "", false
	}
	rest = readDay(&d, rest)
	return d, rest, true
}

// finishDate gives a date without a day its month's last day and rejects a year, month or day
// out of range.
func finishDate(d Deadline) (Deadline, bool) {
	if d.Year != 0 && (d.Year < 1900 || d.Year > 2199) {
		return Deadline{}, false
	}
	if d.Month < 1 || d.Month > 12 {
		return Deadline{}, false
	}
	if d.Day == 0 {
		d.Day = daysIn(d.Year, d.Month)
	}
	if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
		return Deadline{}, false
	}
	return d, true
}

// readDay reads the day part after "M月": "31日", "20号", "底", "上旬"; Day 0 means the month's end.
func readDay(d *Deadline, rest string) string {
	if isDigit(firstRune(rest)) {
		day, r := digitRun(rest)
		for _, w := range []string{"日", "号"} {
			if after, ok := strings.CutPrefix(r, w); ok && len(day) <= 2 {
				d.Day = atoi(day)
				return after
			}
		}
		d.Month = 0 // a number after 月 that is not a day: not a date
		return rest
	}
	for _, w := range []struct {
		word string
		day  int
	}{{"上旬", 10}, {"中旬", 20}, {"下旬", 0}, {"底", 0}, {"末", 0}} {
		if after, ok := strings.CutPrefix(rest, w.word); ok {
			d.Day = w.day
			return after
		}
	}
	return rest
}

// ParseNumber reads a plain number as units type it: "1,100.5", "１１０", " 98.69 ", "-3", "1E-05".
func ParseNumber(s string) (decimal.Decimal, bool) {
	t := strings.TrimFunc(foldWidth(s), isSpace)
	numText, rest, ok := scanNumber(t)
	if !ok {
		return decimal.Zero, false
	}
	if rest != "" && (rest[0] == 'e' || rest[0] == 'E') {
		// Excel prints very large and very small numeric cells in scientific notation.
		exp := rest[1:]
		sign := ""
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			sign, exp = exp[:1], exp[1:]
		}
		digits, r := digitRun(exp)
		if digits == "" || len(digits) > 2 || r != "" {
			return decimal.Zero, false
		}
		numText += "e" + sign + digits
		rest = ""
	}
	if rest != "" {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(numText)
	if err != nil {
		return decimal.Zero, false
	}
	return d, true
}

// scanNumber reads a leading number with an optional sign and thousands separators; the text
// returned has no separators.
func scanNumber(t string) (num, rest string, ok bool) {
	var b strings.Builder
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		if t[i] == '-' {
			b.WriteByte('-')
		}
		i++
	}
	run, r := digitRun(t[i:])
	if run == "" {
		return "", t, false
	}
	b.WriteString(run)
	i = len(t) - len(r)
	for len(run) <= 3 && i+4 <= len(t) && t[i] == ',' {
		g, after := digitRun(t[i+1:])
		if len(g) != 3 {
			break
		}
		b.WriteString(g)
		i = len(t) - len(after)
	}
	if i+1 < len(t) && t[i] == '.' && isDigit(rune(t[i+1])) {
		frac, after := digitRun(t[i+1:])
		b.WriteByte('.')
		b.WriteString(frac)
		i = len(t) - len(after)
	}
	return b.String(), t[i:], true
}

// digitRun splits the leading ASCII digits off t.
func digitRun(t string) (string, string) {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return t[:i], t[i:]
}

// atoi reads a short run of digits already known to be digits; callers bound the length.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return n
		}
	}
	return n
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isSpace also catches the zero-width characters Word leaves in copied text.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
}

func dropSpace(r rune) rune {
	if isSpace(r) {
		return -1
	}
	return r
}

// foldWidth turns full-width ASCII into half-width without NFKC's other rewrites, so that
// "m²" stays one unit instead of becoming "m2", a second number.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		case r == '\u2212' || r == '\uFE63':
			return '-'
		case r == '\uFE6A':
			return '%'
		case r == '\uFFE5':
			return '¥'
		}
		return r
	}, s)
}

// compactNumberText folds widths and drops spaces; a space between two digits means two numbers.
func compactNumberText(s string) (string, bool) {
	t := foldWidth(s)
	var b strings.Builder
	prev := rune(0)
	pendingSpace := false
	for _, r := range t {
		if isSpace(r) {
			pendingSpace = true
			continue
		}
		if pendingSpace && isDigit(prev) && isDigit(r) {
			return "", false
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
	}
	return b.String(), true
}

// Amount is one money cell of the funds block, in 万元.
type Amount struct {
	Value  decimal.Decimal
	Filled bool
}

// ErrNotNumber marks text written where a number belongs.
var ErrNotNumber = errors.New("不是数字")

// ParseAmount reads a funds cell into 万元; blank marks are not filled, other text is ErrNotNumber.
// yuanBlock says the block's label puts bare numbers in 元.
func ParseAmount(s string, yuanBlock bool) (Amount, error) {
	if IsBlank(s) {
		return Amount{}, nil
	}
	t, ok := compactNumberText(s)
	if !ok {
		return Amount{}, fmt.Errorf("“%s”%w", strings.TrimSpace(s), ErrNotNumber)
	}
	t = strings.TrimPrefix(t, "¥")
	var shift int32
	switch {
	case strings.HasSuffix(t, "万元"):
		t = strings.TrimSuffix(t, "万元")
	case strings.HasSuffix(t, "亿元"):
		t, shift = strings.TrimSuffix(t, "亿元"), 4
	case strings.HasSuffix(t, "元"):
		t, shift = strings.TrimSuffix(t, "元"), -4
	case strings.HasSuffix(t, "万"):
		t = strings.TrimSuffix(t, "万")
	case strings.HasSuffix(t, "亿"):
		t, shift = strings.TrimSuffix(t, "亿"), 4
	case yuanBlock:
		shift = -4
	}
	d, ok := ParseNumber(t)
	if !ok {
		return Amount{}, fmt.Errorf("“%s”%w", strings.TrimSpace(s), ErrNotNumber)
	}
	return Amount{Value: d.Shift(shift), Filled: true}, nil
}

// Rate is an execution rate as written.
type Rate struct {
	Value decimal.Decimal // the rate as a fraction: 0.8972
	// Places is how many decimal places of the fraction were written ("89.72%" → 4), at most
	// maxRatePlaces, so a written rate is compared at the precision it was written with.
	Places int
}

// maxRatePlaces bounds Places for numeric cells printed with 15 significant digits.
const maxRatePlaces = 6

// ParseRate reads an execution rate: "89.72%", "0.8972", or a bare number above 1 taken as a
// percentage ("108.67"). percentFormat says the cell is formatted as a percentage, so its number
// is always the fraction itself, even above 1 (an execution above budget).
func ParseRate(s string, percentFormat bool) (Rate, bool) {
	if IsBlank(s) {
		return Rate{}, false
	}
	t, ok := compactNumberText(s)
	if !ok {
		return Rate{}, false
	}
	percent := false
	if p, ok := strings.CutSuffix(t, "%"); ok {
		t, percent = p, true
	}
	d, ok := ParseNumber(t)
	if !ok {
		return Rate{}, false
	}
	if !percent && !percentFormat && d.Abs().GreaterThan(decimal.NewFromInt(1)) {
		percent = true
	}
	places := 0
	if e := d.Exponent(); e < 0 {
		places = int(-e)
	}
	if percent {
		d = d.Shift(-2)
		places += 2
	}
	if places > maxRatePlaces {
		places = maxRatePlaces
	}
	return Rate{Value: d, Places: places}, true
}

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

// BandOf classifies an actual into a band in the order of values.md: a negation first, then a
// 部分达成 word, then a 达成 word; an actual matching none is BandUnknown.
func BandOf(s string) Band {
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
	if negated || containsAny(a, missedWords) || equalsAny(a, missedWhole) {
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

func equalsAny(s string, ws []string) bool {
	for _, w := range ws {
		if s == w {
			return true
		}
	}
	return false
}

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

// IsNotApplicable reports whether s marks an indicator not applicable (不适用, 不涉及).
func IsNotApplicable(s string) bool {
	t := textKey(s)
	if strings.EqualFold(t, "na") {
		return true
	}
	// Short phrases only: "本年度不涉及" is a mark, a sentence that mentions 不适用 is not.
	return utf8.RuneCountInString(t) <= 12 && containsAny(t, []string{"不适用", "不涉及"})
}

// saysNone reports a cell that holds nothing: empty, a blank mark, 不适用 / 不涉及, or 无.
func saysNone(s string) bool {
	return IsBlank(s) || IsNotApplicable(s) || NormalizeLabel(s) == "无"
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

// IsPlaceholder reports whether s is still the template's placeholder ("≥**平方米", "XX", "指标1").
func IsPlaceholder(s string) bool {
	t := NormalizeLabel(s)
	switch {
	case strings.Contains(t, "**"), strings.Contains(t, "..."), strings.Contains(t, "……"):
		return true
	case placeholderX.MatchString(t), placeholderIndex.MatchString(t):
		return true
	}
	return false
}

// SaysNothing reports whether a 偏差原因 explains nothing: blank, 无, 暂无, 没有, 0, "/".
func SaysNothing(s string) bool {
	if d, ok := ParseNumber(s); ok && d.IsZero() {
		return true
	}
	return equalsAny(textKey(s), []string{"", "无", "暂无", "没有", "0", "略"})
}
