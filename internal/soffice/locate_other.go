//go:build !windows

package soffice

import (
	"os"
	"runtime"
)

// macApp is where LibreOffice's macOS disk image installs soffice; it is never on the PATH.
const macApp = "/Applications/LibreOffice.app/Contents/MacOS/soffice"

// installed finds LibreOffice off the PATH: on macOS in /Applications; Linux packages put it on
// the PATH.
func installed() (string, bool) {
	if runtime.GOOS != "darwin" {
		return "", false
	}
	st, err := os.Stat(macApp)
	return macApp, err == nil && st.Mode().IsRegular()
}
