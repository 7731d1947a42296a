// Package batch is the pipeline of `jxzp score`: it walks an inbox, reads and scores every
// workbook in parallel, checks the batch as a whole (duplicates, projects reported twice), and
// writes the annotated copies, the city summary and results.json.
package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// Version is the tool version written to results.json; release builds set it with
// -ldflags "-X github.com/jxzp/jxzp/batch.Version=1.2.0".
var Version = "dev"

// The steps of the pipeline that live in other packages, as variables so the tests can replace
// them (a reader that panics, a workbook with no form) without crafting such workbooks.
var (
	readForms    = excelio.ReadForms
	evaluate     = scoring.Evaluate
	annotate     = excelio.Annotate
	writeSummary = excelio.WriteSummary
)

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

// fileState is one listed file travelling through the pipeline.
type fileState struct {
	entry
	sha     string
	status  string
	code    string
	reason  string
	sheets  []string
	results []*scoring.Result
	// data is the .xlsx package read when it is not the file's bytes (see keepPackage), kept
	// until its annotated copy is written.
	data   []byte
	output string // relative to OUT, '/' separators
	// spooled is where the file's full results wait between pass 1 and pass 3 (spool.go);
	// results holds the slim ones meanwhile.
	spooled *spooled
	// sides are the file's forms as --previous compares them, taken from the full results in
	// pass 3 (the slim ones have no indicator names); nil without --previous.
	sides []side
	// fromCache says the forms came from the cache (cache.go): the file was not read this run.
	fromCache bool
	// outputErr says in Chinese why the annotated copy could not be written; the file's forms
	// were read and scored all the same, so it stays ok.
	outputErr string
}

// fail marks the file 未处理 with a code and a Chinese reason.
func (s *fileState) fail(code, reason string) {
	s.status, s.code, s.reason = StatusFailed, code, reason
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
	if err := CheckOutFolder(cfg.Out); err != nil {
		return nil, err
	}
	removeLeftovers(out, inbox)

	entries, err := walkInbox(inbox, out)
	if err != nil {
		return nil, &outputError{fmt.Sprintf("无法读取收件箱 %s：%s", cfg.Inbox, ioReason(err)), err}
	}
	entries = keepOnly(entries, cfg.Only)
	entries, in, err := openContainers(entries)
	if err != nil {
		return nil, err
	}
	defer in.cleanup()
	states := make([]*fileState, len(entries))
	for i, e := range entries {
		states[i] = &fileState{entry: e}
	}

	clock := newPhaseClock()
	toRead, err := prepare(ctx, states)
	if err != nil {
		return nil, err
	}
	toRead = in.settle(toRead)

	clock.lap("walk")
	cfg.Progress.Start(2 * len(toRead))
	defer cfg.Progress.Finish()

	// Pass 1, in parallel: read and score (or take from the cache, see cache.go).
	ropts := excelio.ReadOptions{Password: cfg.Password, Context: ctx}
	popts := scoring.Options{Year: cfg.Year}
	cache := openCache(cfg, out)
	sp := openSpool(out)
	defer sp.close()
	if err := parallel(ctx, workers, toRead, cfg.Progress, func(s *fileState) {
		cache.cachedRead(s, ropts, cfg.Profile, popts)
		sp.put(s)
	}); err != nil {
		return nil, err
	}
	clock.lap("read")

	// Pass 2, sequential: the checks compare files with one another, and output names go to the
	// first file in path order, so that neither depends on which worker finished first.
	flagRepeatedProjects(states, cfg.Profile)
	decided := applyDecisions(states, cfg.Decisions)
	nm := newNamerWithin(out)
	var toWrite []*fileState
	for _, s := range toRead {
		if s.status == StatusOK && len(s.results) > 0 {
			s.output = nm.next(s.rel, strings.TrimSpace(s.results[0].Form.Unit.Text))
			toWrite = append(toWrite, s)
		} else {
			cfg.Progress.Done(s.rel)
		}
	}

	// Pass 3, in parallel: each file's full results come back from the spool, its copy is
	// written, its results.json entry streamed, and only its slim results are kept.
	resultsPath := filepath.Join(out, ResultsName)
	rw, err := newResultsWriter(resultsPath, profileName(cfg), states, toWrite, in)
	if err != nil {
		return nil, &outputError{fmt.Sprintf("无法写出 %s：%s", resultsPath, WriteFailureReason(err, ResultsName)), err}
	}
	defer rw.abort()
	var spoolErr error
	var spoolOnce sync.Once
	if err := parallel(ctx, workers, toWrite, cfg.Progress, func(s *fileState) {
		if err := sp.take(s); err != nil {
			spoolOnce.Do(func() { spoolErr = err })
			return
		}
		// The slim results gave the findings back, B01's and the decisions' included; the
		// decisions are applied again to the full results, which changes nothing when they
		// are the same findings, so the copy and the entry cannot drift from the summary.
		decided.reapply(s)
		cache.cachedCopy(s, filepath.Join(out, filepath.FromSlash(s.output)))
		if cfg.Previous != nil {
			s.sides = formSides(s.results)
		}
		rw.add(s)
		if s.spooled != nil {
			s.results, s.spooled = slimResults(s.results), nil
		}
	}); err != nil {
		return nil, err
	}
	if spoolErr != nil {
		return nil, &outputError{fmt.Sprintf("无法读回输出文件夹 %s 中的临时文件：%s", out, ioReason(spoolErr)), spoolErr}
	}
	// The copies were written without a flush each; one for them all, before results.json
	// names them.
	excelio.FlushWrites()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	clock.lap("annotate")
	rep, err := writeBatchOutputs(cfg, out, states, in, clock, decided, rw)
	if err == nil {
		cache.prune()
	}
	return rep, err
}

// writeBatchOutputs writes the summary, then results.json, so results.json never names a summary
// that failed to be written.
func writeBatchOutputs(cfg Config, out string, states []*fileState, in *intake, clock *phaseClock, decided *decisionsOutcome, rw *resultsWriter) (*Report, error) {
	rep := &Report{Out: out, Year: cfg.Year, Title: cfg.Title}
	if rep.Year == 0 {
		rep.Year = commonYear(states)
	}
	if rep.Title == "" {
		rep.Title = DefaultTitle(rep.Year)
	}
	rep.SummaryPath = filepath.Join(out, SummaryName)
	rep.ResultsPath = filepath.Join(out, ResultsName)
	sum := buildSummary(cfg, rep.Title, states)
	sum.Compare = compareRuns(cfg.Previous, states, rep.Year)
	// The units come from the files' slim results (full ones where the spool could not take
	// them): a form's unit, department and status, and the message a file came in, are all
	// they need.
	slim := buildDocument(profileName(cfg), states)
	in.describe(slim)
	rep.Units = addUnits(slim, sum, cfg.Roster)
	if err := safeWriteSummary(rep.SummaryPath, sum); err != nil {
		return nil, &outputError{fmt.Sprintf("无法写出汇总表 %s：%s", rep.SummaryPath, WriteFailureReason(err, SummaryName)), err}
	}
	clock.lap("summary")
	if err := writeDecisions(rep, out, decided); err != nil {
		return nil, err
	}
	if err := rw.commit(slim.Units, staleEntries(decided.stale)); err != nil {
		return nil, &outputError{fmt.Sprintf("无法写出 %s：%s", rep.ResultsPath, WriteFailureReason(err, ResultsName)), err}
	}
	clock.lap("results")
	rep.count(states, out)
	return rep, nil
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
		return "", "", &outputError{fmt.Sprintf("无法打开收件箱 %s：%s", cfg.Inbox, ioReason(err)), err}
	}
	if !st.IsDir() {
		return "", "", fmt.Errorf("收件箱 %s 不是文件夹", cfg.Inbox)
	}
	out, err = filepath.Abs(cfg.Out)
	return inbox, out, err
}

// prepare settles, in path order, every file that is not read: skipped (B05), unreadable before
// opening, or a duplicate (B02). Hashing in path order makes "the first in path order" of a set
// of identical files well defined whatever the worker count. It returns the files left to read.
func prepare(ctx context.Context, states []*fileState) ([]*fileState, error) {
	var toRead []*fileState
	firstByHash := map[string]string{}
	for _, s := range states {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch {
		case s.class == Skip:
			s.status, s.code, s.reason = StatusSkipped, scoring.B05, skipReason(path0(s.rel))
		case s.dirErr != nil:
			s.fail(scoring.B03, "无法打开文件夹：没有读取权限，其中的文件未审核")
		case s.special:
			s.fail(scoring.B03, "不是普通文件（符号链接、设备或管道），为安全起见未读取")
		default:
			sum, err := hashFile(s.abs)
			if err != nil {
				s.fail(scoring.B03, openReason(err))
				continue
			}
			s.sha = sum
			// Empty files are all "identical"; each deserves its own 文件为空 message.
			if first, ok := firstByHash[sum]; ok && sum != emptySHA256 {
				s.status, s.code, s.reason = StatusDuplicate, scoring.B02, "与 "+first+" 内容完全相同"
				continue
			}
			firstByHash[sum] = s.rel
			toRead = append(toRead, s)
		}
	}
	return toRead, nil
}

// emptySHA256 is the sha256 of zero bytes.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// DefaultTitle is the summary's title for a batch year; a batch with no year gets none in it.
func DefaultTitle(year int) string {
	if year == 0 {
		return "项目支出绩效自评审核汇总表"
	}
	return fmt.Sprintf("%d年度项目支出绩效自评审核汇总表", year)
}

// path0 is the base name of a '/'-separated path.
func path0(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[i+1:]
	}
	return rel
}

// skipReason says why a file was skipped, for results.json and the summary's counts.
func skipReason(name string) string {
	switch {
	case strings.HasPrefix(name, "~$"), strings.HasPrefix(name, ".~lock."):
		return "Office/WPS 锁定文件，已跳过"
	case strings.HasPrefix(name, "."):
		return "隐藏文件，已跳过"
	default:
		return "临时文件，已跳过"
	}
}

// parallel runs fn on every state with at most workers at once, reporting a step of progress per
// state. Once ctx is cancelled no new state is started; the ones running finish, and ctx's error
// is returned.
func parallel(ctx context.Context, workers int, states []*fileState, pr Progress, fn func(*fileState)) error {
	jobs := make(chan *fileState)
	done := make(chan *fileState)
	var wg sync.WaitGroup
	for range min(workers, max(len(states), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				fn(s)
				done <- s
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, s := range states {
			select {
			case <-ctx.Done():
				return
			case jobs <- s:
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	// Progress is reported from this one goroutine, so implementations need no locking.
	for s := range done {
		pr.Done(s.rel)
	}
	return ctx.Err()
}

// readAndScore reads one workbook and scores its forms. A panic anywhere in there (a crafted
// workbook tripping a library) is turned into B03 for this file alone.
func readAndScore(s *fileState, ro excelio.ReadOptions, p *scoring.Profile, po scoring.Options) {
	defer func() {
		if r := recover(); r != nil {
			s.results, s.sheets = nil, nil
			s.fail(scoring.B03, "读取或审核此文件时程序出错，文件未审核；请将文件反馈给开发人员")
		}
	}()
	wb, err := readForms(s.abs, ro)
	if err != nil {
		var fe *excelio.FileError
		if errors.As(err, &fe) && fe.Code != "" {
			s.fail(fe.Code, fe.Reason)
		} else {
			s.fail(scoring.B03, "无法读取文件，文件可能已损坏或不是 Excel 工作簿")
		}
		return
	}
	if wb == nil {
		s.fail(scoring.B03, "无法读取文件，文件可能已损坏或不是 Excel 工作簿")
		return
	}
	s.sheets = wb.Sheets
	s.keepPackage(wb.Data)
	if len(wb.Forms) == 0 {
		s.fail(scoring.B06, noFormReason(wb))
		return
	}
	results := make([]*scoring.Result, 0, len(wb.Forms))
	for _, f := range wb.Forms {
		r := evaluate(f, p, po)
		if r == nil {
			panic("scoring.Evaluate returned nil")
		}
		if r.Form == nil {
			r.Form = f
		}
		results = append(results, r)
	}
	flagUnreadSheets(results, wb.Unread, p)
	s.results = results
	s.status = StatusOK
}

// writeCopy writes the annotated copy of one file. A copy that cannot be written costs the unit
// its copy only: the file was read and scored, so it stays ok, with its forms in results.json and
// the summary, and the reason in output_error.
func writeCopy(s *fileState, dst string) {
	defer func() {
		if r := recover(); r != nil {
			s.copyFailed("写出审核副本时程序出错，未生成审核副本；请将文件反馈给开发人员")
		}
	}()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		s.copyFailed("无法创建审核副本所在的文件夹 " + filepath.Dir(dst) + "：" + ioReason(err))
		return
	}
	data, reason := s.packageBytes()
	if reason != "" {
		s.copyFailed(reason)
		return
	}
	if err := annotate(data, dst, s.results); err != nil {
		s.copyFailed("无法写出审核副本：" + copyFailureReason(err, filepath.Base(dst)))
	}
}

// copyFailed records that the file's annotated copy was not written, and why.
func (s *fileState) copyFailed(reason string) {
	s.output, s.outputErr = "", reason
}

// copyFailureReason says in Chinese why a copy could not be written: a file-system reason when
// the system refused, else excelize's own words after a Chinese one, never those alone.
func copyFailureReason(err error, name string) string {
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) || errors.As(err, &le) || errors.Is(err, fs.ErrPermission) {
		return WriteFailureReason(err, name)
	}
	return "工作簿中有本工具无法处理的内容（" + err.Error() + "）"
}

// safeWriteSummary writes the summary workbook; a panic in it becomes an error of the run, so
// that a crash after every copy was written still ends with the Chinese message and exit status.
func safeWriteSummary(dst string, sum *excelio.Summary) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("程序出错：%v", r)
		}
	}()
	return writeSummary(dst, sum)
}

// commonYear is the year most forms of the batch carry, the later one on a tie; 0 when none has one.
func commonYear(states []*fileState) int {
	counts := map[int]int{}
	for _, s := range states {
		for _, r := range s.results {
			if r.Form.Year != 0 {
				counts[r.Form.Year]++
			}
		}
	}
	best, n := 0, 0
	for y, c := range counts {
		if c > n || (c == n && y > best) {
			best, n = y, c
		}
	}
	return best
}

// buildSummary collects what the summary workbook shows, in path order.
func buildSummary(cfg Config, title string, states []*fileState) *excelio.Summary {
	sum := &excelio.Summary{Title: title, Bureau: cfg.Bureau, Date: cfg.Date, Profile: cfg.Profile}
	for _, s := range states {
		if s.status == StatusOK {
			for _, r := range s.results {
				sum.Forms = append(sum.Forms, excelio.SummaryForm{Result: r, File: s.rel, Output: s.output})
			}
		}
		switch s.status {
		case StatusSkipped:
			sum.Skipped++
		case StatusFailed, StatusDuplicate:
			sum.Failed = append(sum.Failed, excelio.FailedFile{File: s.rel, Code: s.code, Reason: s.reason})
		}
	}
	return sum
}

// buildDocument assembles results.json from the states, already in path order.
func buildDocument(profile string, states []*fileState) *Document {
	doc := &Document{Tool: ToolName, Version: Version, Profile: profile, Summary: SummaryName, Files: []FileEntry{}}
	for _, s := range states {
		doc.Files = append(doc.Files, fileEntry(s))
	}
	return doc
}

// fileEntry is one file of results.json; an ok file's forms come from its full results.
func fileEntry(s *fileState) FileEntry {
	fe := FileEntry{Path: s.rel, SHA256: s.sha, Status: s.status, Forms: []FormEntry{}}
	if s.status != StatusOK {
		fe.Reason, fe.Code = s.reason, s.code
		return fe // a file that is not ok gives no forms, here as in the summary
	}
	if s.output != "" {
		out := s.output
		fe.Output = &out
	}
	fe.OutputError = s.outputErr
	order := map[string]int{}
	for i, name := range s.sheets {
		if _, ok := order[name]; !ok {
			order[name] = i
		}
	}
	for _, r := range s.results {
		fe.Forms = append(fe.Forms, formEntry(r, order))
	}
	return fe
}

// count fills the report's counts from the final states.
func (rep *Report) count(states []*fileState, out string) {
	rep.Files = len(states)
	for _, s := range states {
		switch s.status {
		case StatusOK:
			rep.Processed++
		case StatusFailed:
			rep.Failed++
			rep.Problems = append(rep.Problems, FileProblem{Path: s.rel, Code: s.code, Reason: s.reason})
		case StatusSkipped:
			rep.Skipped++
		case StatusDuplicate:
			rep.Duplicates++
		}
		if s.status != StatusOK {
			continue
		}
		for _, r := range s.results {
			rep.Forms++
			if r.Status == scoring.StatusRevise {
				rep.Revise++
			} else {
				rep.Passed++
			}
		}
		if s.output != "" {
			rep.Outputs = append(rep.Outputs, filepath.Join(out, filepath.FromSlash(s.output)))
		}
		if s.outputErr != "" {
			rep.CopyFailures = append(rep.CopyFailures, FileProblem{Path: s.rel, Reason: s.outputErr})
		}
	}
}

// outputError is a failure of the batch as a whole told in Chinese; it unwraps to the cause, so
// errors.Is(err, fs.ErrPermission) still works for callers.
type outputError struct {
	msg string
	err error
}

// Error returns the Chinese message, which already names the path and the reason.
func (e *outputError) Error() string { return e.msg }

// Unwrap returns the file-system error behind the message, nil when there was none.
func (e *outputError) Unwrap() error { return e.err }

// CheckOutFolder creates the output folder when missing and proves it writable by creating and
// removing a file in it. Permissions alone cannot tell: Windows ACLs, read-only shares and
// synced folders all refuse writes that the mode bits would allow.
func CheckOutFolder(dir string) error {
	fail := func(reason string, err error) error {
		return &outputError{fmt.Sprintf("无法写入输出文件夹 %s：%s", dir, reason), err}
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fail("同名的文件已存在，它不是文件夹", nil)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(ioReason(err), err)
	}
	// The leading dot keeps the probe out of the inbox scan should the output be inside the inbox.
	f, err := os.CreateTemp(dir, ".jxzp-写入检查-*.tmp")
	if err != nil {
		return fail(ioReason(err), err)
	}
	name := f.Name()
	cerr := f.Close()
	if rerr := os.Remove(name); cerr == nil {
		cerr = rerr
	}
	if cerr != nil {
		return fail(ioReason(cerr), cerr)
	}
	return nil
}

// Windows error codes, compared by number so that this file builds on every system; the same
// numbers mean other things elsewhere, hence the GOOS test in windowsErrno.
const (
	winWriteProtect     syscall.Errno = 19  // ERROR_WRITE_PROTECT
	winSharingViolation syscall.Errno = 32  // ERROR_SHARING_VIOLATION: the file is open in another program
	winLockViolation    syscall.Errno = 33  // ERROR_LOCK_VIOLATION
	winHandleDiskFull   syscall.Errno = 39  // ERROR_HANDLE_DISK_FULL
	winDiskFull         syscall.Errno = 112 // ERROR_DISK_FULL
	winFilenameTooLong  syscall.Errno = 206 // ERROR_FILENAME_EXCED_RANGE
)

// windowsErrno reports whether err is, on Windows, one of the given system error codes.
func windowsErrno(err error, codes ...syscall.Errno) bool {
	var errno syscall.Errno
	return runtime.GOOS == "windows" && errors.As(err, &errno) && slices.Contains(codes, errno)
}

// WriteFailureReason says in Chinese why the output file name could not be written. A refused
// write of a file that exists is, on Windows, almost always that file open in Excel or WPS (the
// final rename over it is denied), so the reason says to close it: the output folder itself was
// checked writable before the run.
func WriteFailureReason(err error, name string) string {
	if errors.Is(err, fs.ErrPermission) || windowsErrno(err, winSharingViolation, winLockViolation) {
		return "文件正被其他程序打开或没有写入权限，请关闭已打开的 " + name + " 后重试"
	}
	return ioReason(err)
}

// ioReason is a short Chinese reason for a file-system error, without the operation and paths
// Go puts in it (the message around it names the path). An error it does not recognise gives
// its innermost text: on a Chinese Windows that is the system's own Chinese message.
func ioReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有权限"
	case windowsErrno(err, winSharingViolation, winLockViolation):
		return "文件正被其他程序使用"
	case errors.Is(err, fs.ErrNotExist):
		return "找不到（文件夹可能已被移走或删除）"
	case errors.Is(err, syscall.ENOTDIR):
		return "路径中有一段是文件，不是文件夹"
	case errors.Is(err, syscall.EISDIR), errors.Is(err, fs.ErrExist), errors.Is(err, syscall.ENOTEMPTY):
		// Renaming a finished output over a folder of its name: a file would simply be replaced.
		return "已有同名的文件夹，请将它移走或改名"
	case errors.Is(err, syscall.ENOSPC), windowsErrno(err, winDiskFull, winHandleDiskFull):
		return "磁盘空间不足"
	case errors.Is(err, syscall.EROFS), windowsErrno(err, winWriteProtect):
		return "磁盘是只读的"
	case errors.Is(err, syscall.ENAMETOOLONG), windowsErrno(err, winFilenameTooLong):
		return "路径或文件名过长"
	}
	for {
		var pe *fs.PathError
		var le *os.LinkError
		var se *os.SyscallError
		switch {
		case errors.As(err, &pe) && pe.Err != nil:
			err = pe.Err
		case errors.As(err, &le) && le.Err != nil:
			err = le.Err
		case errors.As(err, &se) && se.Err != nil:
			err = se.Err
		default:
			return err.Error()
		}
	}
}
