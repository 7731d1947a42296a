//go:build !windows

package console

import "os"

// System returns the Host of this process.
func System() Host { return unixHost{} }

// unixHost is the Host on Linux and macOS, where a terminal is never opened for one program, and
// which write UTF-8 to it.
type unixHost struct{}

// OwnConsole is false: a terminal window outlives the programs run in it.
func (unixHost) OwnConsole() bool { return false }

// IsConsole reports whether f is a terminal (a character device).
func (unixHost) IsConsole(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
