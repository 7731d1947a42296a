package batch

import (
	"fmt"
	"path/filepath"

	"github.com/jxzp/jxzp/excelio"
)

// DefaultTitle is the summary's title for a batch year; a batch with no year gets none in it.
func DefaultTitle(year int) string {
	if year == 0 {
		return "项目支出绩效自评审核汇总表"
	}
	return fmt.Sprintf("%d年度项目支出绩效自评审核汇总表", year)
}

// safeWriteSummary writes the summary workbook; a panic in it becomes an error of the run, so
// that a crash after every copy was written still ends with the Chinese message and exit status.
func (st *steps) safeWriteSummary(dst string, sum *excelio.Summary) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("程序出错：%v", r)
		}
	}()
	return st.writeSummary(dst, sum)
}

// commonYear is the year most forms of the batch carry, the later one on a tie; 0 when none has one.
func commonYear(states []*fileState) int {
	counts := map[int]int{}
	for _, s := range states {
		for _, h := range s.forms {
			if h.year != 0 {
				counts[int(h.year)]++
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

// buildSummary collects what the summary workbook shows, in path order; each form's result is
// read back from its summary record when the summary needs it.
func buildSummary(cfg Config, title string, states []*fileState, nm *namer, ld *recordLoader) *excelio.Summary {
	sum := &excelio.Summary{Title: title, Bureau: cfg.Bureau, Date: cfg.Date, Profile: cfg.Profile}
	// Sized once: grown by appending, the list of ten thousand forms would hold twice its room.
	n := 0
	for _, s := range states {
		if s.status() == StatusOK {
			n += len(s.forms)
		}
	}
	sum.Forms = make([]excelio.SummaryForm, 0, n)
	ld.heads = make([]*formHead, 0, n)
	// A file's copy's path is derived once, into blocks: the summary's links hold it to the end
	// (excelio's linkSet), shared by the file's rows of 汇总表 and 问题清单.
	var paths stringArena
	for _, s := range states {
		if s.status() == StatusOK {
			output := paths.clone(nm.output(s))
			for i := range s.forms {
				sum.Forms = append(sum.Forms, excelio.SummaryForm{File: s.rel, Output: output})
				ld.heads = append(ld.heads, &s.forms[i])
			}
		}
		switch s.status() {
		case StatusSkipped:
			sum.Skipped++
		case StatusFailed, StatusDuplicate:
			sum.Failed = append(sum.Failed, excelio.FailedFile{File: s.rel, Code: s.code, Reason: s.reason})
		}
	}
	sum.Load = ld.forSummary
	return sum
}

// fileEntry is one file of results.json, output its copy's path (namer.output); an ok file's
// forms come from its full results.
func fileEntry(s *fileState, output string) FileEntry {
	fe := FileEntry{Path: s.rel, SHA256: s.sha.String(), Status: s.status(), Forms: []FormEntry{}}
	if s.status() != StatusOK {
		fe.Reason, fe.Code = s.reason, s.code
		return fe // a file that is not ok gives no forms, here as in the summary
	}
	if output != "" {
		fe.Output = &output
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
func (rep *Report) count(states []*fileState, nm *namer, out string) {
	rep.Files = len(states)
	for _, s := range states {
		switch s.status() {
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
		if s.status() != StatusOK {
			continue
		}
		for _, h := range s.forms {
			rep.Forms++
			if h.revise {
				rep.Revise++
			} else {
				rep.Passed++
			}
		}
		if output := nm.output(s); output != "" {
			rep.Outputs = append(rep.Outputs, filepath.Join(out, filepath.FromSlash(output)))
		}
		if s.outputErr != "" {
			rep.CopyFailures = append(rep.CopyFailures, FileProblem{Path: s.rel, Reason: s.outputErr})
		}
	}
}
