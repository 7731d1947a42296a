// Package console adapts jxzp to where its text goes on the machines of the finance staff who run
// it: a console window Explorer opened for jxzp alone (a double-click, or a folder dropped on
// jxzp.exe), a console shared with cmd or PowerShell, or a file or pipe.
package console

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Host is what jxzp asks the system about its console. System returns the real one; tests use
// a fake, so the Windows decisions run on any system.
type Host interface {
	// OwnConsole reports whether the console window was opened for this process alone, which
	// is how Explorer starts a console program: the window closes the moment it exits.
	OwnConsole() bool
	// IsConsole reports whether f writes to a console window rather than a file or a pipe.
	IsConsole(f *os.File) bool
}

// Encoding is the character encoding of text written to a file or a pipe.
type Encoding int

// The encodings --encoding accepts.
const (
	UTF8    Encoding = iota // the default: what PowerShell 7, editors and modern tools read
	GBK                     // what old tools on a Chinese Windows read (type, findstr, Notepad before Windows 10 1903)
	GB18030                 // GBK's superset that can write every character
)

// ParseEncoding reads the value of --encoding; the spellings are the ones Windows users meet.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "-", "")) {
	case "utf8", "65001":
		return UTF8, nil
	case "gbk", "cp936", "936", "gb2312", "ansi":
		return GBK, nil
	case "gb18030", "54936":
		return GB18030, nil
	}
	return UTF8, fmt.Errorf("不支持的编码「%s」，可用：utf-8、gbk、gb18030", s)
}

// Writer returns what jxzp should write f's text through. A console gets f itself: Go writes to
// a Windows console with WriteConsoleW, so Chinese shows whatever the console's code page, and
// transcoding would only garble it. A file or pipe gets UTF-8 unless enc asks otherwise.
func Writer(h Host, f *os.File, enc Encoding) io.Writer {
	if enc == UTF8 || h.IsConsole(f) {
		return f
	}
	return NewEncoder(f, enc)
}
