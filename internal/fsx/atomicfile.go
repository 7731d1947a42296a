package fsx

import (
	"os"
	"path/filepath"
)

// AtomicFile is an output written piece by piece through a temporary file beside it, renamed
// over the destination only by Commit: results.json is streamed so, one file's entry at a time,
// and a run that stops before Commit leaves the previous output in place.
type AtomicFile struct {
	*os.File
	dst string
}

// CreateAtomic starts writing dst (its folder is created when missing).
func CreateAtomic(dst string) (*AtomicFile, error) {
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Named like WriteAtomic's temporary files, so a killed run's leftover is recognised and
	// removed by the next run (IsTempOutput).
	f, err := os.CreateTemp(dir, tempStem(filepath.Base(dst))+".*"+TempSuffix)
	if err != nil {
		return nil, err
	}
	return &AtomicFile{File: f, dst: dst}, nil
}

// Commit flushes the file to disk and renames it over the destination; on failure the
// temporary file is removed.
func (a *AtomicFile) Commit() (err error) {
	name := a.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(name)
		}
	}()
	if err = a.Sync(); err != nil {
		_ = a.Close()
		return err
	}
	if err = a.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; an output is an ordinary document the user shares.
	if err = os.Chmod(name, 0o644); err != nil {
		return err
	}
	if err = os.Rename(name, a.dst); err != nil {
		return err
	}
	if d, derr := os.Open(filepath.Dir(a.dst)); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// Abort removes the temporary file; the destination is left as it was.
func (a *AtomicFile) Abort() {
	_ = a.Close()
	_ = os.Remove(a.Name())
}
