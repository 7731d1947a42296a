//go:build linux

package soffice

import (
	"os/exec"
	"syscall"
)

// guardScript runs the command given after it in the background, in the shell's process group,
// and kills that whole group when the shell is sent SIGTERM (or SIGHUP, SIGINT); otherwise it
// exits with the command's status.
const guardScript = `trap 'kill -KILL 0' TERM HUP INT; "$@" & wait $!`

// startGroup runs the command in a process group of its own, killed whole when the command's
// context ends, and makes the group die with jxzp even when jxzp is killed outright (kill -9, a
// crash, a closed terminal): soffice starts oosplash, which starts soffice.bin, and soffice.bin
// would otherwise convert on, holding its temporary folder. The kernel's parent-death signal
// reaches only the direct child, so the child is a small shell (guardScript) that, on that
// signal, kills its group. The caller keeps its goroutine on one OS thread from Start to Wait:
// the signal is sent when the thread that started the child ends, not the process.
func startGroup(cmd *exec.Cmd) {
	if cmd.Err == nil {
		cmd.Args = append([]string{"sh", "-c", guardScript, "jxzp-soffice", cmd.Path}, cmd.Args[1:]...)
		cmd.Path = "/bin/sh"
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
