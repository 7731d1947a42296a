package fsx

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// TempSuffix ends the name of every temporary file written beside an output.
const TempSuffix = ".jxzp-tmp"

// oldTempName matches the temporary names of earlier versions: a dot, the output's name, the
// random digits of os.CreateTemp and ".tmp".
var oldTempName = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// IsTempOutput reports whether a file name is that of a temporary file written beside an output
// (by this version or an earlier one), which only a killed run leaves behind.
func IsTempOutput(name string) bool {
	return strings.HasSuffix(name, TempSuffix) || oldTempName.MatchString(name)
}

// WriteFile writes data to dst through a temporary file in dst's folder and a rename, so a
// reader never sees a half-written dst and a crash leaves the previous dst in place.
func WriteFile(dst string, data []byte) error {
	return WriteAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// WriteAtomic creates dst's folder, lets write fill a temporary file beside dst, flushes it to
// disk and renames it over dst. The temporary file is removed on any failure.
func WriteAtomic(dst string, write func(w io.Writer) error) error {
	return writeRenamed(dst, write, true)
}

// WriteLazy is WriteAtomic without the flushes to disk: the temporary file and the rename
// keep a reader (and a crash of the program) from ever seeing half a file, but the data reaches
// the disk when the system writes it back. The annotated copies are written so, thousands a
// batch: two fsyncs each made the batch wait on the disk (25 ms a copy, more than all the
// computing), and the batch makes them durable with one FlushWrites before results.json names them.
func WriteLazy(dst string, write func(w io.Writer) error) error {
	return writeRenamed(dst, write, false)
}

// writeRenamed writes dst through a temporary file beside it and a rename, flushing file and
// folder to disk first when durable.
func writeRenamed(dst string, write func(w io.Writer) error, durable bool) (err error) {
	dir := filepath.Dir(dst)
	// The same folder keeps the rename on one file system, where it is atomic. The suffix makes
	// the file recognisable as ours: a run killed before the rename leaves it, and the next run
	// removes it (IsTempOutput); it is no workbook extension, so no inbox scan lists it. The
	// folder is made only when it is missing: a batch writes thousands of files into folders
	// that exist, and asking first cost each a look-up.
	pattern := tempStem(filepath.Base(dst)) + ".*" + TempSuffix
	tmp, err := os.CreateTemp(dir, pattern)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.CreateTemp(dir, pattern)
		}
	}
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if durable {
		if err = tmp.Sync(); err != nil {
			return err
		}
	}
	// CreateTemp makes the file 0600; an output is an ordinary document the user shares. The
	// open file is changed, not its path, which the system would look up again.
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(name, dst); err != nil {
		return err
	}
	if durable {
		// Syncing the folder makes the rename itself durable; some systems refuse it, and the
		// file is complete either way, so a failure here is not reported.
		if d, derr := os.Open(dir); derr == nil {
			_ = d.Sync()
			_ = d.Close()
		}
	}
	return nil
}

// tempStem shortens a file name for use inside a temporary name: a long Chinese name is close to
// the 255-byte limit of most file systems already, and the temporary name adds to it.
func tempStem(base string) string {
	const max = 64
	if len(base) <= max {
		return base
	}
	cut := 0
	for i := range base {
		if i > max {
			break
		}
		cut = i
	}
	return base[:cut]
}
