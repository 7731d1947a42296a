package batch

import (
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// BenchmarkRunMemory reports the peak heap of a full run (live objects and garbage not yet
// collected, sampled every few milliseconds) over 200 and 2,000 files: with flat memory the
// two differ by little. Run with `go test ./batch -run '^$' -bench RunMemory -benchtime 1x`.
func BenchmarkRunMemory(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inbox := filepath.Join(b.TempDir(), "inbox")
			writeVariants(b, inbox, 0, n)
			runtime.GC()
			b.ResetTimer()
			var peak uint64
			for i := range b.N {
				stop := sampleHeapPeak(&peak)
				incRun(b, nil, inbox, filepath.Join(b.TempDir(), fmt.Sprint("out", i)), true)
				stop()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// sampleHeapPeak records in peak the largest heap seen until stop is called.
func sampleHeapPeak(peak *uint64) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
