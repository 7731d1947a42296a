package batch

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPackIndexSpills writes packs whose index is held, spilled once, and spilled several times,
// with one name put twice, and checks that the committed pack indexes every record, the
// later of the two for the name put twice, and that no spill file is left.
func TestPackIndexSpills(t *testing.T) {
	for _, n := range []int{3, indexChunk, 2*indexChunk + 5} {
		dir := t.TempDir()
		w := newPackWriter(filepath.Join(dir, packName))
		name := func(i int) entryName {
			var e entryName
			e.kind = kindFile
			e.key[0], e.key[1] = byte(i), byte(i>>8)
			return e
		}
		for i := range n {
			w.put(name(i), []byte{byte(i), 1})
		}
		w.put(name(1), []byte("again"))
		if err := w.commit(); err != nil {
			t.Fatalf("%d records: %v", n, err)
		}
		r := openPack(filepath.Join(dir, packName))
		if r.entries() != n {
			t.Errorf("%d records: the index holds %d names", n, r.entries())
		}
		if data, ok := r.record(name(1)); !ok || string(data) != "again" {
			t.Errorf("%d records: the name put twice reads %q", n, data)
		}
		if data, ok := r.record(name(n - 1)); !ok || data[0] != byte(n-1) {
			t.Errorf("%d records: the last record reads %v", n, data)
		}
		r.close()
		if files, _ := os.ReadDir(dir); len(files) != 1 {
			t.Errorf("%d records: the folder holds %d files, want the pack alone", n, len(files))
		}
	}
}
