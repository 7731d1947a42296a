package fsx

import (
	"fmt"
	"os"
	"regexp"
)

// probeName matches the file CheckOutFolder creates and removes at once to prove the output
// folder writable: a run killed in between leaves it.
var probeName = regexp.MustCompile(`^\.jxzp-写入检查-[0-9]+\.tmp$`)

// IsProbe reports whether a file name is that of CheckOutFolder's probe, which only a killed run
// leaves behind.
func IsProbe(name string) bool { return probeName.MatchString(name) }

// CheckOutFolder creates the output folder when missing and proves it writable by creating and
// removing a file in it. Permissions alone cannot tell: Windows ACLs, read-only shares and
// synced folders all refuse writes that the mode bits would allow.
func CheckOutFolder(dir string) error {
	fail := func(reason string, err error) error {
		return NewError(fmt.Sprintf("无法写入输出文件夹 %s：%s", dir, reason), err)
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fail("同名的文件已存在，它不是文件夹", nil)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(Reason(err), err)
	}
	// The leading dot keeps the probe out of the inbox scan should the output be inside the inbox.
	f, err := os.CreateTemp(dir, ".jxzp-写入检查-*.tmp")
	if err != nil {
		return fail(Reason(err), err)
	}
	name := f.Name()
	cerr := f.Close()
	if rerr := os.Remove(name); cerr == nil {
		cerr = rerr
	}
	if cerr != nil {
		return fail(Reason(cerr), cerr)
	}
	return nil
}
