package excelio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSummaryWorkersSameBytes writes each summary with one worker and with several: the
// streamed sheets written ahead must give the very bytes of the serial write, and leave no
// temporary file behind.
func TestSummaryWorkersSameBytes(t *testing.T) {
	defer func(size int) { deflateChunk = size }(deflateChunk)
	for _, tc := range []struct {
		name  string
		s     func() *Summary
		chunk int // the deflate chunk size, 0 for deflateChunk's own
	}{
		{"sample", sampleSummary, 0},
		{"big", bigSummary, 0},
		{"big, parts of many chunks", bigSummary, 16 << 10},
		{"empty", func() *Summary { return &Summary{} }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.chunk > 0 {
				defer func(size int) { deflateChunk = size }(deflateChunk)
				deflateChunk = tc.chunk
			}
			dir := t.TempDir()
			dst := filepath.Join(dir, "summary.xlsx")
			sameBytesForWorkers(t, dst, func(workers int) error {
				s := tc.s()
				s.Workers = workers
				return WriteSummary(dst, s)
			})
			// The parts written ahead are gone once the summary is.
			if left, _ := os.ReadDir(dir); len(left) != 1 {
				t.Errorf("%d files left beside the summary, want only it", len(left))
			}
		})
	}
}

// sameBytesForWorkers calls write with one, two and four workers, each time writing dst, and
// fails the test when a write fails or gives other bytes than the serial one.
func sameBytesForWorkers(t *testing.T, dst string, write func(workers int) error) {
	t.Helper()
	var want []byte
	for _, workers := range []int{1, 2, 4} {
		if err := write(workers); err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		got, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Errorf("workers %d: %d bytes differ from the serial write's %d", workers, len(got), len(want))
		}
	}
}

// BenchmarkWriteSummary2000Workers2 is BenchmarkWriteSummary2000 with two workers, the
// streamed sheets written at once.
func BenchmarkWriteSummary2000Workers2(b *testing.B) {
	s := benchSummary(b, 2000)
	s.Workers = 2
	dst := filepath.Join(b.TempDir(), "summary.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSummary(dst, s); err != nil {
			b.Fatal(err)
		}
	}
}
