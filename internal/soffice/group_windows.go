//go:build windows

package soffice

import (
	"context"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// startGroup puts the child in its own process group and makes cancelling the command kill it
// with its whole tree: soffice.exe starts soffice.bin, which would otherwise outlive it.
func startGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
	cmd.Cancel = func() error {
		// Best effort, and first: taskkill finds the children through the living parent.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = exec.CommandContext(ctx, "taskkill", "/T", "/F", "/PID", strconv.Itoa(cmd.Process.Pid)).Run()
		return cmd.Process.Kill()
	}
	// Should taskkill fail, a surviving child still holding the output pipes must not make
	// Wait hang after the parent is gone.
	cmd.WaitDelay = 10 * time.Second
}
