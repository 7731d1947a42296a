package batch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeVariants writes n copies of the seed sample under dir, each a different project (so no
// B01 ties them together), named from first on.
func writeVariants(b *testing.B, dir string, first, n int) {
	b.Helper()
	src := filepath.Join("..", "samples", "三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx")
	f, err := excelize.OpenFile(src)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for i := first; i < first+n; i++ {
		if err := f.SetCellValue("Sheet1", "B3", fmt.Sprintf("网络宣传管理和文化建设经费第%05d号", i)); err != nil {
			b.Fatal(err)
		}
		if err := f.SaveAs(filepath.Join(dir, fmt.Sprintf("%05d.xlsx", i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRerun times a re-run over 1,000 unchanged files plus 10 new ones; BenchmarkFullRun
// the same 1,010 files read from scratch. Run with `go test ./batch -run '^$' -bench Run
// -benchtime 1x`: the re-run should cost a small fraction of the full run.
func BenchmarkRerun(b *testing.B) {
	inbox, out := filepath.Join(b.TempDir(), "inbox"), filepath.Join(b.TempDir(), "out")
	writeVariants(b, inbox, 0, 1000)
	incRun(b, nil, inbox, out, false)
	next := 1000
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		writeVariants(b, inbox, next, 10)
		next += 10
		b.StartTimer()
		incRun(b, nil, inbox, out, false)
	}
}

// BenchmarkFullRun is the full run BenchmarkRerun is compared with.
func BenchmarkFullRun(b *testing.B) {
	inbox := filepath.Join(b.TempDir(), "inbox")
	writeVariants(b, inbox, 0, 1010)
	b.ResetTimer()
	for i := range b.N {
		incRun(b, nil, inbox, filepath.Join(b.TempDir(), fmt.Sprint("out", i)), true)
	}
}
