package batch

// A file's full results as the spool and the cache keep them, and as resultsDigest hashes them:
// a plain encoding written field by field. gob, used before, cost a tenth of a run's CPU: a new
// encoder per record sent every type anew and every decoder compiled them again. The encoding
// reads back what gob read back (TestResultsCodecMatchesGob): empty slices come back nil, a
// nil pointer nil, and each indicator result points at its row of the form again.

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// errNoForm is a result that cannot be encoded: it has no form, or is nil.
var errNoForm = errors.New("result without a form")

// Markers of an indicator result's row: none, the form's row of the same index, a row of its own.
const (
	rowNone byte = iota
	rowOfForm
	rowOwn
)

// Markers of a decimal: none (a nil pointer, or the zero Decimal{} held by value, which gob
// leaves out), a coefficient that fits in an int64, a larger one.
const (
	decNone byte = iota
	decSmall
	decBig
)

// resultsEncoder appends results to b; sheet is the form's sheet, which most refs name and which
// is then written as one byte.
type resultsEncoder struct {
	b     []byte
	sheet string
}

// appendResults appends the encoding of results to b.
func appendResults(b []byte, results []*scoring.Result) ([]byte, error) {
	e := &resultsEncoder{b: binary.AppendUvarint(b, uint64(len(results)))}
	for _, r := range results {
		if r == nil || r.Form == nil {
			return b, errNoForm
		}
		e.result(r)
	}
	return e.b, nil
}

func (e *resultsEncoder) result(r *scoring.Result) {
	e.form(r.Form)
	for _, d := range []*decimal.Decimal{r.Initial, r.Budget, r.Executed, r.Rate} {
		e.decimal(d)
	}
	x := &r.Execution
	e.value(x.Points)
	e.decimal(x.Claimed)
	e.value(x.Recomputed)
	e.ref(x.Ref)
	e.uvarint(len(r.Indicators))
	for i := range r.Indicators {
		e.indicatorResult(r.Form, i, &r.Indicators[i])
	}
	e.decimal(r.ClaimedTotal)
	e.decimal(r.RecomputedTotal)
	e.strings(r.ClaimedGrade, r.RecomputedGrade, r.Status)
	e.uvarint(len(r.Findings))
	for i := range r.Findings {
		fd := &r.Findings[i]
		e.strings(fd.Code)
		e.b = binary.AppendVarint(e.b, int64(fd.Severity))
		e.ref(fd.Ref)
		e.strings(fd.Message)
		e.bools(fd.Accepted)
		e.strings(fd.Remark)
	}
}

func (e *resultsEncoder) indicatorResult(f *scoring.Form, i int, ir *scoring.IndicatorResult) {
	switch {
	case ir.Indicator == nil:
		e.b = append(e.b, rowNone)
	case i < len(f.Indicators) && ir.Indicator == &f.Indicators[i]:
		e.b = append(e.b, rowOfForm)
	default:
		e.b = append(e.b, rowOwn)
		e.indicator(ir.Indicator)
	}
	e.strings(ir.Level1, ir.Level2, ir.Kind)
	e.decimal(ir.Points)
	e.decimal(ir.Claimed)
	e.decimal(ir.Recomputed)
}

func (e *resultsEncoder) form(f *scoring.Form) {
	e.strings(f.Sheet)
	e.sheet = f.Sheet
	e.strings(f.Range)
	e.b = binary.AppendVarint(e.b, int64(f.Family))
	e.cell(&f.Title)
	e.b = binary.AppendVarint(e.b, int64(f.Year))
	e.ref(f.YearAt)
	e.cells(&f.Project, &f.Department, &f.Unit)
	e.bools(f.Funds != nil)
	if fb := f.Funds; fb != nil {
		e.cell(&fb.Label)
		e.bools(fb.Yuan, fb.HasInitial)
		e.uvarint(len(fb.PointsHints))
		for i := range fb.PointsHints {
			e.cell(&fb.PointsHints[i])
		}
		e.fundRow(&fb.Total)
		e.uvarint(len(fb.Parts))
		for i := range fb.Parts {
			e.fundRow(&fb.Parts[i])
		}
	}
	e.cells(&f.GoalTarget, &f.GoalActual, &f.IndicatorLabel)
	e.bools(f.HasPointsColumn)
	e.uvarint(len(f.Indicators))
	for i := range f.Indicators {
		e.indicator(&f.Indicators[i])
	}
	e.cells(&f.TotalPoints, &f.TotalScore, &f.Grade)
	e.uvarint(len(f.Missing))
	e.strings(f.Missing...)
}

func (e *resultsEncoder) fundRow(r *scoring.FundRow) {
	e.cells(&r.Label, &r.Initial, &r.Budget, &r.Executed, &r.Points, &r.Rate, &r.Score, &r.Reason)
}

func (e *resultsEncoder) indicator(in *scoring.Indicator) {
	e.b = binary.AppendVarint(e.b, int64(in.Row))
	e.cells(&in.Level1, &in.Level2, &in.Name, &in.Target, &in.Actual, &in.Points, &in.Score, &in.Reason)
}

func (e *resultsEncoder) cells(cs ...*scoring.Cell) {
	for _, c := range cs {
		e.cell(c)
	}
}

func (e *resultsEncoder) cell(c *scoring.Cell) {
	e.ref(c.Ref)
	e.strings(c.Text)
	e.bools(c.Numeric, c.Percent, c.Unreadable)
	e.strings(c.Merged)
}

// ref writes the sheet as 0 when it is the form's, else as its length plus one and its bytes.
func (e *resultsEncoder) ref(r scoring.Ref) {
	if r.Sheet == e.sheet {
		e.b = append(e.b, 0)
	} else {
		e.b = binary.AppendUvarint(e.b, uint64(len(r.Sheet))+1)
		e.b = append(e.b, r.Sheet...)
	}
	e.strings(r.Cell)
}

func (e *resultsEncoder) uvarint(n int) {
	e.b = binary.AppendUvarint(e.b, uint64(n))
}

func (e *resultsEncoder) strings(ss ...string) {
	for _, s := range ss {
		e.b = binary.AppendUvarint(e.b, uint64(len(s)))
		e.b = append(e.b, s...)
	}
}

// bools packs up to eight flags in one byte.
func (e *resultsEncoder) bools(bs ...bool) {
	var c byte
	for i, b := range bs {
		if b {
			c |= 1 << i
		}
	}
	e.b = append(e.b, c)
}

// value writes a decimal held by value: the zero Decimal{} as none, as gob did.
func (e *resultsEncoder) value(d decimal.Decimal) {
	if d == (decimal.Decimal{}) {
		e.b = append(e.b, decNone)
		return
	}
	e.decimal(&d)
}

// decimal writes d exactly: its coefficient and exponent, so it reads back written the same way.
func (e *resultsEncoder) decimal(d *decimal.Decimal) {
	if d == nil {
		e.b = append(e.b, decNone)
		return
	}
	c := d.Coefficient()
	if c.IsInt64() {
		e.b = append(e.b, decSmall)
		e.b = binary.AppendVarint(e.b, c.Int64())
	} else {
		e.b = append(e.b, decBig, byte(2+c.Sign()))
		e.strings(string(c.Bytes()))
	}
	e.b = binary.AppendVarint(e.b, int64(d.Exponent()))
}

// errResults is an encoding of results that does not read back.
var errResults = errors.New("results record unreadable")

// resultsDecoder reads what resultsEncoder wrote; the first misread sets err and every later
// read gives zero values.
type resultsDecoder struct {
	fieldReader
	sheet string
}

func newResultsDecoder(b []byte) *resultsDecoder {
	return &resultsDecoder{fieldReader: fieldReader{b: b}}
}

// decodeResults reads results back from b, which must hold them and nothing else.
func decodeResults(b []byte) ([]*scoring.Result, error) {
	d := newResultsDecoder(b)
	n := d.count()
	var results []*scoring.Result
	if n > 0 {
		results = make([]*scoring.Result, n)
	}
	for i := range results {
		results[i] = d.result()
	}
	if d.bad || len(d.b) != 0 {
		return nil, errResults
	}
	return results, nil
}

func (d *resultsDecoder) result() *scoring.Result {
	r := &scoring.Result{Form: d.form()}
	r.Initial, r.Budget, r.Executed, r.Rate = d.decimal(), d.decimal(), d.decimal(), d.decimal()
	x := &r.Execution
	x.Points, x.Claimed, x.Recomputed, x.Ref = d.value(), d.decimal(), d.value(), d.ref()
	if n := d.count(); n > 0 {
		r.Indicators = make([]scoring.IndicatorResult, n)
	}
	for i := range r.Indicators {
		d.indicatorResult(r.Form, i, &r.Indicators[i])
	}
	r.ClaimedTotal, r.RecomputedTotal = d.decimal(), d.decimal()
	r.ClaimedGrade, r.RecomputedGrade, r.Status = d.string(), d.string(), d.string()
	if n := d.count(); n > 0 {
		r.Findings = make([]scoring.Finding, n)
	}
	for i := range r.Findings {
		fd := &r.Findings[i]
		fd.Code, fd.Severity, fd.Ref, fd.Message = d.string(), scoring.Severity(d.varint()), d.ref(), d.string()
		fd.Accepted = d.flags()&1 != 0
		fd.Remark = d.string()
	}
	return r
}

func (d *resultsDecoder) indicatorResult(f *scoring.Form, i int, ir *scoring.IndicatorResult) {
	switch d.byte() {
	case rowNone:
	case rowOfForm:
		if i >= len(f.Indicators) {
			d.fail()
			return
		}
		ir.Indicator = &f.Indicators[i]
	case rowOwn:
		ir.Indicator = &scoring.Indicator{}
		d.indicator(ir.Indicator)
	default:
		d.fail()
	}
	ir.Level1, ir.Level2, ir.Kind = d.string(), d.string(), d.string()
	ir.Points, ir.Claimed, ir.Recomputed = d.decimal(), d.decimal(), d.decimal()
}

func (d *resultsDecoder) form() *scoring.Form {
	f := &scoring.Form{Sheet: d.string()}
	d.sheet = f.Sheet
	f.Range, f.Family = d.string(), int(d.varint())
	d.cell(&f.Title)
	f.Year, f.YearAt = int(d.varint()), d.ref()
	d.cells(&f.Project, &f.Department, &f.Unit)
	if d.flags()&1 != 0 {
		fb := &scoring.FundBlock{}
		d.cell(&fb.Label)
		flags := d.flags()
		fb.Yuan, fb.HasInitial = flags&1 != 0, flags&2 != 0
		if n := d.count(); n > 0 {
			fb.PointsHints = make([]scoring.Cell, n)
		}
		for i := range fb.PointsHints {
			d.cell(&fb.PointsHints[i])
		}
		d.fundRow(&fb.Total)
		if n := d.count(); n > 0 {
			fb.Parts = make([]scoring.FundRow, n)
		}
		for i := range fb.Parts {
			d.fundRow(&fb.Parts[i])
		}
		f.Funds = fb
	}
	d.cells(&f.GoalTarget, &f.GoalActual, &f.IndicatorLabel)
	f.HasPointsColumn = d.flags()&1 != 0
	if n := d.count(); n > 0 {
		f.Indicators = make([]scoring.Indicator, n)
	}
	for i := range f.Indicators {
		d.indicator(&f.Indicators[i])
	}
	d.cells(&f.TotalPoints, &f.TotalScore, &f.Grade)
	if n := d.count(); n > 0 {
		f.Missing = make([]string, n)
	}
	for i := range f.Missing {
		f.Missing[i] = d.string()
	}
	return f
}

func (d *resultsDecoder) fundRow(r *scoring.FundRow) {
	d.cells(&r.Label, &r.Initial, &r.Budget, &r.Executed, &r.Points, &r.Rate, &r.Score, &r.Reason)
}

func (d *resultsDecoder) indicator(in *scoring.Indicator) {
	in.Row = int(d.varint())
	d.cells(&in.Level1, &in.Level2, &in.Name, &in.Target, &in.Actual, &in.Points, &in.Score, &in.Reason)
}

func (d *resultsDecoder) cells(cs ...*scoring.Cell) {
	for _, c := range cs {
		d.cell(c)
	}
}

func (d *resultsDecoder) cell(c *scoring.Cell) {
	c.Ref, c.Text = d.ref(), d.string()
	flags := d.flags()
	c.Numeric, c.Percent, c.Unreadable = flags&1 != 0, flags&2 != 0, flags&4 != 0
	c.Merged = d.string()
}

func (d *resultsDecoder) ref() scoring.Ref {
	r := scoring.Ref{Sheet: d.sheet}
	if n := d.uvarint(); n > 0 {
		r.Sheet = d.bytes(n - 1)
	}
	r.Cell = d.string()
	return r
}

// count reads the length of a list, which cannot exceed the bytes left: every element takes one.
func (d *resultsDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

// flags reads a byte of bools.
func (d *resultsDecoder) flags() byte {
	return d.byte()
}

func (d *resultsDecoder) string() string {
	return d.bytes(d.uvarint())
}

func (d *resultsDecoder) bytes(n uint64) string {
	return string(d.take(n))
}

// decimal reads a decimal written by resultsEncoder.decimal; nil for none.
func (d *resultsDecoder) decimal() *decimal.Decimal {
	var c *big.Int
	switch d.byte() {
	case decNone:
		return nil
	case decSmall:
		c = big.NewInt(d.varint())
	case decBig:
		sign := d.byte()
		c = new(big.Int).SetBytes([]byte(d.string()))
		if sign == 1 {
			c.Neg(c)
		}
	default:
		d.fail()
		return nil
	}
	exp := d.varint()
	if exp < math.MinInt32 || exp > math.MaxInt32 {
		d.fail()
		return nil
	}
	v := decimal.NewFromBigInt(c, int32(exp))
	return &v
}

// value reads a decimal held by value: the zero Decimal{} for none, as gob gave it back.
func (d *resultsDecoder) value() decimal.Decimal {
	if v := d.decimal(); v != nil {
		return *v
	}
	return decimal.Decimal{}
}
