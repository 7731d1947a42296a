//go:build !windows && !linux

package soffice

import (
	"os/exec"
	"syscall"
)

// startGroup puts the child in its own process group and makes cancelling the command kill the
// whole group: soffice forks a child (soffice.bin) that would otherwise outlive it. These systems
// (macOS, the BSDs) have no parent-death signal: a jxzp killed outright leaves the group running
// until its conversion ends or fails.
func startGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
