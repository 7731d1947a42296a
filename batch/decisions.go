package batch

// Reviewer decisions (复核意见, --decisions): after the batch-wide checks, every finding is given
// its key (file, form, sheet, cell, code), a decision read back for that key marks it accepted
// or remarked, and each form's status is recomputed. Decisions whose finding no longer exists are
// kept as stale: listed in results.json, on a sheet of the decisions workbook and in the terminal
// summary, never dropped silently. The decisions workbook is written on every run.

import (
	"strings"
	"sync"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// decisionsOutcome is the decisions read back and what applying them gave: the decisions that
// matched no finding, and how many findings they accepted.
type decisionsOutcome struct {
	decisions []excelio.Decision
	byKey     map[excelio.DecisionKey]int

	mu       sync.Mutex
	used     []bool // the decisions that matched a finding
	accepted int    // the findings accepted
	stale    []excelio.Decision
}

// prepareDecisions readies the decisions for apply; decisions is nil when --decisions was not
// given.
func prepareDecisions(decisions []excelio.Decision) *decisionsOutcome {
	out := &decisionsOutcome{decisions: decisions, byKey: make(map[excelio.DecisionKey]int, len(decisions)),
		used: make([]bool, len(decisions))}
	for i, d := range decisions {
		out.byKey[d.Key] = i // the last row wins when a reviewer copied one twice
	}
	return out
}

// apply marks the findings of one file's results that the decisions name and recomputes its
// forms' statuses. Pass 3 calls it for each file, from its workers, once B01 is added, so
// that the annotated copy, the file's results.json entry, the summary and the decisions
// workbook all have the same findings.
func (o *decisionsOutcome) apply(s *fileState) {
	if s.status() != StatusOK {
		return
	}
	for fi, r := range s.results {
		keyedFindings(s.rel, fi, r, func(k excelio.DecisionKey, fd *scoring.Finding) {
			j, ok := o.byKey[k]
			if !ok {
				return
			}
			fd.Accepted, fd.Remark = o.decisions[j].Accept, o.decisions[j].Remark
			o.mu.Lock()
			o.used[j] = true
			if fd.Accepted {
				o.accepted++
			}
			o.mu.Unlock()
		})
		r.Status = scoring.StatusPass
		if r.Errors() > 0 {
			r.Status = scoring.StatusRevise
		}
	}
}

// settle lists the decisions that matched nothing, once every file had apply.
func (o *decisionsOutcome) settle() {
	for i, d := range o.decisions {
		if !o.used[i] {
			o.stale = append(o.stale, d)
		}
	}
}

// keyedFindings calls fn for each finding of form fi of file rel, in order, with its key.
func keyedFindings(rel string, fi int, r *scoring.Result, fn func(excelio.DecisionKey, *scoring.Finding)) {
	// Findings are in cell order already (scoring.SortFindings); findings sharing a key keep
	// their order there, so Nth is the same from run to run.
	seen := map[excelio.DecisionKey]int{}
	for i := range r.Findings {
		fd := &r.Findings[i]
		k := excelio.DecisionKey{File: rel, Form: fi + 1, Sheet: fd.Ref.Sheet,
			Cell: strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", ""), Code: fd.Code}
		seen[k]++
		k.Nth = seen[k]
		fn(k, fd)
	}
}

// decisionRows are the rows of the decisions workbook, one per finding of the batch in path
// order, pre-filled with the decisions applied; each form's findings are read back with load.
func decisionRows(states []*fileState, load func(*formHead) (*scoring.Result, error)) excelio.DecisionRows {
	return func(yield func(excelio.Decision) error) error {
		for _, s := range states {
			if s.status() != StatusOK {
				continue
			}
			for fi := range s.forms {
				r, err := load(&s.forms[fi])
				if err != nil {
					return err
				}
				var yerr error
				keyedFindings(s.rel, fi, r, func(k excelio.DecisionKey, fd *scoring.Finding) {
					if yerr == nil {
						yerr = yield(excelio.Decision{Key: k, Department: r.Form.Department.Text, Unit: r.Form.Unit.Text,
							Project: r.Form.Project.Text, Severity: fd.Severity.String(), Message: fd.Message,
							Accept: fd.Accepted, Remark: fd.Remark})
					}
				})
				if yerr != nil {
					return yerr
				}
			}
		}
		return nil
	}
}

// staleEntries are the stale decisions as results.json lists them; nil when there are none, so
// the key is left out.
func staleEntries(stale []excelio.Decision) []StaleDecision {
	var out []StaleDecision
	for _, d := range stale {
		out = append(out, StaleDecision{Path: d.Key.File, Form: d.Key.Form, Sheet: text(d.Key.Sheet),
			Cell: text(d.Key.Cell), Code: d.Key.Code, Accepted: d.Accept, Remark: d.Remark, Message: d.Message})
	}
	return out
}

// DecisionsName is the decisions workbook's name in the output folder.
const DecisionsName = excelio.DecisionsName

// ReadDecisions reads a decisions workbook a reviewer filled in (--decisions).
func ReadDecisions(path string) ([]excelio.Decision, error) { return excelio.ReadDecisions(path) }
