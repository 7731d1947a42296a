package batch

import (
	"unique"

	"github.com/jxzp/jxzp/scoring"
)

// formHead is one form as a run holds it in memory once pass 1 has read it: the year the
// counts and the units need, its status, and where the form's summary
// record lies after pass 3. Everything that grows with the form's rows and findings waits on
// disk (spool.go), and what only B01 needs goes once B01 is done, so that the memory of a run
// grows with the number of files as little as it can.
type formHead struct {
	*repeatHead // nil once B01's findings were added to the form's results
	// rec is where the form's summary record lies in the spool after pass 3 (held here, not
	// pointed to: one allocation less per form; a record is never empty, so n is 0 only until
	// then); slim stands in for it when it could not be written there.
	rec  spooled
	slim *scoring.Result
	year int32
	// revise says the form's status is 需修改 rather than 通过 (after pass 3: with B01 and the
	// decisions); a status is one of the two.
	revise bool
}

// status is the form's status, scoring.StatusPass or scoring.StatusRevise.
func (h *formHead) status() string {
	if h.revise {
		return scoring.StatusRevise
	}
	return scoring.StatusPass
}

// repeatHead is what B01 compares and names, from pass 1 until pass 3 adds its findings.
type repeatHead struct {
	key     projectID   // projectKey's digest, cleared once B01 has compared it
	code    string      // projectCode, cleared with key
	project scoring.Ref // the 项目名称's cell, which B01 names
	sheet   string      // the sheet the form is on, which B01 names
	// repeats are the B01 findings pass 2 gave the form, added to its results in pass 3.
	repeats []scoring.Finding
}

// keepHeads gives the file the heads of its results, taken from hs, and its first form's unit
// and department.
// The names are interned: a batch's ten thousand files come from a few hundred units.
func (s *fileState) keepHeads(hs *headSlab) {
	s.forms = hs.take(len(s.results))
	for i, r := range s.results {
		f := r.Form
		s.forms[i] = formHead{year: int32(f.Year), revise: r.Status == scoring.StatusRevise,
			repeatHead: &repeatHead{key: projectIDOf(f), code: projectCode(f), project: f.Project.Ref, sheet: intern(f.Sheet)}}
	}
	if len(s.results) > 0 {
		s.unit, s.dept = intern(s.results[0].Form.Unit.Text), intern(s.results[0].Form.Department.Text)
	}
}

// intern is the one copy of t the run keeps.
func intern(t string) string {
	return unique.Make(t).Value()
}

// forgetKeys drops what B01 compared once it has run: only the forms it gave findings keep
// their repeatHead, until pass 3 adds them.
func (s *fileState) forgetKeys() {
	for i := range s.forms {
		if h := &s.forms[i]; h.repeatHead != nil && len(h.repeats) == 0 {
			h.repeatHead = nil
		} else if h.repeatHead != nil {
			h.key, h.code = projectID{}, ""
		}
	}
}

// addRepeats adds the B01 findings of pass 2 to the file's results.
func (s *fileState) addRepeats() {
	for i, r := range s.results {
		if i < len(s.forms) && s.forms[i].repeatHead != nil {
			r.Findings = append(r.Findings, s.forms[i].repeats...)
			r.Refresh()
			s.forms[i].repeatHead = nil
		}
	}
}

// keepRecords moves the summary records of the file's results, as its copy was written from
// them, to the spool and lets the results go.
func (s *fileState) keepRecords(sp *spool) {
	for i, r := range s.results {
		h := &s.forms[i]
		h.revise, h.repeatHead = r.Status == scoring.StatusRevise, nil
		if at, ok := sp.write(encodeSummaryRecord(r)); ok {
			h.rec = at
		} else {
			h.slim = slimResult(r)
		}
	}
	s.results, s.sheets = nil, nil
}

// load gives the form's summary result back.
func (h *formHead) load(sp *spool) (*scoring.Result, error) {
	if h.rec.n == 0 {
		return h.slim, nil
	}
	b, err := sp.read(&h.rec)
	if err != nil {
		return nil, err
	}
	return decodeSummaryRecord(b)
}
