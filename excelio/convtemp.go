package excelio

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// conversionPrefix names the temporary folders of conversions (a copy of a unit's file and a
// LibreOffice profile), so that a later run can recognise the ones a killed run left.
const conversionPrefix = "jxzp-legacy-"

// staleConversionAge is how old a conversion folder must be to be another run's leftover: far
// beyond legacyTimeout, so a conversion still running in another jxzp is never touched.
const staleConversionAge = time.Hour

// sweepOnce makes the sweep run once per process, at its first conversion.
var sweepOnce sync.Once

// sweepOldConversions removes the conversion folders a run killed outright (power cut, task
// manager) left in the temporary folder: each holds a copy of a unit's file, which must not
// linger there. Only folders of our name and older than staleConversionAge are removed.
func sweepOldConversions() {
	sweepOnce.Do(func() { removeStaleConversions(os.TempDir(), time.Now().Add(-staleConversionAge)) })
}

// removeStaleConversions removes from dir the conversion folders last modified before cutoff.
func removeStaleConversions(dir string, cutoff time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), conversionPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
