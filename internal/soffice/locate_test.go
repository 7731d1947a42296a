package soffice

import (
	"slices"
	"strings"
	"testing"
)

// fakeWindows is a Windows machine described by maps.
type fakeWindows struct {
	env     map[string]string
	values  map[regRoot]map[string]string // key + "|" + value name → data
	subkeys map[regRoot]map[string][]string
	files   []string
}

func (f fakeWindows) Getenv(k string) string { return f.env[k] }

func (f fakeWindows) RegString(r regRoot, key, name string) (string, bool) {
	v, ok := f.values[r][key+"|"+name]
	return v, ok
}

func (f fakeWindows) RegSubKeys(r regRoot, key string) []string { return f.subkeys[r][key] }

func (f fakeWindows) IsFile(p string) bool {
	return slices.ContainsFunc(f.files, func(x string) bool { return strings.EqualFold(x, p) })
}

// standardEnv is a 64-bit Windows' environment.
var standardEnv = map[string]string{
	"ProgramFiles":      `C:\Program Files`,
	"ProgramW6432":      `C:\Program Files`,
	"ProgramFiles(x86)": `C:\Program Files (x86)`,
}

// TestLocateWindows checks where soffice.exe is looked for, and in which order.
func TestLocateWindows(t *testing.T) {
	const (
		def   = `C:\Program Files\LibreOffice\program\soffice.exe`
		x86   = `C:\Program Files (x86)\LibreOffice\program\soffice.exe`
		onD   = `D:\Apps\LibreOffice\program\soffice.exe`
		ver76 = `E:\LO76\program\soffice.exe`
		ver24 = `E:\LO24\program\soffice.exe`
	)
	tests := []struct {
		name string
		sys  fakeWindows
		want string
	}{
		{"default 64-bit install", fakeWindows{env: standardEnv, files: []string{def}}, def},
		{"32-bit LibreOffice on 64-bit Windows", fakeWindows{env: standardEnv, files: []string{x86}}, x86},
		{"nothing installed", fakeWindows{env: standardEnv}, ""},
		{"registry's install folder wins over the default folder", fakeWindows{
			env:    standardEnv,
			values: map[regRoot]map[string]string{hklm64: {unoKey + "|": `D:\Apps\LibreOffice\program`}},
			files:  []string{def, onD},
		}, onD},
		{"32-bit registry view, install folder without program", fakeWindows{
			values: map[regRoot]map[string]string{hklm32: {unoKey + "|": `"D:\Apps\LibreOffice\"`}},
			files:  []string{onD},
		}, onD},
		{"per-version Path, newest version first", fakeWindows{
			subkeys: map[regRoot]map[string][]string{hkcu: {versionsKey: {"7.6", "24.2", "bogus"}}},
			values: map[regRoot]map[string]string{hkcu: {
				versionsKey + `\7.6|Path`:  ver76,
				versionsKey + `\24.2|Path`: ver24,
			}},
			files: []string{ver76, ver24},
		}, ver24},
		{"registry points at a removed install", fakeWindows{
			env:    standardEnv,
			values: map[regRoot]map[string]string{hklm64: {unoKey + "|": `D:\Gone\program`}},
			files:  []string{def},
		}, def},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := locateWindows(tc.sys)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("locateWindows = %q, %v; want %q\ncandidates: %q", got, ok, tc.want, windowsCandidates(tc.sys))
			}
		})
	}
}

// TestWindowsCandidatesOrder: registry before default folders, each path once.
func TestWindowsCandidatesOrder(t *testing.T) {
	sys := fakeWindows{
		env:    standardEnv,
		values: map[regRoot]map[string]string{hklm64: {unoKey + "|": `C:\Program Files\LibreOffice\program`}},
	}
	want := []string{
		`C:\Program Files\LibreOffice\program\soffice.exe`,
		`C:\Program Files\LibreOffice\program\program\soffice.exe`,
		`C:\Program Files (x86)\LibreOffice\program\soffice.exe`,
	}
	if got := windowsCandidates(sys); !slices.Equal(got, want) {
		t.Errorf("candidates\n%q\nwant\n%q", got, want)
	}
}
