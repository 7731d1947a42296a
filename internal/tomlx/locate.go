package tomlx

import (
	"strconv"
	"strings"
)

// The TOML library keeps key positions private, so this small locator of our own finds the line
// of each key and the literal text of each value (for exact decimals).

// loc is where a key is written: its line, and for a scalar value, the value's literal text.
type loc struct {
	line int
	text string
}

type tokKind int

const (
	tEOF tokKind = iota
	tNewline
	tBare   // a bare key, number, boolean or date piece
	tString // a quoted string; text is its decoded value when single-line
	tDot
	tEq
	tComma
	tLBracket
	tRBracket
	tLBrace
	tRBrace
)

type token struct {
	kind       tokKind
	text       string
	start, end int // byte offsets in the source
	line       int
}

// locate maps every key path of a TOML document to its line (the first time the path is named)
// and, for scalar values, their literal text. It runs only on a document the TOML library has
// already accepted, so it does not check syntax, and it never fails: an unexpected token is skipped.
func locate(src string) map[string]loc {
	l := &locator{toks: tokenize(src), src: src, locs: map[string]loc{}, arrays: map[string]int{}}
	l.document()
	return l.locs
}

type locator struct {
	toks   []token
	i      int
	src    string
	locs   map[string]loc
	arrays map[string]int // array-of-tables path → elements seen so far
}

func (l *locator) peek() token {
	if l.i < len(l.toks) {
		return l.toks[l.i]
	}
	return token{kind: tEOF}
}

func (l *locator) next() token {
	t := l.peek()
	if l.i < len(l.toks) {
		l.i++
	}
	return t
}

func (l *locator) skipNewlines() {
	for l.peek().kind == tNewline {
		l.i++
	}
}

func (l *locator) record(key string, line int, text string) {
	if _, ok := l.locs[key]; !ok {
		l.locs[key] = loc{line: line, text: text}
	}
}

func (l *locator) document() {
	current := ""
	for {
		l.skipNewlines()
		t := l.peek()
		switch t.kind {
		case tEOF:
			return
		case tLBracket:
			l.next()
			double := false
			if n := l.peek(); n.kind == tLBracket && n.start == t.end {
				l.next()
				double = true
			}
			pieces := l.keyPieces()
			current = l.header(pieces, double, t.line)
			l.skipLine()
		case tBare, tString:
			l.keyValue(current)
		default:
			l.next()
		}
	}
}

// header resolves a [table] or [[array]] header to its path, naming the newest element of every
// array of tables on the way, as TOML does.
func (l *locator) header(pieces []string, double bool, line int) string {
	if len(pieces) == 0 {
		return ""
	}
	p := ""
	for _, piece := range pieces[:len(pieces)-1] {
		p = JoinKey(p, piece)
		l.record(p, line, "")
		if n, ok := l.arrays[p]; ok {
			p = IndexKey(p, n-1)
		}
	}
	p = JoinKey(p, pieces[len(pieces)-1])
	l.record(p, line, "")
	if double {
		n := l.arrays[p]
		l.arrays[p] = n + 1
		p = IndexKey(p, n)
		l.record(p, line, "")
	}
	return p
}

// keyPieces reads a possibly dotted key and the '=' or ']' that ends it.
func (l *locator) keyPieces() []string {
	var pieces []string
	for {
		t := l.peek()
		switch t.kind {
		case tBare, tString:
			pieces = append(pieces, t.text)
			l.next()
		case tDot:
			l.next()
		case tEq:
			l.next()
			return pieces
		case tRBracket:
			l.next()
			if n := l.peek(); n.kind == tRBracket && n.start == t.end {
				l.next()
			}
			return pieces
		default:
			return pieces
		}
	}
}

func (l *locator) keyValue(table string) {
	line := l.peek().line
	pieces := l.keyPieces()
	p := table
	for _, piece := range pieces {
		p = JoinKey(p, piece)
		l.record(p, line, "")
	}
	if len(pieces) == 0 {
		l.next()
		return
	}
	l.value(p)
}

// value records a value's position: an array's elements, an inline table's keys, or a scalar's text.
func (l *locator) value(key string) {
	t := l.peek()
	switch t.kind {
	case tLBracket:
		l.next()
		for i := 0; ; i++ {
			l.skipNewlines()
			e := l.peek()
			if e.kind == tRBracket || e.kind == tEOF {
				l.next()
				return
			}
			sub := IndexKey(key, i)
			l.record(sub, e.line, "")
			at := l.i
			l.value(sub)
			l.skipNewlines()
			if l.peek().kind == tComma || l.i == at {
				// The comma ends the element; a token no value starts with is skipped, so that
				// the locator always moves on.
				l.next()
			}
		}
	case tLBrace:
		l.next()
		for {
			l.skipNewlines()
			e := l.peek()
			switch e.kind {
			case tRBrace, tEOF:
				l.next()
				return
			case tComma:
				l.next()
			case tBare, tString:
				l.keyValue(key)
			default:
				l.next()
			}
		}
	default:
		first, last := t, t
		for {
			n := l.peek()
			if n.kind != tBare && n.kind != tString && n.kind != tDot {
				break
			}
			last = l.next()
		}
		if last.end > first.start && l.locs[key].text == "" {
			line := l.locs[key].line
			if line == 0 {
				line = first.line
			}
			l.locs[key] = loc{line: line, text: l.src[first.start:last.end]}
		}
	}
}

func (l *locator) skipLine() {
	for k := l.peek().kind; k != tNewline && k != tEOF; k = l.peek().kind {
		l.next()
	}
}

var punctuation = map[byte]tokKind{'.': tDot, '=': tEq, ',': tComma, '[': tLBracket, ']': tRBracket, '{': tLBrace, '}': tRBrace}

// tokenize splits TOML source into the tokens the locator needs; comments and blanks vanish.
func tokenize(src string) []token {
	var toks []token
	line := 1
	i := 0
	if strings.HasPrefix(src, "\ufeff") {
		i = len("\ufeff")
	}
	emit := func(k tokKind, text string, start, end, ln int) {
		toks = append(toks, token{kind: k, text: text, start: start, end: end, line: ln})
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n':
			emit(tNewline, "", i, i+1, line)
			line++
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			start, ln := i, line
			var end int
			if strings.HasPrefix(src[i:], strings.Repeat(string(c), 3)) {
				end = multilineEnd(src, i+3, c)
			} else {
				end = stringEnd(src, i+1, c)
			}
			raw := src[start:end]
			line += strings.Count(raw, "\n")
			emit(tString, unquoteTOML(raw), start, end, ln)
			i = end
		case strings.IndexByte(".=,[]{}", c) >= 0:
			emit(punctuation[c], string(c), i, i+1, line)
			i++
		default:
			start := i
			for i < len(src) && !strings.ContainsRune(" \t\r\n#.=,[]{}\"'", rune(src[i])) {
				i++
			}
			emit(tBare, src[start:i], start, i, line)
		}
	}
	return toks
}

// stringEnd returns the offset just past a single-line string's closing quote.
func stringEnd(src string, i int, q byte) int {
	for i < len(src) && src[i] != '\n' {
		switch {
		case q == '"' && src[i] == '\\':
			i += 2
		case src[i] == q:
			return i + 1
		default:
			i++
		}
	}
	return min(i, len(src))
}

// multilineEnd returns the offset just past a multi-line string's closing delimiter, which may be
// followed by up to two more quotes belonging to the content.
func multilineEnd(src string, i int, q byte) int {
	delim := strings.Repeat(string(q), 3)
	for i < len(src) {
		if q == '"' && src[i] == '\\' {
			i += 2
			continue
		}
		if strings.HasPrefix(src[i:], delim) {
			end := i + 3
			for k := 0; k < 2 && end < len(src) && src[end] == q; k++ {
				end++
			}
			return end
		}
		i++
	}
	return len(src)
}

// unquoteTOML decodes a single-line quoted key; only keys need decoding, and only exactly enough
// to match the keys the TOML library reports.
func unquoteTOML(raw string) string {
	if len(raw) < 2 || strings.HasPrefix(raw, `"""`) || strings.HasPrefix(raw, `'''`) {
		return raw
	}
	body := raw[1 : len(raw)-1]
	if raw[0] == '\'' || !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 >= len(body) {
			b.WriteByte(body[i])
			continue
		}
		i++
		switch body[i] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case 'e':
			b.WriteByte(0x1b)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[body[i]]
			if i+1+n <= len(body) {
				if r, err := strconv.ParseUint(body[i+1:i+1+n], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += n
					continue
				}
			}
			b.WriteByte(body[i])
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String()
}
