package strictcheck

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// Script runs a Python script with openpyxl available and returns its standard output; ok is
// false, with a visible notice, when no Python with openpyxl is installed. Tests use it to fill
// in a workbook as a reviewer's Excel would, with another library than the one that wrote it.
func Script(t testing.TB, script string, args ...string) (out []byte, ok bool) {
	t.Helper()
	py, why := python()
	if py == "" {
		Notice(t, "strictcheck: "+why+": the openpyxl script was not run")
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl script failed: %v\n%s", err, out)
	}
	return out, true
}
