package excelio

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRemoveStaleConversions: the conversion folders a killed run left are removed once they are
// older than any conversion can be; a fresh one (another jxzp converting now) and anything not
// named as ours stay.
func TestRemoveStaleConversions(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	cases := []struct {
		name    string
		folder  bool
		age     time.Duration
		removed bool
	}{
		{conversionPrefix + "123", true, 2 * time.Hour, true},
		{conversionPrefix + "456", true, time.Minute, false},
		{conversionPrefix + "789", false, 2 * time.Hour, false}, // a file, not our folder
		{"jxzp-other-1", true, 2 * time.Hour, false},
		{"soffice-profile", true, 2 * time.Hour, false},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		var err error
		if c.folder {
			err = os.MkdirAll(filepath.Join(p, "out"), 0o755)
			if err == nil {
				err = os.WriteFile(filepath.Join(p, "in.xls"), []byte("单位的文件"), 0o600)
			}
		} else {
			err = os.WriteFile(p, nil, 0o600)
		}
		if err == nil {
			err = os.Chtimes(p, now.Add(-c.age), now.Add(-c.age))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	removeStaleConversions(dir, now.Add(-staleConversionAge))
	for _, c := range cases {
		_, err := os.Stat(filepath.Join(dir, c.name))
		if gone := os.IsNotExist(err); gone != c.removed {
			t.Errorf("%s: removed %v, want %v", c.name, gone, c.removed)
		}
	}
}
