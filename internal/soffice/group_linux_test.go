//go:build linux

package soffice

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helperEnv makes the test binary, started again by TestGroupDiesWithParent, act as jxzp.
const helperEnv = "JXZP_SOFFICE_GROUP_HELPER"

// TestHelperGroupParent is the "jxzp" of TestGroupDiesWithParent: it starts, as startGroup
// starts LibreOffice, a shell whose own child sleeps, prints that child's pid and waits.
func TestHelperGroupParent(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		return
	}
	cmd := exec.CommandContext(context.Background(), "/bin/sh", "-c", "sleep 300 & echo $!; wait")
	startGroup(cmd)
	cmd.Stdout = os.Stdout
	runtime.LockOSThread()
	_ = cmd.Run()
	os.Exit(0)
}

// TestGroupDiesWithParent kills a parent outright (SIGKILL: no handler, no deferred cleanup)
// while its command's grandchild runs, as soffice.bin runs under soffice: the grandchild must
// die with it.
func TestGroupDiesWithParent(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	helper := exec.Command(exe, "-test.run=^TestHelperGroupParent$")
	helper.Env = append(os.Environ(), helperEnv+"=1")
	stdout, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	pid, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		helper.Process.Kill()
		t.Fatalf("no pid from the helper: %q (%v, %v)", line, err, perr)
	}
	// The pid is printed as the shell forks; the child becomes sleep when it execs.
	for deadline := time.Now().Add(10 * time.Second); !sleeping(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			helper.Process.Kill()
			t.Fatalf("process %d never became the helper's sleep", pid)
		}
	}
	helper.Process.Kill()
	helper.Wait()
	for deadline := time.Now().Add(10 * time.Second); sleeping(pid); {
		if time.Now().After(deadline) {
			syscallKill(pid)
			t.Fatal("the grandchild outlived its killed parent")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sleeping reports whether pid is a live (not zombie) sleep process.
func sleeping(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name: "1234 (sleep) S ...".
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return strings.Contains(s, "(sleep)") && i >= 0 && i+2 < len(s) && s[i+2] != 'Z'
}

// syscallKill ends a process the test failed to see die, so it does not linger either.
func syscallKill(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}
