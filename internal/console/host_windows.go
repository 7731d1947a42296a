//go:build windows

package console

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// getConsoleProcessList is not wrapped by x/sys/windows.
var getConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// System returns the Host of this process.
func System() Host { return winHost{} }

// winHost asks the Windows console API.
type winHost struct{}

// OwnConsole reports whether this process is the only one attached to its console. Started
// from cmd or PowerShell the shell is attached too; started from Explorer, nothing else is.
func (winHost) OwnConsole() bool {
	ids := make([]uint32, 4)
	n, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return n == 1
}

// IsConsole reports whether f is a console handle: GetConsoleMode fails on files and pipes.
func (winHost) IsConsole(f *os.File) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil
}
