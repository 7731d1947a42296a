// Package batch is the pipeline of `jxzp score`: it walks an inbox, reads and scores every
// workbook in parallel, checks the batch as a whole (duplicates, projects reported twice), and
// writes the annotated copies, the city summary and results.json.
package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// Version is the tool version written to results.json; release builds set it with
// -ldflags "-X github.com/jxzp/jxzp/batch.Version=1.2.0".
var Version = "dev"

// steps are the parts of the pipeline that live in other packages, passed down rather than held
// in package variables, so a test can replace them for its own run (a reader that panics, a
// workbook with no form) without crafting such workbooks and without touching other runs.
type steps struct {
	readForms func(path string, opts excelio.ReadOptions) (*excelio.Workbook, error)
	evaluate  func(f *scoring.Form, p *scoring.Profile, opts scoring.Options) *scoring.Result
	annotate  func(src []byte, dst string, results []*scoring.Result) error
	// writeAnnotated writes a copy from the workbook read (stageCopy); nil stages copies
	// through annotate.
	writeAnnotated func(wb *excelio.Workbook, w io.Writer, results []*scoring.Result) error
	writeSummary   func(dst string, sum *excelio.Summary) error
	// createSpool creates the spool file (spool.go); nil means os.CreateTemp.
	createSpool func(dir, pattern string) (*os.File, error)
}

// realSteps are the steps of every run but a test's.
func realSteps() *steps {
	return &steps{
		readForms:      excelio.ReadForms,
		evaluate:       scoring.Evaluate,
		annotate:       excelio.Annotate,
		writeAnnotated: (*excelio.Workbook).WriteAnnotated,
		writeSummary:   excelio.WriteSummary,
	}
}

// Config is one run of the batch.
type Config struct {
	Inbox string // the folder of submitted workbooks; read, never written
	Out   string // the output folder, created when missing
	// Profile is the rules profile forms are scored with; Run refuses a nil one.
	Profile *scoring.Profile
	// ProfileName is the "profile" value of results.json; empty falls back to Profile.Name. It
	// is separate because a TOML file may still call itself mof2020 after the bureau changed its
	// rules, and results.json must not pass those scores off as the built-in ones.
	ProfileName string
	Year        int    // the batch year (--year); 0 lets each form's own year stand
	Title       string // the summary's title; empty gives "<year>年度项目支出绩效自评审核汇总表"
	Bureau      string // 制表单位 under the summary's title (--bureau); empty leaves it out
	Date        string // 制表日期 under the summary's title (--date); empty leaves it out
	Workers     int    // files read at once; 0 means one per CPU
	Password    string // tried on encrypted workbooks
	// Progress is told of every step of the run, for a progress bar; nil shows nothing.
	Progress Progress
	// Incremental keeps what each file gave in OUT/.jxzp-cache and reuses it for files whose
	// bytes, profile, year and password are unchanged (cache.go); Full ignores what was kept.
	Incremental, Full bool
	// Only, when set, limits the run to these files of Inbox (paths relative to it): `jxzp
	// score FILE` reviews one workbook. See keepOnly.
	Only []string
	// Roster is the unit roster (--units): with it, results.json gets "units" and the summary
	// a 上报情况 sheet; nil without one.
	Roster *mail.Roster
	// Decisions are the reviewer decisions read back with --decisions (excelio.ReadDecisions),
	// applied to the findings after the batch-wide checks (decisions.go); nil without the flag.
	Decisions []excelio.Decision
	// Previous is the results.json of an earlier run (--previous), compared with this one on a
	// sheet of the summary (previous.go); nil without the flag.
	Previous *Document

	// steps replaces the reader, scorer and writers in tests; nil means realSteps.
	steps *steps
}

// FileProblem is one file that could not be processed, for the terminal summary.
type FileProblem struct {
	Path   string // relative to the inbox with '/' separators, as in results.json
	Code   string // the B code of checks.md, such as "B03"
	Reason string // Chinese, for the user, the same text as the "reason" of results.json
}

// Report is what a run did: the counts for the terminal summary and the results document.
type Report struct {
	Files      int // files listed in results.json
	Processed  int // files read and scored (status ok)
	Forms      int // forms scored, across every file with status ok
	Passed     int // forms 通过
	Revise     int // forms 需修改
	Failed     int // files 未处理 (status failed)
	Skipped    int // B05
	Duplicates int // B02
	// Problems are the failed files in path order; duplicates and skipped files are not
	// problems the user has to act on, so they are only counted.
	Problems []FileProblem

	Year        int    // the batch year used for the title
	Title       string // the summary's title
	Out         string // the output folder
	SummaryPath string // OUT/绩效自评汇总表.xlsx
	ResultsPath string // OUT/results.json
	// Outputs are the absolute paths of the annotated copies written, in path order of their inputs.
	Outputs []string
	// CopyFailures are the files read and scored whose annotated copy could not be written, in
	// path order; Code is empty, Reason the "output_error" of results.json.
	CopyFailures []FileProblem

	// Units are the units of the batch, the roster's first (see Units); never empty for a batch
	// with forms, whether or not there is a roster.
	Units []Unit

	// DecisionsPath is OUT/复核意见.xlsx, the decisions workbook written on every run.
	DecisionsPath string
	// Accepted counts the findings a reviewer accepted; Stale the decisions that matched none.
	Accepted, Stale int
}

// ResultsJSON reads results.json as written. The run streams it to disk rather than holding
// it: at ten thousand files it is tens of megabytes.
func (rep *Report) ResultsJSON() ([]byte, error) {
	return os.ReadFile(rep.ResultsPath)
}

// Results reads results.json back as a value, for callers that inspect it.
func (rep *Report) Results() (*Document, error) {
	data, err := rep.ResultsJSON()
	if err != nil {
		return nil, err
	}
	doc := &Document{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// Run scores every workbook in cfg.Inbox and writes the outputs to cfg.Out. A problem with one
// file never stops the batch: it is recorded on that file. The error is for the batch as a whole:
// an inbox that cannot be listed, an output that cannot be written, or ctx cancelled, in which
// case no summary and no results.json are written (copies already written are complete files).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Profile == nil {
		return nil, errors.New("未指定评分规则")
	}
	if cfg.Progress == nil {
		cfg.Progress = NoProgress{}
	}
	if cfg.steps == nil {
		cfg.steps = realSteps()
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	inbox, out, err := folders(cfg)
	if err != nil {
		return nil, err
	}
	// Before the files are read, not after: an output folder that cannot be written should not
	// cost the user a whole batch's reading time first.
	if err := fsx.CheckOutFolder(cfg.Out); err != nil {
		return nil, err
	}
	removeLeftovers(out, inbox)

	entries, err := walkInbox(inbox, out)
	if err != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法读取收件箱 %s：%s", cfg.Inbox, fsx.Reason(err)), err)
	}
	entries = keepOnly(entries, cfg.Only)
	entries, in, err := openContainers(entries)
	if err != nil {
		return nil, err
	}
	defer in.cleanup()
	states := newFileStates(entries)

	clock := newPhaseClock()
	toRead, err := prepare(ctx, states, workers)
	if err != nil {
		return nil, err
	}
	toRead = in.settle(toRead)

	clock.lap("walk")
	cfg.Progress.Start(2 * len(toRead))
	defer cfg.Progress.Finish()

	// Pass 1, in parallel: read and score (or take from the cache, see cache.go), and stage the
	// copy from what the reading holds (speculative.go).
	// A spool that cannot be written (a full disk) stops the pass: see spool.failed.
	pass1, stop := context.WithCancel(ctx)
	defer stop()
	ropts := excelio.ReadOptions{Password: cfg.Password, Context: pass1}
	popts := scoring.Options{Year: cfg.Year}
	cache := openCache(cfg, out, cfg.steps)
	defer cache.close()
	sp := openSpool(out, cfg.steps.createSpool)
	defer sp.close()
	stg := newStager(out, cfg.steps, cfg.Incremental)
	heads := &headSlab{}
	defer stg.drop()
	err = parallel(pass1, workers, toRead, cfg.Progress, func(s *fileState) {
		wb := cache.cachedRead(s, ropts, cfg.Profile, popts)
		s.keepHeads(heads)
		stg.stage(s, wb)
		sp.put(s)
		if sp.failed() != nil {
			stop()
		}
	})
	if spErr := sp.failed(); spErr != nil && ctx.Err() == nil {
		return nil, fsx.NewError(fmt.Sprintf("无法写出输出文件夹 %s 中的临时文件：%s，审核已停止", out, fsx.Reason(spErr)), spErr)
	}
	if err != nil {
		return nil, err
	}
	stg.read()
	clock.lap("read")

	// Pass 2, sequential: the checks compare files with one another, and output names go to the
	// first file in path order, so that neither depends on which worker finished first.
	flagRepeatedProjects(states, cfg.Profile)
	decided := prepareDecisions(cfg.Decisions)
	nm := newNamerWithin(out)
	var toWrite []*fileState
	for _, s := range toRead {
		if s.status() == StatusOK && len(s.forms) > 0 {
			n, _ := nm.reserve(s.rel, strings.TrimSpace(s.unit))
			s.copyN = uint32(n)
			toWrite = append(toWrite, s)
		} else {
			cfg.Progress.Done(s.rel)
		}
	}
	nm.settled()

	// Pass 3, in parallel: each file's full results come back from the spool and get B01 and
	// the decisions, its staged copy is put in place (or the copy written anew when they changed
	// what it shows), its results.json entry streamed, and its forms' summary records go to the
	// spool.
	resultsPath := filepath.Join(out, ResultsName)
	rw, err := newResultsWriter(resultsPath, profileName(cfg), states, toWrite, in, nm)
	if err != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法写出 %s：%s", resultsPath, fsx.WriteFailureReason(err, ResultsName)), err)
	}
	defer rw.abort()
	var spoolErr error
	var spoolOnce sync.Once
	if err := parallel(ctx, workers, toWrite, cfg.Progress, func(s *fileState) {
		if err := sp.take(s); err != nil {
			spoolOnce.Do(func() { spoolErr = err })
			return
		}
		sc := stg.take(s)
		repeated := s.repeated()
		s.addRepeats()
		decided.apply(s)
		sc.shown = !repeated && s.stillShown()
		output := nm.output(s)
		cache.cachedCopy(s, output, filepath.Join(out, filepath.FromSlash(output)), sc)
		if cfg.Previous != nil {
			s.own().sides = formSides(s.results)
		}
		rw.add(s)
		s.keepRecords(sp)
		s.arrived()
	}); err != nil {
		return nil, err
	}
	if spoolErr != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法读回输出文件夹 %s 中的临时文件：%s", out, fsx.Reason(spoolErr)), spoolErr)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	stg.drop()
	// Every entry is written once the last file of pass 3 gave its own.
	for _, s := range states {
		s.arrived()
	}
	clock.lap("annotate")
	// The copies were written without a flush each; one for them all, while the last outputs
	// are written, and before they name the copies.
	flushed := flushInBackground()
	decided.settle()
	rep, err := writeBatchOutputs(cfg, out, states, nm, in, clock, decided, rw, sp, flushed)
	if err == nil {
		cache.prune()
	}
	return rep, err
}

// writeBatchOutputs writes the summary, then the decisions workbook, while results.json is
// committed beside them (stage.go), and puts them in place once the copies are on disk (flushed
// closed), in that order, so results.json never names a summary that failed to be written. The forms' summary
// records are read back from sp as each output needs them, never all at once.
func writeBatchOutputs(cfg Config, out string, states []*fileState, nm *namer, in *intake, clock *phaseClock, decided *decisionsOutcome, rw *resultsWriter, sp *spool, flushed <-chan struct{}) (*Report, error) {
	rep := &Report{Out: out, Year: cfg.Year, Title: cfg.Title}
	if rep.Year == 0 {
		rep.Year = commonYear(states)
	}
	if rep.Title == "" {
		rep.Title = DefaultTitle(rep.Year)
	}
	rep.SummaryPath = filepath.Join(out, SummaryName)
	rep.ResultsPath = filepath.Join(out, ResultsName)
	rep.DecisionsPath = filepath.Join(out, excelio.DecisionsName)
	summary, decisions := stage(rep.SummaryPath), stage(rep.DecisionsPath)
	defer summary.drop()
	defer decisions.drop()
	ld := &recordLoader{sp: sp}
	sum := buildSummary(cfg, rep.Title, states, nm, ld)
	sum.Compare = compareRuns(cfg.Previous, states, rep.Year)
	sum.Workers = cfg.Workers
	if sum.Workers <= 0 {
		sum.Workers = runtime.NumCPU()
	}
	var unitEntries []UnitEntry
	rep.Units, unitEntries = batchUnits(cfg, states, in, sum)
	var resErr, decErr error
	var wg sync.WaitGroup
	wg.Go(func() { resErr = rw.commit(unitEntries, staleEntries(decided.stale)) })
	// The decisions workbook's rows are counted beside the summary (a light pass, reads only).
	var decRows int
	var counted sync.WaitGroup
	counted.Go(func() { decRows, decErr = ld.countFindings(states) })
	writeDecisions := func() {
		counted.Wait()
		if decErr == nil {
			decErr = excelio.WriteDecisions(decisions.tmp, decRows, decisionRows(states, ld.load), decided.stale, sum.Workers)
		}
	}
	// With more than one worker the decisions workbook is written beside the summary; with one,
	// after it, so a run on one core holds one workbook's state at a time.
	if sum.Workers > 1 {
		wg.Go(writeDecisions)
	}
	err := cfg.steps.safeWriteSummary(summary.tmp, sum)
	if err == nil && ld.err != nil {
		// A form that could not be read back left its row empty: no summary beats a wrong one.
		_ = os.Remove(rep.SummaryPath)
		err = ld.err
	}
	if sum.Workers <= 1 && err == nil {
		writeDecisions()
	}
	wg.Wait()
	<-flushed
	if err == nil {
		err = summary.place()
	}
	if err != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法写出汇总表 %s：%s", rep.SummaryPath, fsx.WriteFailureReason(err, SummaryName)), err)
	}
	clock.lap("summary")
	if decErr == nil {
		decErr = decisions.place()
	}
	if decErr != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法写出复核意见 %s：%s", rep.DecisionsPath, fsx.WriteFailureReason(decErr, excelio.DecisionsName)), decErr)
	}
	rep.Accepted, rep.Stale = decided.accepted, len(decided.stale)
	if resErr == nil {
		resErr = rw.place()
	}
	if resErr != nil {
		return nil, fsx.NewError(fmt.Sprintf("无法写出 %s：%s", rep.ResultsPath, fsx.WriteFailureReason(resErr, ResultsName)), resErr)
	}
	clock.lap("results")
	rep.count(states, nm, out)
	return rep, nil
}

// recordLoader reads the forms' summary records back for the summary, which cannot report an
// error of its own: the first one is kept in err, and the form reads as having no result.
type recordLoader struct {
	sp *spool
	// heads are the summary's forms (excelio.Summary.Forms), by index.
	heads []*formHead
	// mu guards err: the summary's sheets may be written at once.
	mu  sync.Mutex
	err error
}

// load gives the form's summary result back.
func (ld *recordLoader) load(h *formHead) (*scoring.Result, error) {
	return h.load(ld.sp)
}

// forSummary is how the summary reads its form i: nil, and the error kept, when it cannot.
func (ld *recordLoader) forSummary(i int) *scoring.Result {
	r, err := ld.heads[i].load(ld.sp)
	if err != nil {
		ld.mu.Lock()
		if ld.err == nil {
			ld.err = err
		}
		ld.mu.Unlock()
	}
	return r
}

// profileName is the "profile" value of results.json.
func profileName(cfg Config) string {
	if cfg.ProfileName != "" {
		return cfg.ProfileName
	}
	return cfg.Profile.Name
}

// folders resolves the inbox (which must be a folder) and the output folder to absolute paths.
func folders(cfg Config) (inbox, out string, err error) {
	if inbox, err = filepath.Abs(cfg.Inbox); err != nil {
		return "", "", err
	}
	if real, err := filepath.EvalSymlinks(inbox); err == nil {
		inbox = real
	}
	st, err := os.Stat(inbox)
	if err != nil {
		return "", "", fsx.NewError(fmt.Sprintf("无法打开收件箱 %s：%s", cfg.Inbox, fsx.Reason(err)), err)
	}
	if !st.IsDir() {
		return "", "", fmt.Errorf("收件箱 %s 不是文件夹", cfg.Inbox)
	}
	out, err = filepath.Abs(cfg.Out)
	return inbox, out, err
}
