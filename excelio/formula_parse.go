package excelio

import (
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// formulaParser evaluates one formula's text as it parses it, by recursive descent in Excel's
// precedence: + - below * / below ^ below % below unary minus. Relative references move by
// (dr, dc), for a cell sharing another's formula. The nesting of parentheses, minus signs and
// calls is bounded, so that no text can overflow the stack.
type formulaParser struct {
	ev     *evaluator
	s      string
	i      int
	dr, dc int
	depth  int // the depth of the formula's cell among the references followed
	nest   int
}

// maxFormulaNesting bounds the parentheses, unary signs and function calls nested in one formula.
const maxFormulaNesting = 64

// formula evaluates the whole text to a number or an error; an empty cell or a range as the
// result declines.
func (p *formulaParser) formula() (operand, bool) {
	o, ok := p.sum()
	if !ok || p.peek() != 0 {
		return operand{}, false
	}
	if o, ok = p.ev.value(o, p.depth); !ok || o.kind == emptyOperand {
		return operand{}, false
	}
	return o, true
}

// peek skips spaces and returns the next byte, 0 at the end.
func (p *formulaParser) peek() byte {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
	if p.i == len(p.s) {
		return 0
	}
	return p.s[p.i]
}

// sum parses terms joined by + and -.
func (p *formulaParser) sum() (operand, bool) {
	return p.binary(p.product, "+-")
}

// product parses factors joined by * and /.
func (p *formulaParser) product() (operand, bool) {
	return p.binary(p.power, "*/")
}

// power parses operands joined by ^, left to right as Excel does.
func (p *formulaParser) power() (operand, bool) {
	return p.binary(p.percent, "^")
}

// binary parses operands of next joined by any of the operators ops, left to right.
func (p *formulaParser) binary(next func() (operand, bool), ops string) (operand, bool) {
	left, ok := next()
	for ok {
		op := p.peek()
		if op == 0 || !contains(ops, op) {
			return left, true
		}
		p.i++
		var right operand
		if right, ok = next(); !ok {
			break
		}
		left, ok = p.apply(op, left, right)
	}
	return operand{}, false
}

func contains(ops string, b byte) bool {
	for i := 0; i < len(ops); i++ {
		if ops[i] == b {
			return true
		}
	}
	return false
}

// apply computes left op right; an error operand, or a division by zero or by an empty cell,
// gives the error.
func (p *formulaParser) apply(op byte, left, right operand) (operand, bool) {
	a, ok1 := p.ev.value(left, p.depth)
	b, ok2 := p.ev.value(right, p.depth)
	if !ok1 || !ok2 || (a.kind == emptyOperand && b.kind == emptyOperand) {
		return operand{}, false
	}
	if a.kind == errorOperand || b.kind == errorOperand || (op == '/' && b.num.IsZero()) {
		return divByZero, true
	}
	v, ok := arithmetic(op, a.num, b.num)
	return operand{num: v}, ok
}

// percent parses a unary operand followed by any number of %.
func (p *formulaParser) percent() (operand, bool) {
	o, ok := p.unary()
	for ok && p.peek() == '%' {
		p.i++
		// excelize makes an error followed by % a 0, not the error: that declines.
		if o, ok = p.ev.filled(o, p.depth); ok && o.kind == numberOperand {
			o = operand{num: o.num.Shift(-2)}
		} else {
			ok = false
		}
	}
	return o, ok
}

// unary parses a primary preceded by any number of minus signs, which bind tighter than ^ in
// Excel: -2^2 is 4. A plus sign declines: excelize fails on it.
func (p *formulaParser) unary() (operand, bool) {
	switch p.peek() {
	case '-':
		p.i++
		if p.nest++; p.nest > maxFormulaNesting {
			return operand{}, false
		}
		o, ok := p.unary()
		p.nest--
		if !ok {
			return operand{}, false
		}
		if o, ok = p.ev.filled(o, p.depth); ok && o.kind == numberOperand {
			o = operand{num: o.num.Neg()}
		}
		return o, ok
	}
	return p.primary()
}

// primary parses a number, a reference, a parenthesised formula or a function call.
func (p *formulaParser) primary() (operand, bool) {
	b := p.peek()
	switch {
	case b == '(':
		p.i++
		if p.nest++; p.nest > maxFormulaNesting {
			return operand{}, false
		}
		o, ok := p.sum()
		p.nest--
		if !ok || p.peek() != ')' {
			return operand{}, false
		}
		p.i++
		return o, true // (A1) is still a reference, empty when A1 is
	case isDigit(b) || b == '.':
		return p.number()
	case b == '$' || isUpper(b):
		return p.name()
	}
	return operand{}, false
}

// number parses a numeric constant: digits and a fraction.
func (p *formulaParser) number() (operand, bool) {
	start := p.i
	p.digits()
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		p.digits()
	}
	if p.i < len(p.s) && isRefByte(p.s[p.i]) {
		return operand{}, false // an exponent, which excelize does not read
	}
	d, err := decimal.NewFromString(p.s[start:p.i])
	if err != nil || !saneNumber(d) || p.i-start > 40 {
		return operand{}, false
	}
	return operand{num: d}, true
}

func (p *formulaParser) digits() {
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
}

// name parses a function call or a reference (a cell, or a range of two cells).
func (p *formulaParser) name() (operand, bool) {
	start := p.i
	for p.i < len(p.s) && isRefByte(p.s[p.i]) {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '(' {
		return p.call(p.s[start:p.i])
	}
	p.i = start
	r1, c1, ok := p.cellRef()
	if !ok {
		return operand{}, false
	}
	r2, c2 := r1, c1
	if p.i < len(p.s) && p.s[p.i] == ':' {
		p.i++
		if r2, c2, ok = p.cellRef(); !ok {
			return operand{}, false
		}
	}
	o := operand{kind: refOperand, r1: min(r1, r2), c1: min(c1, c2), r2: max(r1, r2), c2: max(c1, c2)}
	if o.r2 >= maxScanRows || o.c2 >= maxScanCols || !p.ev.reference(o, p.depth) {
		return operand{}, false // beyond the cells read, or the bounds
	}
	return o, true
}

// cellRef parses A1, $A1, A$1 or $A$1 into 0-based coordinates, moving relative parts by the
// parser's shift.
func (p *formulaParser) cellRef() (r, c int, ok bool) {
	absCol := p.i < len(p.s) && p.s[p.i] == '$'
	if absCol {
		p.i++
	}
	start := p.i
	for p.i < len(p.s) && p.i-start < 3 && isUpper(p.s[p.i]) {
		c = c*26 + int(p.s[p.i]-'A'+1)
		p.i++
	}
	if p.i == start {
		return 0, 0, false
	}
	absRow := p.i < len(p.s) && p.s[p.i] == '$'
	if absRow {
		p.i++
	}
	start = p.i
	for p.i < len(p.s) && p.i-start < 8 && isDigit(p.s[p.i]) {
		r = r*10 + int(p.s[p.i]-'0')
		p.i++
	}
	if p.i == start || p.s[start] == '0' || (p.i < len(p.s) && (isRefByte(p.s[p.i]) || p.s[p.i] == '!')) {
		return 0, 0, false
	}
	if !absRow {
		r += p.dr
	}
	if !absCol {
		c += p.dc
	}
	if r < 1 || r > excelize.TotalRows || c < 1 || c > excelize.MaxColumns {
		return 0, 0, false
	}
	return r - 1, c - 1, true
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// isRefByte reports a byte that may continue a function name or a reference.
func isRefByte(b byte) bool {
	return isUpper(b) || isDigit(b) || b == '_' || b == '.' || (b >= 'a' && b <= 'z')
}
