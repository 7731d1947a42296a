package batch

import (
	"context"
	"crypto/sha256"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

// fileState is one listed file travelling through the pipeline. What only the passes need sits
// in its transit, let go once the file's results.json entry is written: the summary after pass 3
// is the run's peak of memory, and there ten thousand files must hold little each.
type fileState struct {
	entry
	// forms are the heads of the file's forms (heads.go), kept from pass 1 to the end.
	forms []formHead
	// unit and dept are the first form's 实施单位 and 主管部门, which name the copy's folder and
	// the file's unit.
	unit, dept string
	// late says the file's results.json entry is given in pass 3 (resultsWriter.add).
	late bool
	// st is the file's status (status), in the padding after late.
	st fileStatus
	// copyN is the collision number of the file's annotated copy (namer.reserve), which its
	// path is derived from (namer.output); 0 when it has no copy.
	copyN uint32
	*transit
	// fileRare is what few files have, read through it and written through own: never nil,
	// noRare for a file that has none of it, so most files cost a pointer for it.
	*fileRare
}

// fileStatus is a file's status in a byte, read as its name (status): tens of thousands of
// states are kept to the end of a run.
type fileStatus uint8

const (
	stUnsettled fileStatus = iota
	stOK
	stFailed
	stSkipped
	stDuplicate
)

// statusNames are the names of the statuses, at their values.
var statusNames = [...]string{"", StatusOK, StatusFailed, StatusSkipped, StatusDuplicate}

// status is the file's status, one of the Status constants; "" before it is settled.
func (s *fileState) status() string { return statusNames[s.st] }

// statusByName is the status named name, and whether there is one.
func statusByName(name string) (fileStatus, bool) {
	for st, n := range statusNames {
		if n == name {
			return fileStatus(st), true
		}
	}
	return stUnsettled, false
}

// fileRare are the fields of a file that most files leave empty.
type fileRare struct {
	code   string
	reason string
	// sides are the file's forms as --previous compares them, taken from the full results in
	// pass 3 (the summary records have no indicator names); nil without --previous.
	sides []side
	// outputErr says in Chinese why the annotated copy could not be written; the file's forms
	// were read and scored all the same, so it stays ok.
	outputErr string
}

// noRare is the fileRare of every file that has none: shared, so never written.
var noRare = &fileRare{}

// own is the file's fileRare, made its own before a field of it is written.
func (s *fileState) own() *fileRare {
	if s.fileRare == noRare {
		s.fileRare = &fileRare{}
	}
	return s.fileRare
}

// settle sets the file's status, with its B code and Chinese reason when it is not ok.
func (s *fileState) settle(status, code, reason string) {
	// A Status constant, or a cache record's status cachedRead checked.
	s.st, _ = statusByName(status)
	if code != "" || reason != "" || s.fileRare != noRare {
		r := s.own()
		r.code, r.reason = code, reason
	}
}

// transit is what a file holds from the walk until its results.json entry is written.
type transit struct {
	sheets  []string
	results []*scoring.Result
	// encoded are the results as the cache encoded them in pass 1 (resultcodec.go), for the
	// spool to take as they are; nil when they were not encoded.
	encoded []byte
	// data is the .xlsx package read when it is not the file's bytes (see keepPackage), kept
	// until its annotated copy is written.
	data []byte
	// spooled is where the file's full results wait between pass 1 and pass 3 (spool.go);
	// results is nil meanwhile, and again after pass 3, when forms tells where each form's
	// summary record lies.
	spooled spooled
	sha     digest
	// fromCache says the forms came from the cache (cache.go): the file was not read this run.
	fromCache bool
	// copy is the annotated copy staged in pass 1 (speculative.go), until pass 3 takes it.
	copy stagedAt
}

// newFileState is the state of a listed file before any pass.
func newFileState(e entry) *fileState {
	return &fileState{entry: e, transit: &transit{}, fileRare: noRare}
}

// arrived lets a file's transit go once its results.json entry is written: what it points to at
// once, the transit itself with those of the other files (newFileStates).
func (s *fileState) arrived() {
	if s.transit != nil {
		*s.transit = transit{}
		s.transit = nil
	}
}

// fail marks the file 未处理 with a code and a Chinese reason.
func (s *fileState) fail(code, reason string) {
	s.settle(StatusFailed, code, reason)
}

// prepare settles, in path order, every file that is not read: skipped (B05), unreadable before
// opening, or a duplicate (B02). Hashing in path order makes "the first in path order" of a set
// of identical files well defined whatever the worker count; the hashes themselves are taken by
// workers at once beforehand. It returns the files left to read.
func prepare(ctx context.Context, states []*fileState, workers int) ([]*fileState, error) {
	sums := hashAll(ctx, states, workers)
	var toRead []*fileState
	firstByHash := map[[sha256.Size]byte]string{}
	for i, s := range states {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch {
		case s.class == Skip:
			s.settle(StatusSkipped, scoring.B05, skipReason(path0(s.rel)))
		case s.odd == oddUnlisted:
			s.fail(scoring.B03, "无法打开文件夹：没有读取权限，其中的文件未审核")
		case s.odd == oddSpecial:
			s.fail(scoring.B03, "不是普通文件（符号链接、设备或管道），为安全起见未读取")
		default:
			sum, err := sums[i].sum, sums[i].err
			if err != nil {
				s.fail(scoring.B03, fsx.OpenReason(err))
				continue
			}
			s.sha = sum
			// Empty files are all "identical"; each deserves its own 文件为空 message.
			if first, ok := firstByHash[sum.sum]; ok && sum.sum != emptySHA256 {
				s.settle(StatusDuplicate, scoring.B02, "与 "+first+" 内容完全相同")
				continue
			}
			firstByHash[sum.sum] = s.rel
			toRead = append(toRead, s)
		}
	}
	return toRead, nil
}

// hashed is the sha256 of one file, or why it could not be read.
type hashed struct {
	sum digest
	err error
}

// hashAll hashes the files prepare reads, with at most workers at once, each at its index of
// states. It stops early once ctx is cancelled, which prepare then reports.
func hashAll(ctx context.Context, states []*fileState, workers int) []hashed {
	sums := make([]hashed, len(states))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(states) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				if s := states[i]; s.class != Skip && s.odd == oddNone {
					sums[i].sum, sums[i].err = hashFile(s.abs)
				}
			}
		}()
	}
	wg.Wait()
	return sums
}

// emptySHA256 is the sha256 of zero bytes.
var emptySHA256 = sha256.Sum256(nil)

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
