//go:build !windows

package soffice

import (
	"os/exec"
	"syscall"
)

// startGroup puts the child in its own process group and makes cancelling the command kill the
// whole group: soffice forks a child (soffice.bin) that would otherwise outlive it.
func startGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
