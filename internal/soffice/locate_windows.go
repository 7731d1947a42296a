//go:build windows

package soffice

import (
	"os"

	"golang.org/x/sys/windows/registry"
)

// installed finds LibreOffice where its Windows installer puts it, for a PC where it is not on
// the PATH (the installer never adds it there).
func installed() (string, bool) { return locateWindows(realWindows{}) }

// realWindows reads this machine's environment, registry and files.
type realWindows struct{}

// Getenv reads the process environment.
func (realWindows) Getenv(key string) string { return os.Getenv(key) }

// IsFile reports whether path is an existing regular file.
func (realWindows) IsFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// RegString reads a string value; a missing key or value is not an error, only not found.
func (realWindows) RegString(root regRoot, key, name string) (string, bool) {
	k, err := registry.OpenKey(rootKey(root), key, registry.QUERY_VALUE|view(root))
	if err != nil {
		return "", false
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	return v, err == nil
}

// RegSubKeys lists a key's subkeys, none when the key is missing.
func (realWindows) RegSubKeys(root regRoot, key string) []string {
	k, err := registry.OpenKey(rootKey(root), key, registry.ENUMERATE_SUB_KEYS|view(root))
	if err != nil {
		return nil
	}
	defer k.Close()
	names, _ := k.ReadSubKeyNames(-1)
	return names
}

// rootKey is the registry root of r.
func rootKey(r regRoot) registry.Key {
	if r == hkcu {
		return registry.CURRENT_USER
	}
	return registry.LOCAL_MACHINE
}

// view picks the 32- or 64-bit registry view, so a 32-bit LibreOffice is found by a 64-bit
// jxzp and the other way round.
func view(r regRoot) uint32 {
	if r == hklm32 {
		return registry.WOW64_32KEY
	}
	return registry.WOW64_64KEY
}
