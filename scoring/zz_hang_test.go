package scoring

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	var seeds [][]byte
	for _, name := range ProfileNames() {
		d, _ := BuiltinProfileTOML(name)
		seeds = append(seeds, d)
	}
	files, _ := filepath.Glob("testdata/profiles/*.toml")
	for _, f := range files {
		d, _ := os.ReadFile(f)
		seeds = append(seeds, d)
	}
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		d := append([]byte(nil), seeds[r.Intn(len(seeds))]...)
		for k := 0; k < 1+r.Intn(4); k++ {
			if len(d) == 0 {
				break
			}
			switch r.Intn(3) {
			case 0:
				d[r.Intn(len(d))] = byte(r.Intn(256))
			case 1:
				i := r.Intn(len(d))
				d = append(d[:i], d[i+1:]...)
			case 2:
				i := r.Intn(len(d))
				d = append(d[:i], append([]byte{"[]{}=,.\"'#\n"[r.Intn(11)]}, d[i:]...)...)
			}
		}
		done := make(chan struct{})
		go func() { ParseProfile(d, "f.toml"); locate(string(d)); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			os.WriteFile("/tmp/hang.toml", d, 0o644)
			t.Fatalf("hang, written /tmp/hang.toml")
		}
	}
}
