// Deadlines: date targets and actuals ("2021年12月31日前", "12月底前").

package scoring

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

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
