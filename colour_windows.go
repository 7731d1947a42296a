//go:build windows

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// enableVirtualTerminal is ENABLE_VIRTUAL_TERMINAL_PROCESSING: Windows 10 consoles show ANSI
// colours only once a program asks for it.
const enableVirtualTerminal = 0x0004

var (
	kernel32           = syscall.NewLazyDLL("kernel32.dll")
	procGetConsoleMode = kernel32.NewProc("GetConsoleMode")
	procSetConsoleMode = kernel32.NewProc("SetConsoleMode")
)

// enableColour turns on ANSI colours in the console f; false (plain text) where the console
// refuses, as older Windows consoles do, so they never show escape codes.
func enableColour(f *os.File) bool {
	var mode uint32
	h := f.Fd()
	if r, _, _ := procGetConsoleMode.Call(h, uintptr(unsafe.Pointer(&mode))); r == 0 {
		return false
	}
	if mode&enableVirtualTerminal != 0 {
		return true
	}
	r, _, _ := procSetConsoleMode.Call(h, uintptr(mode|enableVirtualTerminal))
	return r != 0
}
