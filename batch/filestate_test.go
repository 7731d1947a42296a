package batch

import (
	"reflect"
	"testing"
	"unsafe"
)

// checkNoRare fails the test when something wrote to the fileRare files share.
func checkNoRare(t *testing.T) {
	t.Helper()
	if !reflect.DeepEqual(*noRare, fileRare{}) {
		t.Errorf("the shared noRare was written: %+v", *noRare)
	}
}

// TestFileRare: a file gets a fileRare of its own only when it has something to put there, and
// the one files share stays empty.
func TestFileRare(t *testing.T) {
	tests := []struct {
		name   string
		do     func(s *fileState)
		shared bool
		want   fileRare
	}{
		{"ok", func(s *fileState) { s.settle(StatusOK, "", "") }, true, fileRare{}},
		{"failed", func(s *fileState) { s.fail("B03", "无法读取") }, false, fileRare{code: "B03", reason: "无法读取"}},
		{"failed, then ok from the cache", func(s *fileState) {
			s.fail("B03", "无法读取")
			s.settle(StatusOK, "", "")
		}, false, fileRare{}},
		{"copy failed", func(s *fileState) { s.copyFailed("磁盘空间不足") }, false, fileRare{outputErr: "磁盘空间不足"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFileState(entry{rel: "a.xlsx"})
			tt.do(s)
			if (s.fileRare == noRare) != tt.shared {
				t.Errorf("shared fileRare = %v, want %v", s.fileRare == noRare, tt.shared)
			}
			if !reflect.DeepEqual(*s.fileRare, tt.want) {
				t.Errorf("fileRare = %+v, want %+v", *s.fileRare, tt.want)
			}
			checkNoRare(t)
		})
	}
}

// TestFileStateSize keeps a file's state small: fifty thousand of them stay to the end of a
// run. A field added must be worth its bytes times that (or go in fileRare or transit).
func TestFileStateSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are counted for 64-bit platforms")
	}
	for _, x := range []struct {
		name      string
		got, want uintptr
	}{
		{"entry", unsafe.Sizeof(entry{}), 40},
		{"fileState", unsafe.Sizeof(fileState{}), 120},
	} {
		if x.got > x.want {
			t.Errorf("%s takes %d bytes, more than %d", x.name, x.got, x.want)
		}
	}
}
