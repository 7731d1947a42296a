package scoring

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// quoteLimit is the most characters of a unit's text a message quotes: a message names the
// cell, so the text only has to be recognised, and a cell may hold 32,767 characters.
const quoteLimit = 60

// Shorten returns s when it has at most limit characters, else its head and tail joined by "…"
// in limit characters: the start of a text says what it is, the end often which one.
func Shorten(s string, limit int) string {
	if limit < 3 || utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	tail := (limit - 1) / 3
	head := limit - 1 - tail
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// shortenArgs shortens every text among a message's arguments, leaving numbers as they are.
// The arguments are copied only when a text is shortened, which few are.
func shortenArgs(args []any) []any {
	var out []any
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			continue
		}
		if short := Shorten(s, quoteLimit); short != s {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = short
		}
	}
	if out == nil {
		return args
	}
	return out
}

// NormName is a unit's, department's or project's name as the bureau compares names: "219-临江市
// 卫生健康委员会" and "临江市卫生健康委员会" are one unit, so code prefixes, spaces and full/half-
// width differences go; a cell holding only a blank mark ("/", "—") names nothing ("").
func NormName(s string) string {
	if IsBlank(s) {
		return ""
	}
	s = StripCodePrefix(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
