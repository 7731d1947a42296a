package strictcheck

import (
	"context"
	"encoding/json"
	"os/exec"
	"testing"
	"time"
)

// commentsScript prints every comment of a workbook as JSON: "sheet!cell" → text.
const commentsScript = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.comment is not None:
                out[ws.title + "!" + c.coordinate] = c.comment.text
print(json.dumps(out, ensure_ascii=False))
`

// Comments returns every comment of the workbook at path as openpyxl reads it, by "sheet!cell";
// ok is false, with a visible notice, when no Python with openpyxl is installed.
func Comments(t testing.TB, path string) (comments map[string]string, ok bool) {
	t.Helper()
	py, why := python()
	if py == "" {
		Notice(t, "strictcheck: "+why+": comments were not read with openpyxl")
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, "-c", commentsScript, path).Output()
	if err != nil {
		t.Fatalf("openpyxl could not read the comments of %s: %v", path, err)
	}
	if err := json.Unmarshal(out, &comments); err != nil {
		t.Fatalf("openpyxl comments of %s: %v", path, err)
	}
	return comments, true
}
