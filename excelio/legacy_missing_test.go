package excelio

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestB04NamesWhatToInstall: without LibreOffice, B04 tells the unit what to do and the bureau
// what to install, so the next run reads the file.
func TestB04NamesWhatToInstall(t *testing.T) {
	orig := sofficePath
	t.Cleanup(func() { sofficePath = orig })
	sofficePath = func() (string, error) { return "", ErrNoConverter }
	path := filepath.Join(t.TempDir(), "旧表.xls")
	ole := append([]byte(oleMagic+"\xA1\xB1\x1A\xE1"), bytes.Repeat([]byte{0}, 1024)...)
	if err := os.WriteFile(path, ole, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadForms(path, ReadOptions{})
	fe := wantFileError(t, err, "B04", ErrLegacy)
	for _, want := range []string{"请另存为 .xlsx 后重新报送", "安装", "LibreOffice", "libreoffice.org"} {
		if !strings.Contains(fe.Reason, want) {
			t.Errorf("reason %q lacks %q", fe.Reason, want)
		}
	}
}
