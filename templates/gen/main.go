// Command gen writes the blank template of every built-in rules profile to templates/builtin,
// the files package templates embeds. Run it with `go generate ./templates` after changing the
// layout or a built-in profile; a test fails while the embedded files differ from what it writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/jxzp/jxzp/scoring"
	"github.com/jxzp/jxzp/templates"
)

func main() {
	if err := run("."); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run writes the templates under dir, the templates package's folder.
func run(dir string) error {
	for _, name := range scoring.ProfileNames() {
		p, err := scoring.LoadProfile(name)
		if err != nil {
			return err
		}
		data, err := templates.Build(p, 0)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(templates.BuiltinPath(name)))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
