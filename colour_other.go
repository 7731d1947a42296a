//go:build !windows

package main

import "os"

// enableColour reports whether the terminal f shows ANSI colours; every Unix terminal does.
func enableColour(*os.File) bool { return true }
