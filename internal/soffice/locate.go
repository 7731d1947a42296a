package soffice

import (
	"slices"
	"strconv"
	"strings"
)

// regRoot is a registry root and view the search reads: LibreOffice's installer writes under
// HKLM (in the 32-bit view when LibreOffice is 32-bit on 64-bit Windows) or, for a per-user
// install, under HKCU.
type regRoot int

// The registry roots searched, in this order.
const (
	hklm64 regRoot = iota // HKLM, 64-bit view
	hklm32                // HKLM, 32-bit view (WOW6432Node)
	hkcu                  // HKCU
)

// winSystem is what the search for an installed LibreOffice reads from Windows; a fake stands
// in for it in tests, so the search order is checked on any system.
type winSystem interface {
	// Getenv returns an environment variable, "" when unset.
	Getenv(key string) string
	// RegString returns a string value of a registry key ("" names the key's default value).
	RegString(root regRoot, key, name string) (string, bool)
	// RegSubKeys returns the names of a registry key's subkeys.
	RegSubKeys(root regRoot, key string) []string
	// IsFile reports whether path is an existing file.
	IsFile(path string) bool
}

// Registry keys LibreOffice's installer writes: UNO\InstallPath holds the program folder,
// LibreOffice\<version>\Path the full path of soffice.exe.
const (
	unoKey      = `SOFTWARE\LibreOffice\UNO\InstallPath`
	versionsKey = `SOFTWARE\LibreOffice\LibreOffice`
)

// locateWindows returns the first soffice.exe of windowsCandidates that exists.
func locateWindows(sys winSystem) (string, bool) {
	for _, p := range windowsCandidates(sys) {
		if sys.IsFile(p) {
			return p, true
		}
	}
	return "", false
}

// windowsCandidates lists where soffice.exe may be: first where the registry says LibreOffice
// was installed (an installer may have been pointed at D:\ or a per-user folder), then the
// installer's default folders under %ProgramFiles%, its 64-bit twin and %ProgramFiles(x86)%.
func windowsCandidates(sys winSystem) []string {
	var out []string
	for _, root := range []regRoot{hklm64, hklm32, hkcu} {
		if v, ok := sys.RegString(root, unoKey, ""); ok {
			out = append(out, sofficeIn(v)...)
		}
		for _, ver := range newestFirst(sys.RegSubKeys(root, versionsKey)) {
			if v, ok := sys.RegString(root, versionsKey+`\`+ver, "Path"); ok {
				out = append(out, sofficeIn(v)...)
			}
		}
	}
	for _, env := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		if dir := sys.Getenv(env); dir != "" {
			out = append(out, winJoin(dir, `LibreOffice\program\soffice.exe`))
		}
	}
	return uniqueFold(out)
}

// sofficeIn is soffice.exe for a registry value naming either the program itself or its
// program folder (or the install folder above it).
func sofficeIn(v string) []string {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	switch {
	case v == "":
		return nil
	case strings.HasSuffix(strings.ToLower(v), ".exe"):
		return []string{v}
	}
	return []string{winJoin(v, "soffice.exe"), winJoin(v, `program\soffice.exe`)}
}

// winJoin joins Windows path parts whatever system the code runs on.
func winJoin(dir, rest string) string {
	return strings.TrimRight(dir, `\/`) + `\` + rest
}

// newestFirst orders version names ("7.6", "24.2.1") newest first, comparing number by number.
func newestFirst(vers []string) []string {
	out := slices.Clone(vers)
	slices.SortStableFunc(out, func(a, b string) int { return compareVersions(b, a) })
	return out
}

// compareVersions compares dotted version numbers; a part that is not a number counts as 0.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		if c := versionPart(pa, i) - versionPart(pb, i); c != 0 {
			if c < 0 {
				return -1
			}
			return 1
		}
	}
	return 0
}

// versionPart is the i-th number of a split version, 0 when missing.
func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.Atoi(parts[i])
	return n
}

// uniqueFold drops repeated paths, compared without case as Windows compares them.
func uniqueFold(paths []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		if k := strings.ToLower(p); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}
