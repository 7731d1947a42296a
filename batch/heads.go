package batch

import (
	"github.com/jxzp/jxzp/scoring"
)

// formHead is one form as a run holds it in memory once pass 1 has read it: what B01 compares
// and names, the year and status the counts and the units need, and where the form's summary
// record lies after pass 3. Everything that grows with the form's rows and findings waits on
// disk (spool.go), so that the memory of a run does not grow with the number of files.
type formHead struct {
	key, code string      // projectKey and projectCode, cleared once B01 has compared them
	sheet     string      // the sheet the form is on
	project   scoring.Ref // the 项目名称's cell, which B01 names
	year      int
	status    string // after pass 3
	// repeats are the B01 findings pass 2 gave the form, added to its results in pass 3.
	repeats []scoring.Finding
	// rec is the form's summary record in the spool after pass 3; slim stands in for it when it
	// could not be written there.
	rec  *spooled
	slim *scoring.Result
}

// keepHeads gives the file the heads of its results, and its first form's unit and department.
func (s *fileState) keepHeads() {
	s.forms = make([]formHead, len(s.results))
	for i, r := range s.results {
		f := r.Form
		s.forms[i] = formHead{key: projectKey(f), code: projectCode(f), sheet: f.Sheet, project: f.Project.Ref,
			year: f.Year, status: r.Status}
	}
	if len(s.results) > 0 {
		s.unit, s.dept = s.results[0].Form.Unit.Text, s.results[0].Form.Department.Text
	}
}

// addRepeats adds the B01 findings of pass 2 to the file's results.
func (s *fileState) addRepeats() {
	for i, r := range s.results {
		if i < len(s.forms) && len(s.forms[i].repeats) > 0 {
			r.Findings = append(r.Findings, s.forms[i].repeats...)
			r.Refresh()
		}
	}
}

// keepRecords moves the summary records of the file's results, as its copy was written from
// them, to the spool and lets the results go.
func (s *fileState) keepRecords(sp *spool) {
	for i, r := range s.results {
		h := &s.forms[i]
		h.status, h.repeats = r.Status, nil
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
	if h.rec == nil {
		return h.slim, nil
	}
	b, err := sp.read(h.rec)
	if err != nil {
		return nil, err
	}
	return decodeSummaryRecord(b)
}
