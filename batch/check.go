package batch

import (
	"context"
	"errors"
	"path/filepath"

	"golang.org/x/text/unicode/norm"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// CheckConfig is one `jxzp check`: a unit's own workbooks, checked before they are sent.
type CheckConfig struct {
	Files    []string // the workbooks, as the user named them
	Out      string   // where the annotated copies go; empty writes none
	Profile  *scoring.Profile
	Year     int
	Password string
}

// Checked is what `jxzp check` learnt of one file.
type Checked struct {
	Path    string // as the user named it
	Status  string // StatusOK, StatusFailed, StatusSkipped or StatusDuplicate
	Code    string // the B code of a file that is not ok
	Reason  string // why, in Chinese
	Sheets  []string
	Results []*scoring.Result // the forms, in sheet order, then top to bottom
	// Output is the annotated copy written (absolute), empty when none; OutputErr says why not.
	Output, OutputErr string
}

// Check reads and scores the named workbooks as `jxzp score` would (B01 is checked among them),
// and with cfg.Out set writes each one's annotated copy straight into that folder. It writes no
// summary and no results.json: a unit checking its forms wants the findings, not the bureau's files.
func Check(ctx context.Context, cfg CheckConfig) ([]Checked, error) {
	if cfg.Profile == nil {
		return nil, errors.New("未指定评分规则")
	}
	states := make([]*fileState, len(cfg.Files))
	for i, f := range cfg.Files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		rel := norm.NFC.String(filepath.ToSlash(f))
		states[i] = newFileState(entry{rel: rel, abs: abs, class: Classify(filepath.Base(f))})
	}
	toRead, err := prepare(ctx, states, 1)
	if err != nil {
		return nil, err
	}
	st := realSteps()
	ro := excelio.ReadOptions{Password: cfg.Password}
	po := scoring.Options{Year: cfg.Year}
	for _, s := range toRead {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st.readAndScore(s, ro, cfg.Profile, po)
		s.keepHeads(nil)
	}
	flagRepeatedProjects(states, cfg.Profile)
	for _, s := range toRead {
		s.addRepeats()
	}
	nm := newFlatNamer()
	if cfg.Out != "" {
		if err := fsx.CheckOutFolder(cfg.Out); err != nil {
			return nil, err
		}
		writeFlatCopies(st, cfg.Out, toRead, nm)
	}
	out := make([]Checked, len(states))
	for i, s := range states {
		out[i] = Checked{Path: cfg.Files[i], Status: s.status(), Code: s.code, Reason: s.reason,
			Sheets: s.sheets, Results: s.results, OutputErr: s.outputErr}
		if output := nm.output(s); output != "" {
			out[i].Output = filepath.Join(cfg.Out, filepath.FromSlash(output))
		}
	}
	return out, nil
}

// writeFlatCopies writes the annotated copy of every file read into dir itself, not under
// 审核结果/<单位>: a unit checks a handful of its own files, and looks for the copies beside them.
// nm is a flat namer (newFlatNamer).
func writeFlatCopies(st *steps, dir string, states []*fileState, nm *namer) {
	for _, s := range states {
		if s.status() != StatusOK || len(s.results) == 0 {
			s.data = nil
			continue
		}
		n, name := nm.reserve(s.rel, "")
		s.copyN = uint32(n)
		st.writeCopy(s, filepath.Join(dir, name))
	}
}
