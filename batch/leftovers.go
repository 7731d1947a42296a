package batch

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/jxzp/jxzp/internal/fsx"
)

// removeLeftovers removes the temporary files that runs killed outright (power cut, task manager,
// a closed window) left where jxzp writes: the output folder itself and its 审核结果 tree. Only
// files named as ours (fsx.IsTempOutput, fsx.IsProbe) are removed, and only regular files; the
// inbox is never entered, even when it lies inside that tree. Failures are ignored: a leftover
// that cannot be removed now is tried again by the next run.
func removeLeftovers(out, inbox string) {
	removeTempFiles(out)
	root := filepath.Join(out, ReviewDir)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && sameDir(p, inbox):
			return filepath.SkipDir
		case d.IsDir():
			removeTempFiles(p)
		}
		return nil
	})
}

// removeTempFiles removes the leftovers of ours directly in dir.
func removeTempFiles(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && (fsx.IsTempOutput(e.Name()) || fsx.IsProbe(e.Name())) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
