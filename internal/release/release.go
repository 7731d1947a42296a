// Package release builds jxzp's release: versioned binaries for the systems the bureau uses and
// the zip a finance clerk unpacks on Windows. Two builds of one source give the same bytes.
package release

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// versionVar is the variable -ldflags -X stamps the version into.
const versionVar = "github.com/jxzp/jxzp/batch.Version"

// Target is one system and processor the release is built for.
type Target struct{ OS, Arch string }

// String is the target as it appears in file names: windows-amd64.
func (t Target) String() string { return t.OS + "-" + t.Arch }

// Targets are what the release holds: Windows for the bureau's PCs (386 for the older 32-bit
// ones), Linux for servers and CI, macOS on Apple processors.
var Targets = []Target{{"windows", "amd64"}, {"windows", "386"}, {"linux", "amd64"}, {"darwin", "arm64"}}

// Options says what to build and where.
type Options struct {
	Root    string    // the module's folder
	Dist    string    // the folder the release is written to, created when missing
	Version string    // stamped into the binaries and their file names
	Time    time.Time // the time written into the zips, so they do not depend on when they were built
	Targets []Target  // the targets to build; nil means Targets
}

// validVersion keeps the version fit for a file name on every system.
var validVersion = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]*$`)

// Build builds every target into opts.Dist and packs a zip for each Windows one. It returns the
// paths written, in order.
func Build(opts Options) ([]string, error) {
	if !validVersion.MatchString(opts.Version) {
		return nil, fmt.Errorf("version %q: use letters, digits and . + _ -", opts.Version)
	}
	if opts.Time.Before(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
		return nil, errors.New("a zip cannot hold a time before 1980")
	}
	targets := opts.Targets
	if targets == nil {
		targets = Targets
	}
	if err := os.MkdirAll(opts.Dist, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, t := range targets {
		paths, err := buildTarget(opts, t)
		if err != nil {
			return written, err
		}
		written = append(written, paths...)
	}
	sums, err := writeChecksums(opts.Dist, written)
	if err != nil {
		return written, err
	}
	return append(written, sums), nil
}

// buildTarget builds one target's binary and, for Windows, its zip.
func buildTarget(opts Options, t Target) ([]string, error) {
	bin := filepath.Join(opts.Dist, binaryName(opts.Version, t))
	if err := goBuild(opts.Root, bin, opts.Version, t); err != nil {
		return nil, err
	}
	if t.OS != "windows" {
		return []string{bin}, nil
	}
	zipPath := filepath.Join(opts.Dist, "jxzp-"+opts.Version+"-"+t.String()+".zip")
	if err := writeZip(zipPath, bin, opts); err != nil {
		return nil, err
	}
	return []string{bin, zipPath}, nil
}

// binaryName is jxzp-<version>-<os>-<arch>, with .exe for Windows.
func binaryName(version string, t Target) string {
	name := "jxzp-" + version + "-" + t.String()
	if t.OS == "windows" {
		name += ".exe"
	}
	return name
}

// goBuild compiles the module's main package for t. Every input of the bytes is pinned: no
// paths of this machine (-trimpath), no build or VCS ids, no cgo, the baseline instruction set
// (old office PCs), and the caller's GOFLAGS ignored.
func goBuild(root, out, version string, t Target) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -buildid= -X "+versionVar+"="+version, "-o", abs, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS="+t.OS, "GOARCH="+t.Arch, "CGO_ENABLED=0",
		"GOFLAGS=", "GOAMD64=v1", "GO386=sse2", "GOARM64=v8.0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", t, err, strings.TrimSpace(string(out)))
	}
	return nil
}
