package main

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func layOut(g *grid, st *styles, s *sample, c *calc) *positions {
	l, lb := s.lay, labels(s.lay)
	p := &positions{l1First: map[string]string{}}
	// Labels typed with a line break take two lines of height.
	line := 22.0
	if l.breaks {
		line = 32
	}
	textNum := func(d decimal.Decimal, places int32) any {
		if l.textNums {
			return d.StringFixed(places)
		}
		return d
	}

	for i, line := range l.preamble {
		r := i - len(l.preamble)
		if i == 0 {
			g.set(r, 0, line, st.note)
		} else {
			g.merge(r, 0, r, 4, line, st.note)
			g.set(r, 8, "单位：万元", st.note)
		}
	}

	r := 0
	p.title = g.merge(r, 0, r, 8, "项目支出绩效自评表", st.title)
	g.height(r, 32)
	r++
	g.merge(r, 0, r, 8, lb["year"], st.sub)
	g.height(r, 20)
	r++
	g.set(r, 0, lb["project"], st.label)
	p.project = g.merge(r, 1, r, 8, s.project, st.text)
	g.height(r, line+4)
	r++
	g.set(r, 0, lb["dept"], st.label)
	g.merge(r, 1, r, 4, s.dept, st.text)
	g.set(r, 5, lb["unit"], st.label)
	p.unit = g.merge(r, 6, r, 8, s.unit, st.text)
	g.height(r, line+4)
	if s.contact != nil {
		r++
		g.set(r, 0, lb["person"], st.label)
		g.merge(r, 1, r, 4, s.contact[0], st.text)
		g.set(r, 5, lb["phone"], st.label)
		g.merge(r, 6, r, 8, s.contact[1], st.text)
		g.height(r, 22)
	}

	// Funds block: the label spans the header row and the four amount rows.
	r++
	h := r
	g.merge(h, 0, h+4, 0, lb["funds"], st.label)
	g.merge(h, 1, h, 2, "", st.head)
	for i, k := range []string{"initial", "budget", "executed", "points", "rate", "score"} {
		g.set(h, 3+i, lb[k], st.head)
	}
	g.height(h, 30)
	rows := [][3]string{c.total, s.parts[0], s.parts[1], s.parts[2]}
	for i, k := range []string{"total", "cur", "carry", "other"} {
		rr := h + 1 + i
		g.merge(rr, 1, rr, 2, lb[k], st.label)
		for col, v := range rows[i] {
			var val any = ""
			if v != "" {
				val = textNum(dec(v), 2)
			}
			p.funds[i][col] = g.set(rr, 3+col, val, st.amount)
		}
		if i > 0 {
			for col := 6; col <= 8; col++ {
				g.set(rr, col, dash, st.label)
			}
		}
		g.height(rr, line)
	}
	tr := h + 1
	p.execPoints = g.set(tr, 6, textNum(c.execPts, 0), st.num)
	var rate any
	switch {
	case l.formulas != noFormula:
		expr := g.ref(tr, 5) + "/" + g.ref(tr, 4)
		var cached *decimal.Decimal
		if l.formulas == cachedFormula {
			v := c.rate
			cached = &v
		}
		rate, p.rateFormula = formula{expr, cached}, expr
	case l.textNums:
		rate = c.rate.Mul(hundred).Round(scorePlaces).StringFixed(scorePlaces) + "%"
	default:
		// What a unit types: the rate rounded to 0.01% and shown as a percentage.
		rate = c.rate.Round(4)
	}
	p.rate = g.set(tr, 7, rate, st.pct)
	p.execScore = g.set(tr, 8, textNum(c.execClaim, 2), st.num)

	// Annual goals.
	r = h + 5
	g.merge(r, 0, r+1, 0, lb["goal"], st.label)
	g.merge(r, 1, r, 4, lb["goalTarget"], st.head)
	g.merge(r, 5, r, 8, lb["goalActual"], st.head)
	g.height(r, 22)
	p.goalTarget = g.merge(r+1, 1, r+1, 4, s.goalTarget, st.text)
	g.merge(r+1, 5, r+1, 8, s.goalActual, st.text)
	g.height(r+1, 96)

	// Indicator table: 一级 and 二级 merged down over their rows.
	r += 2
	n := len(s.inds)
	g.merge(r, 0, r+n, 0, lb["ind"], st.label)
	for i, k := range []string{"l1", "l2", "l3", "target", "actual", "points", "score", "reason"} {
		g.set(r, 1+i, lb[k], st.head)
	}
	g.height(r, 30)
	first := r + 1
	p.firstInd = g.ref(first, 3)
	for i := 0; i < n; {
		j := i
		for j < n && s.inds[j].l1 == s.inds[i].l1 {
			j++
		}
		l1 := s.inds[i].l1
		if l.l1Points {
			open, shut := "（", "分）"
			if l.half {
				open, shut = "(", "分)"
			}
			l1 += open + c.blockPts[l1].String() + shut
		}
		p.l1First[s.inds[i].l1] = g.merge(first+i, 1, first+j-1, 1, l1, st.label)
		for k := i; k < j; {
			m := k
			for m < j && s.inds[m].l2 == s.inds[k].l2 {
				m++
			}
			l2 := s.inds[k].l2
			if l.short2 {
				l2 = strings.TrimSuffix(l2, "指标")
			}
			g.merge(first+k, 2, first+m-1, 2, l2, st.label)
			k = m
		}
		i = j
	}
	for i, in := range s.inds {
		rr := first + i
		ic := c.ind[i]
		ip := indPos{
			name:   g.set(rr, 3, in.name, st.label),
			target: g.set(rr, 4, in.target, st.label),
			actual: g.set(rr, 5, in.actual, st.label),
			points: g.set(rr, 6, ic.points, st.num),
			score:  g.set(rr, 7, ic.claim, st.num),
			reason: g.set(rr, 8, in.reason, st.text),
		}
		p.inds = append(p.inds, ip)
		// A written reason wraps onto two or three lines of the 偏差原因 column.
		if in.reason != "" {
			g.height(rr, max(l.rowHeight, 42))
		} else {
			g.height(rr, l.rowHeight)
		}
	}

	// Total and grade.
	r = first + n
	g.merge(r, 0, r, 5, lb["sum"], st.head)
	p.totalPoints = g.set(r, 6, textNum(hundred, 0), st.num)
	var total any = textNum(c.totalClaim, 2)
	if l.formulas != noFormula {
		expr := fmt.Sprintf("SUM(%s,%s:%s)", g.ref(tr, 8), g.ref(first, 7), g.ref(first+n-1, 7))
		var cached *decimal.Decimal
		if l.formulas == cachedFormula {
			v := c.totalClaim
			cached = &v
		}
		total, p.totalFormula = formula{expr, cached}, expr
	}
	p.totalScore = g.set(r, 7, total, st.num)
	g.set(r, 8, "", st.label)
	g.height(r, 24)
	r++
	g.merge(r, 0, r, 5, lb["grade"], st.head)
	p.grade = g.merge(r, 6, r, 8, c.gradeClaim, st.label)
	g.height(r, line+2)
	p.rng = g.ref(0, 0) + ":" + g.ref(r, 8)

	// Notes sit below a blank row, outside the bordered table.
	r += 2
	for _, note := range s.notes {
		g.merge(r, 0, r, 8, note, st.note)
		g.height(r, 48)
		r++
	}

	widths := []float64{11, 15, 17, 26, 14, 14, 8, 9, 30}
	if g.c0 > 1 {
		g.keep(g.f.SetColWidth(g.sheet, "A", "A", 3))
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(g.c0 + i)
		g.keep(err)
		g.keep(g.f.SetColWidth(g.sheet, col, col, w))
	}
	return p
}
