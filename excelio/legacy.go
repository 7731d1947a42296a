package excelio

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/jxzp/jxzp/internal/soffice"
)

// legacyTimeout bounds one LibreOffice conversion: a normal one takes a second or two, the
// first on a machine a few more while it sets up its profile.
const legacyTimeout = 90 * time.Second

// ErrNoConverter means no LibreOffice (soffice) is on the PATH to convert .xls/.et files.
var ErrNoConverter = soffice.ErrNotFound

// sofficePath finds LibreOffice; a variable so tests can point it elsewhere.
var sofficePath = soffice.Find

// LegacyConverterAvailable reports whether .xls and .et files can be converted here.
func LegacyConverterAvailable() bool {
	_, err := sofficePath()
	return err == nil
}

// convertLegacy turns a legacy binary workbook into .xlsx bytes with LibreOffice, which keeps
// merges, formulas and cached values (the pure-Go .xls readers lose them). Each call gets its
// own temporary folder and LibreOffice profile, so conversions can run side by side, and leaves
// nothing behind.
func convertLegacy(data []byte) ([]byte, error) {
	exe, err := sofficePath()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "jxzp-legacy-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// The input is copied: LibreOffice must never open the unit's own file (it would lock it).
	in := filepath.Join(dir, "in.xls")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), legacyTimeout)
	defer cancel()
	cmd := soffice.Command(ctx, exe, dir,
		// Without the input filter LibreOffice imports a damaged .xls as plain text and "succeeds".
		"--infilter=MS Excel 97", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// soffice exits 0 even when it converts nothing, so success is judged by the output file.
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, errors.New("转换超时")
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
