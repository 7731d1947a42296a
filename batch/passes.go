package batch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/scoring"
)

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
// workbook tripping a library) is turned into B03 for this file alone. The workbook read is
// returned when the file is ok, for its copy to be staged (stager), else nil.
func (st *steps) readAndScore(s *fileState, ro excelio.ReadOptions, p *scoring.Profile, po scoring.Options) (read *excelio.Workbook) {
	defer func() {
		if r := recover(); r != nil {
			s.results, s.sheets, read = nil, nil, nil
			s.fail(scoring.B03, "读取或审核此文件时程序出错，文件未审核；请将文件反馈给开发人员")
		}
	}()
	wb, err := st.readForms(s.abs, ro)
	if err != nil {
		var fe *excelio.FileError
		if errors.As(err, &fe) && fe.Code != "" {
			s.fail(fe.Code, fe.Reason)
		} else {
			s.fail(scoring.B03, "无法读取文件，文件可能已损坏或不是 Excel 工作簿")
		}
		return nil
	}
	s.sheets = wb.Sheets
	s.keepPackage(wb.Data)
	if len(wb.Forms) == 0 {
		s.fail(scoring.B06, noFormReason(wb))
		return nil
	}
	results := make([]*scoring.Result, 0, len(wb.Forms))
	for _, f := range wb.Forms {
		results = append(results, st.evaluate(f, p, po))
	}
	flagUnreadSheets(results, wb.Unread, p)
	s.results = results
	s.st = stOK
	return wb
}

// writeCopy writes the annotated copy of one file. A copy that cannot be written costs the unit
// its copy only: the file was read and scored, so it stays ok, with its forms in results.json and
// the summary, and the reason in output_error.
func (st *steps) writeCopy(s *fileState, dst string) {
	defer func() {
		if r := recover(); r != nil {
			s.copyFailed("写出审核副本时程序出错，未生成审核副本；请将文件反馈给开发人员")
		}
	}()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		s.copyFailed("无法创建审核副本所在的文件夹 " + filepath.Dir(dst) + "：" + fsx.Reason(err))
		return
	}
	data, reason := s.packageBytes()
	if reason != "" {
		s.copyFailed(reason)
		return
	}
	if err := st.annotate(data, dst, s.results); err != nil {
		s.copyFailed("无法写出审核副本：" + copyFailureReason(err, filepath.Base(dst)))
	}
}

// copyFailed records that the file's annotated copy was not written, and why.
func (s *fileState) copyFailed(reason string) {
	s.copyN, s.own().outputErr = 0, reason
}

// copyFailureReason says in Chinese why a copy could not be written: a file-system reason when
// the system refused, else excelize's own words after a Chinese one, never those alone.
func copyFailureReason(err error, name string) string {
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) || errors.As(err, &le) || errors.Is(err, fs.ErrPermission) {
		return fsx.WriteFailureReason(err, name)
	}
	return "工作簿中有本工具无法处理的内容（" + err.Error() + "）"
}
