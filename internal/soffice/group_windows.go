//go:build windows

package soffice

import (
	"context"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// startGroup puts the child in its own process group and makes cancelling the command kill it
// with its whole tree: soffice.exe starts soffice.bin, which would otherwise outlive it. It also
// puts jxzp in a job object that kills every process in it when jxzp ends (joinKillJob), so the
// tree dies with jxzp even when jxzp is ended outright (task manager, a closed console).
func startGroup(cmd *exec.Cmd) {
	joinKillJob()
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

// jobOnce makes jxzp join its job once, before its first LibreOffice.
var jobOnce sync.Once

// joinKillJob puts jxzp itself in a new job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE.
// Processes started afterwards are in the job from their first instruction (no window in which
// soffice.exe could start soffice.bin outside it, as assigning the child after its start would
// leave), and the job's only handle is jxzp's, which Windows closes when jxzp ends however it
// ends, killing what is left in it. jxzp starts nothing that should outlive it. Best effort:
// where Windows refuses (a job that forbids nesting, before Windows 8), cancelling still kills the
// tree through taskkill.
func joinKillJob() {
	jobOnce.Do(func() {
		job, err := windows.CreateJobObject(nil, nil)
		if err != nil {
			return
		}
		var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
		info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
		if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
			uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
			windows.CloseHandle(job)
			return
		}
		if err := windows.AssignProcessToJobObject(job, windows.CurrentProcess()); err != nil {
			windows.CloseHandle(job)
		}
		// The handle stays open for jxzp's lifetime on purpose: its closing is what kills the job.
	})
}
