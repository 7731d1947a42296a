package excelio

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/jxzp/jxzp/internal/soffice"
)

// legacyTimeout bounds one LibreOffice conversion: a normal one takes a second or two, the
// first on a machine a few more while it sets up its profile.
const legacyTimeout = 90 * time.Second

// ErrNoConverter means no LibreOffice (soffice) is on the PATH to convert .xls/.et/.ods files.
var ErrNoConverter = soffice.ErrNotFound

// sofficePath finds LibreOffice; a variable so tests can point it elsewhere.
var sofficePath = soffice.Find

// legacyConverterAvailable reports whether .xls, .et and .ods files can be converted here.
func legacyConverterAvailable() bool {
	_, err := sofficePath()
	return err == nil
}

// sourceFormat is a format LibreOffice converts to .xlsx for us.
type sourceFormat struct {
	ext string // the input's extension in the temporary folder
	// filter is LibreOffice's import filter: without it LibreOffice imports a damaged file as
	// plain text and "succeeds".
	filter string
}

// The formats converted: .et files are read by the same filter as .xls.
var (
	formatXLS = sourceFormat{ext: "xls", filter: "MS Excel 97"}
	formatODS = sourceFormat{ext: "ods", filter: "calc8"}
)

// convert turns a workbook of another format into .xlsx bytes with LibreOffice, which keeps
// merges, formulas and cached values (the pure-Go .xls readers lose them). Each call gets its
// own temporary folder and LibreOffice profile, so conversions can run side by side, and leaves
// nothing behind: the folder is removed on return, and LibreOffice is killed when ctx ends (Ctrl-C)
// or the time runs out, and dies with jxzp should jxzp be killed outright (internal/soffice).
func convert(ctx context.Context, data []byte, from sourceFormat) ([]byte, error) {
	exe, err := sofficePath()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sweepOldConversions()
	dir, err := os.MkdirTemp("", conversionPrefix+"*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// The input is copied: LibreOffice must never open the unit's own file (it would lock it).
	in := filepath.Join(dir, "in."+from.ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "out")
	runErr := runSoffice(ctx, exe, dir, "--infilter="+from.filter,
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	converted, err := os.ReadFile(filepath.Join(out, "in.xlsx"))
	if err != nil || !bytes.HasPrefix(converted, []byte(zipMagic)) {
		if runErr != nil {
			return nil, runErr
		}
		return nil, errors.New("LibreOffice 未能转换此文件")
	}
	return converted, nil
}

// errConvertTimeout is a conversion that ran out of time.
var errConvertTimeout = errors.New("转换超时")

// runSoffice runs one LibreOffice command under legacyTimeout and ctx. soffice exits 0 even when
// it converts nothing, so its status only matters when there is no output.
func runSoffice(ctx context.Context, exe, home string, args ...string) error {
	ctx, cancel := context.WithTimeout(ctx, legacyTimeout)
	defer cancel()
	cmd := soffice.Command(ctx, exe, home, args...)
	// On Linux the kernel kills LibreOffice's group when the thread that started it ends, which
	// Go does only to a thread left locked by a finished goroutine: holding this one until
	// LibreOffice is done keeps any other goroutine from being that one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return errConvertTimeout
	}
	return err
}
