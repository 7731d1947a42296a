//go:build linux

package excelio

// A conversion stopped half way leaves nothing: cancelled (Ctrl-C), LibreOffice is killed and
// the temporary folder removed; jxzp killed outright, LibreOffice dies with it. Each case runs
// with a stand-in for LibreOffice whose worker would sleep for minutes, so only a kill ends it,
// and with the real LibreOffice when it is installed. (Pausing the real soffice.bin with SIGSTOP
// would not do: a stopped process in a group orphaned by its parent's death gets SIGHUP from the
// kernel, which would hide a missing kill.)

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeSoffice writes a stand-in for LibreOffice: like soffice (oosplash), it starts a worker,
// named soffice.bin on its command line with all its arguments, and waits for it. The worker
// sleeps five minutes.
func fakeSoffice(t *testing.T) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "soffice")
	body := "#!/bin/sh\nsh -c 'sleep 300; :' fake-soffice.bin \"$@\" &\nwait\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

// sofficeProcesses lists the live processes whose command line holds marker (a private temp
// folder): the LibreOffice started for a conversion there. Zombies have no command line.
func sofficeProcesses(marker string) []string {
	dirs, _ := os.ReadDir("/proc")
	var found []string
	for _, d := range dirs {
		cmdline, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), marker) {
			found = append(found, d.Name()+" "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return found
}

// waitForWorker waits until LibreOffice's worker (soffice.bin, a grandchild of the command
// started) runs for marker.
func waitForWorker(marker string) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, p := range sofficeProcesses(marker) {
			if strings.Contains(p, "soffice.bin") {
				return true
			}
		}
	}
	return false
}

// noSofficeLeft fails the test if a process of marker is still alive after a few seconds, and
// then kills it, so a failing test leaves nothing running either.
func noSofficeLeft(t *testing.T, marker string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(sofficeProcesses(marker)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	left := sofficeProcesses(marker)
	if len(left) > 0 {
		t.Errorf("LibreOffice still running:\n%s", strings.Join(left, "\n"))
	}
	for _, p := range left {
		pid, err := strconv.Atoi(strings.Fields(p)[0])
		if err != nil {
			continue
		}
		// The whole group, so the worker's own children go too; never the test's own group.
		if pgid, err := syscall.Getpgid(pid); err == nil && pgid != syscall.Getpgrp() {
			syscall.Kill(-pgid, syscall.SIGKILL)
		}
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// Environment of the test binary started again as the "jxzp" of a kill case.
const (
	convertHelperXLS     = "JXZP_CONVERT_HELPER_XLS"
	convertHelperSoffice = "JXZP_CONVERT_HELPER_SOFFICE"
)

// TestHelperConvert is the "jxzp" killed by TestConversionStopped: it converts the file named by
// its environment with the LibreOffice named there.
func TestHelperConvert(t *testing.T) {
	xls := os.Getenv(convertHelperXLS)
	if xls == "" {
		return
	}
	data, err := os.ReadFile(xls)
	if err != nil {
		os.Exit(2)
	}
	exe := os.Getenv(convertHelperSoffice)
	sofficePath = func() (string, error) { return exe, nil }
	_, _ = convert(context.Background(), data, formatXLS)
	os.Exit(0)
}

// TestConversionStopped stops conversions while LibreOffice's worker runs: cancelled, convert
// returns the context's error, nothing runs on and the temporary folder is gone; jxzp killed
// outright (SIGKILL: no handler, no deferred cleanup, as the task manager or a closed terminal
// would), nothing runs on.
func TestConversionStopped(t *testing.T) {
	for _, tc := range []struct {
		name string
		real bool // the real LibreOffice, else the stand-in
		kill bool // kill the converting process, else cancel the conversion
	}{
		{"stand-in/cancelled", false, false},
		{"stand-in/jxzp killed", false, true},
		{"LibreOffice/cancelled", true, false},
		{"LibreOffice/jxzp killed", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exe := ""
			if tc.real {
				exe = needSoffice(t)
			} else {
				exe = fakeSoffice(t)
			}
			xls := makeLegacyInput(t, tc.real, exe)
			marker := t.TempDir()
			if tc.kill {
				killConverting(t, exe, xls, marker)
			} else {
				cancelConversion(t, exe, xls, marker)
			}
		})
	}
}

// makeLegacyInput is the .xls to convert: a real one for LibreOffice, any bytes for the stand-in.
func makeLegacyInput(t *testing.T, real bool, soffice string) string {
	t.Helper()
	if real {
		return makeXLS(t, soffice, hostileSrc("langfang_family1.xlsx"), t.TempDir())
	}
	path := filepath.Join(t.TempDir(), "旧表.xls")
	if err := os.WriteFile(path, []byte(oleMagic+"单位的文件"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// cancelConversion converts xls with exe in this process, with TMPDIR=marker, and cancels the
// conversion once the worker runs.
func cancelConversion(t *testing.T, exe, xls, marker string) {
	orig := sofficePath
	t.Cleanup(func() { sofficePath = orig })
	sofficePath = func() (string, error) { return exe, nil }
	t.Setenv("TMPDIR", marker)
	data, err := os.ReadFile(xls)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		if waitForWorker(marker) {
			cancel()
		}
	}()
	_, err = convert(ctx, data, formatXLS)
	noSofficeLeft(t, marker)
	if err != context.Canceled {
		t.Fatalf("convert = %v, want context.Canceled (did it end before its worker was seen?)", err)
	}
	if left := tempLeftovers(t, marker); len(left) > 0 {
		t.Errorf("left in the temp folder: %v", left)
	}
}

// killConverting starts the test binary as a jxzp converting xls with exe, TMPDIR=marker, and
// kills it outright once the worker runs.
func killConverting(t *testing.T, exe, xls, marker string) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	helper := exec.Command(self, "-test.run=^TestHelperConvert$")
	helper.Env = append(os.Environ(), convertHelperXLS+"="+xls, convertHelperSoffice+"="+exe, "TMPDIR="+marker)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	seen := waitForWorker(marker)
	helper.Process.Kill()
	helper.Wait()
	if !seen {
		t.Fatal("LibreOffice's worker never ran for the helper")
	}
	noSofficeLeft(t, marker)
}
