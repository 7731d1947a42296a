package excelio

import (
	"io"
	"os"
	"path/filepath"
)

// writeAtomicLazy is writeAtomic without the flushes to disk: the temporary file and the rename
// keep a reader (and a crash of the program) from ever seeing half a file, but the data reaches
// the disk when the system writes it back. The annotated copies are written so, thousands a
// batch: two fsyncs each made the batch wait on the disk (25 ms a copy, more than all the
// computing), and the batch makes them durable with one FlushWrites before results.json names them.
func writeAtomicLazy(dst string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+tempStem(filepath.Base(dst))+".*.tmp")
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
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(name, 0o644); err != nil {
		return err
	}
	return os.Rename(name, dst)
}
