package batch

// Reviewer decisions (复核意见, --decisions): after the batch-wide checks, every finding is given
// its key (file, form, sheet, cell, code), a decision read back for that key marks it accepted
// or remarked, and each form's status is recomputed. Decisions whose finding no longer exists are
// kept as stale: listed in results.json, on a sheet of the decisions workbook and in the terminal
// summary, never dropped silently. The decisions workbook is written on every run.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// decisionsOutcome is what applying the decisions gave: the workbook's rows and the stale ones,
// and the decisions by key, to apply again to a file's full results when they come back from the
// spool in pass 3 (see reapply).
type decisionsOutcome struct {
	rows  []excelio.Decision
	stale []excelio.Decision

	decisions []excelio.Decision
	byKey     map[excelio.DecisionKey]int
}

// applyDecisions marks the findings the decisions name and recomputes each form's status; it
// returns one row per finding of the batch for the decisions workbook, pre-filled, and the
// decisions that matched nothing. decisions is nil when --decisions was not given.
func applyDecisions(states []*fileState, decisions []excelio.Decision) *decisionsOutcome {
	out := &decisionsOutcome{decisions: decisions, byKey: make(map[excelio.DecisionKey]int, len(decisions))}
	for i, d := range decisions {
		out.byKey[d.Key] = i // the last row wins when a reviewer copied one twice
	}
	used := make([]bool, len(decisions))
	for _, s := range states {
		out.rows = append(out.rows, out.apply(s, used)...)
	}
	for i, d := range decisions {
		if !used[i] {
			out.stale = append(out.stale, d)
		}
	}
	return out
}

// reapply applies the decisions to one file's results again: pass 3 gives them to the full
// results taken back from the spool, so that the annotated copy and the file's results.json
// entry have the findings and status the summary and the counts had in pass 2. The rows and the
// stale decisions were settled then, once for the batch.
func (o *decisionsOutcome) reapply(s *fileState) {
	if o != nil {
		o.apply(s, nil)
	}
}

// apply marks the findings of one file the decisions name, recomputes its forms' statuses and
// returns the file's rows; used (when not nil) records the decisions that matched.
func (o *decisionsOutcome) apply(s *fileState, used []bool) []excelio.Decision {
	if s.status != StatusOK {
		return nil
	}
	var rows []excelio.Decision
	for fi, r := range s.results {
		// Findings are in cell order already (scoring.SortFindings); findings sharing a key
		// keep their order there, so Nth is the same from run to run.
		seen := map[excelio.DecisionKey]int{}
		for i := range r.Findings {
			fd := &r.Findings[i]
			k := excelio.DecisionKey{File: s.rel, Form: fi + 1, Sheet: fd.Ref.Sheet,
				Cell: strings.ReplaceAll(strings.ToUpper(fd.Ref.Cell), "$", ""), Code: fd.Code}
			seen[k]++
			k.Nth = seen[k]
			row := excelio.Decision{Key: k, Department: r.Form.Department.Text, Unit: r.Form.Unit.Text,
				Project: r.Form.Project.Text, Severity: fd.Severity.String(), Message: fd.Message}
			if j, ok := o.byKey[k]; ok {
				if used != nil {
					used[j] = true
				}
				fd.Accepted, fd.Remark = o.decisions[j].Accept, o.decisions[j].Remark
				row.Accept, row.Remark = fd.Accepted, fd.Remark
			}
			rows = append(rows, row)
		}
		r.Status = scoring.StatusPass
		if r.Errors() > 0 {
			r.Status = scoring.StatusRevise
		}
	}
	return rows
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

// writeDecisions writes OUT/复核意见.xlsx and counts the decisions for the terminal summary.
func writeDecisions(rep *Report, out string, decided *decisionsOutcome) error {
	rep.DecisionsPath = filepath.Join(out, excelio.DecisionsName)
	if err := excelio.WriteDecisions(rep.DecisionsPath, decided.rows, decided.stale); err != nil {
		return fsx.NewError(fmt.Sprintf("无法写出复核意见 %s：%s", rep.DecisionsPath, fsx.WriteFailureReason(err, excelio.DecisionsName)), err)
	}
	for _, r := range decided.rows {
		if r.Accept {
			rep.Accepted++
		}
	}
	rep.Stale = len(decided.stale)
	return nil
}

// DecisionsName is the decisions workbook's name in the output folder.
const DecisionsName = excelio.DecisionsName

// ReadDecisions reads a decisions workbook a reviewer filled in (--decisions).
func ReadDecisions(path string) ([]excelio.Decision, error) { return excelio.ReadDecisions(path) }
