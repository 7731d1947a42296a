package batch

// A form's summary record is what the summary and the decisions workbook read of it after pass
// 3, kept in the spool: the form's sheet and names, the amounts, totals, grades, status and
// findings (slimResult's fields). The summary reads each form a dozen times, so the encoding is
// a plain one, quick to read back, rather than gob, whose every decoder learns the types anew.

import (
	"encoding/binary"
	"errors"
	"math/big"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// encodeSummaryRecord is the summary record of r.
func encodeSummaryRecord(r *scoring.Result) []byte {
	f := r.Form
	if f == nil {
		f = &scoring.Form{}
	}
	b := make([]byte, 0, 256)
	for _, t := range []string{f.Sheet, f.Project.Text, f.Department.Text, f.Unit.Text, r.ClaimedGrade, r.RecomputedGrade, r.Status} {
		b = appendString(b, t)
	}
	b = binary.AppendVarint(b, int64(f.Year))
	for _, d := range []*decimal.Decimal{r.Initial, r.Budget, r.Executed, r.Rate, r.ClaimedTotal, r.RecomputedTotal} {
		b = appendDecimal(b, d)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Findings)))
	for _, fd := range r.Findings {
		for _, t := range []string{fd.Code, fd.Ref.Sheet, fd.Ref.Cell, fd.Message, fd.Remark} {
			b = appendString(b, t)
		}
		b = binary.AppendVarint(b, int64(fd.Severity))
		accepted := byte(0)
		if fd.Accepted {
			accepted = 1
		}
		b = append(b, accepted)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendDecimal writes d exactly, exponent and coefficient, so that it reads back the same
// value written the same way; a nil d is one byte.
func appendDecimal(b []byte, d *decimal.Decimal) []byte {
	if d == nil {
		return append(b, 0)
	}
	c := d.Coefficient()
	b = append(b, byte(2+c.Sign())) // 1, 2 or 3: negative, zero, positive
	b = binary.AppendVarint(b, int64(d.Exponent()))
	return appendString(b, string(c.Bytes()))
}

// errRecord is a summary record that does not read back.
var errRecord = errors.New("summary record unreadable")

// recordReader reads the fields of one record in the order encodeSummaryRecord wrote them. Its
// texts are cut from s, the record as a string, rather than each made a string of its own.
type recordReader struct {
	fieldReader
	s string
}

func (rr *recordReader) string() string {
	p := rr.take(rr.uvarint())
	end := len(rr.s) - len(rr.b)
	return rr.s[end-len(p) : end]
}

// bytes reads a length-prefixed run of bytes, which stay the record's.
func (rr *recordReader) bytes() []byte {
	return rr.take(rr.uvarint())
}

// decimal reads a decimal into d; false for a nil one.
func (rr *recordReader) decimal(d *decimal.Decimal) bool {
	sign := rr.byte()
	if sign == 0 {
		return false
	}
	exp := rr.varint()
	mag := rr.bytes()
	if len(mag) < 8 {
		// Every amount and score fits an int64: one big.Int, not the three of the general way.
		var v int64
		for _, b := range mag {
			v = v<<8 | int64(b)
		}
		if sign == 1 {
			v = -v
		}
		*d = decimal.New(v, int32(exp))
		return true
	}
	c := new(big.Int).SetBytes(mag)
	if sign == 1 {
		c.Neg(c)
	}
	*d = decimal.NewFromBigInt(c, int32(exp))
	return true
}

// decodedRecord holds what one record decodes to, allocated at once: the summary decodes each
// form's record several times.
type decodedRecord struct {
	r        scoring.Result
	f        scoring.Form
	decimals [6]decimal.Decimal
}

// decodeSummaryRecord reads a record back as a result with slimResult's fields. The result's
// texts are cut from b, which must not change afterwards (the spool reads each record into a
// buffer of its own).
func decodeSummaryRecord(b []byte) (*scoring.Result, error) {
	if len(b) == 0 {
		return nil, errRecord
	}
	rr := &recordReader{fieldReader: fieldReader{b: b}, s: unsafe.String(&b[0], len(b))}
	v := &decodedRecord{}
	r, f := &v.r, &v.f
	r.Form = f
	f.Sheet = rr.string()
	f.Project.Text, f.Department.Text, f.Unit.Text = rr.string(), rr.string(), rr.string()
	r.ClaimedGrade, r.RecomputedGrade, r.Status = rr.string(), rr.string(), rr.string()
	f.Year = int(rr.varint())
	for i, p := range []**decimal.Decimal{&r.Initial, &r.Budget, &r.Executed, &r.Rate, &r.ClaimedTotal, &r.RecomputedTotal} {
		if d := &v.decimals[i]; rr.decimal(d) {
			*p = d
		}
	}
	n := rr.uvarint()
	if n > uint64(len(rr.b)) {
		return nil, errRecord
	}
	if n > 0 {
		r.Findings = make([]scoring.Finding, n)
	}
	for i := range r.Findings {
		fd := &r.Findings[i]
		fd.Code, fd.Ref.Sheet, fd.Ref.Cell, fd.Message, fd.Remark = rr.string(), rr.string(), rr.string(), rr.string(), rr.string()
		fd.Severity = scoring.Severity(rr.varint())
		fd.Accepted = rr.byte() == 1
	}
	if rr.bad || len(rr.b) != 0 {
		return nil, errRecord
	}
	return r, nil
}

// countFindings is how many findings the forms of the ok files have, the rows of the decisions
// workbook: only the start of each record is read, up to its count of findings.
func (ld *recordLoader) countFindings(states []*fileState) (int, error) {
	n := 0
	var buf [recordHeadSize]byte
	for _, s := range states {
		if s.status() != StatusOK {
			continue
		}
		for i := range s.forms {
			h := &s.forms[i]
			if h.rec.n == 0 {
				n += len(h.slim.Findings)
				continue
			}
			b := buf[:min(h.rec.n, recordHeadSize)]
			if _, err := ld.sp.f.ReadAt(b, h.rec.off); err != nil {
				return 0, err
			}
			k, ok := recordFindings(b)
			if !ok && len(b) < int(h.rec.n) {
				// A record whose names and amounts are longer than the usual read whole.
				full, err := ld.sp.read(&h.rec)
				if err != nil {
					return 0, err
				}
				k, ok = recordFindings(full)
			}
			if !ok {
				return 0, errRecord
			}
			n += k
		}
	}
	return n, nil
}

// recordHeadSize is how much of a record countFindings reads at first: its names, grades and
// amounts and its count of findings nearly always fit.
const recordHeadSize = 512

// recordFindings is the count of findings of the record that starts b, read past the fields
// before it; false when b ends first.
func recordFindings(b []byte) (int, bool) {
	rr := &fieldReader{b: b}
	for range 7 { // the sheet, the three names, the two grades and the status
		rr.take(rr.uvarint())
	}
	rr.varint() // the year
	for range 6 {
		if rr.byte() != 0 {
			rr.varint()
			rr.take(rr.uvarint())
		}
	}
	n := rr.uvarint()
	if rr.bad || n > uint64(len(rr.b)) {
		return 0, false
	}
	return int(n), true
}
