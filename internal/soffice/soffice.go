// Package soffice runs LibreOffice headless for one conversion: with a private profile (so
// conversions can run side by side and never touch a user's settings), in a process group of
// its own (soffice starts soffice.bin, which must die with it on a timeout), and with a file URL
// LibreOffice accepts on every system.
package soffice

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNotFound means no LibreOffice (soffice or libreoffice) is on the PATH or where its
// installer puts it.
var ErrNotFound = errors.New("no soffice found")

// Find returns the path of LibreOffice's soffice, or ErrNotFound: from the PATH first (an
// administrator's choice wins), then where the installer puts it (see installed).
func Find() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if p, ok := installed(); ok {
		return p, nil
	}
	return "", ErrNotFound
}

// Command prepares exe (soffice) to run headless with args, its profile and HOME in the private
// folder home; ctx's end kills it with all its children.
func Command(ctx context.Context, exe, home string, args ...string) *exec.Cmd {
	all := append([]string{"--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=" + FileURL(filepath.Join(home, "profile"))}, args...)
	cmd := exec.CommandContext(ctx, exe, all...)
	startGroup(cmd)
	cmd.Env = append(os.Environ(), "HOME="+home)
	return cmd
}

// FileURL turns a local absolute path into the file URL LibreOffice expects:
// file:///tmp/x on Unix, file:///C:/x on Windows.
func FileURL(dir string) string {
	return fileURLFromSlash(filepath.ToSlash(dir))
}

// fileURLFromSlash is FileURL for a path already in slash form ("/tmp/x" or "C:/x"), so the
// Windows form can be checked on any system. Spaces and non-ASCII names are percent-escaped.
func fileURLFromSlash(p string) string {
	return (&url.URL{Scheme: "file", Path: "/" + strings.TrimPrefix(p, "/")}).String()
}
