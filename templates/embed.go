package templates

import (
	"embed"

	"github.com/jxzp/jxzp/scoring"
)

//go:generate go run ./gen

// builtin holds the blank template of each built-in profile, year left blank, as ./gen wrote it.
//
//go:embed builtin
var builtin embed.FS

// BuiltinPath is where ./gen writes the template of a built-in profile, relative to this package.
func BuiltinPath(profile string) string { return "builtin/" + profile + ".xlsx" }

// Embedded returns the generated template of a built-in profile with the year left blank; false
// for a name that has none.
func Embedded(profile string) ([]byte, bool) {
	data, err := builtin.ReadFile(BuiltinPath(profile))
	return data, err == nil
}

// Template returns the blank template for profile p and year: the embedded one for a built-in
// profile with no year, else one built now by the same code.
func Template(p *scoring.Profile, builtinName string, year int) ([]byte, error) {
	if year == 0 && builtinName != "" {
		if data, ok := Embedded(builtinName); ok {
			return data, nil
		}
	}
	return Build(p, year)
}
