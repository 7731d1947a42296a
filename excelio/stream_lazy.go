package excelio

import (
	"bytes"
	"context"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// lazyExcel opens a package in excelize only when something asks for it: a formula left
// without a cached value that the native evaluator declines, or a sheet or package the streaming reader leaves to excelize. It
// holds the package's share of parseBudget, growing it to excelize's cost when it opens.
type lazyExcel struct {
	ctx     context.Context
	data    []byte
	st      *packageStats
	sp      *scannedPackage // the package's scan, completed before excelize opens it
	refused error           // what completing the scan refused: the whole file's refusal
	held    int64           // the share of parseBudget held
	release func()          // gives the share back
	tried   bool
	f       *excelize.File
	err     error
}

// newLazyExcel takes the streaming reader's share of parseBudget for the package data, scanned
// as sp.
func newLazyExcel(ctx context.Context, data []byte, sp *scannedPackage) (*lazyExcel, error) {
	l := &lazyExcel{ctx: ctx, data: data, st: sp.st, sp: sp, held: streamCost(sp.st)}
	release, err := parseBudget.acquire(ctx, l.held)
	if err != nil {
		return nil, interruptedErr(err)
	}
	l.release = release
	return l, nil
}

// open opens the package in excelize, once; a second call gives the first's answer. The share
// held is given back before the bigger one is waited for: a reader never waits on parseBudget
// while holding part of it, which could deadlock.
func (l *lazyExcel) open() (*excelize.File, error) {
	if l.tried {
		return l.f, l.err
	}
	l.tried = true
	if err := l.completeScan(); err != nil {
		l.err, l.refused = err, err
		return nil, err
	}
	need := l.held + estimateCost(l.st)
	l.release()
	release, err := parseBudget.acquire(l.ctx, need)
	if err != nil {
		l.release = func() {}
		l.err = interruptedErr(err)
		return nil, l.err
	}
	l.release, l.held = release, need
	f, err := excelize.OpenReader(bytes.NewReader(l.data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
	})
	switch {
	case err == nil:
		l.f = f
	case strings.Contains(err.Error(), "size exceeds"):
		l.err = fileErr(scoring.B03, ErrTooLarge, "工作簿解压后超过 %d MB 的处理上限，疑似异常文件", unzipSizeLimit>>20)
	default:
		l.err = corruptErr()
	}
	return l.f, l.err
}

// close closes the excelize file, if one was opened, and gives back the share of parseBudget.
func (l *lazyExcel) close() {
	if l.f != nil {
		l.f.Close()
	}
	l.release()
}

// completeScan inspects the parts the scan left unread (see readsPart), which excelize inflates
// all of, and mends them as normalising mends a package, before excelize opens it: the package
// it opens, and the copy is then written from, is the one a whole inspection gives. The theme,
// which excelize decodes, must have its root.
func (l *lazyExcel) completeScan() error {
	sp := l.sp
	if sp == nil || len(sp.unread) == 0 {
		return nil
	}
	if err := sp.completeKept(); err != nil {
		return err
	}
	n := planNormalizing(sp.zr, sp.parts)
	theme := sp.parts[partTheme]
	if n != nil {
		if fixed, ok := n.fixes[partTheme]; ok {
			theme = fixed
		}
	}
	if checkRoot(theme, "theme", nsDrawingML) != nil {
		return corruptErr()
	}
	if n == nil {
		return nil
	}
	data, err := n.rewrite(sp.zr)
	if err != nil {
		return err
	}
	l.data = data
	return nil
}

// outcome is the package the workbook was read from, which opening excelize may have mended,
// or the refusal of the whole file that opening it met.
func (l *lazyExcel) outcome() ([]byte, error) {
	if l.refused != nil {
		return nil, l.refused
	}
	return l.data, nil
}
