package batch

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jxzp/jxzp/excelio"
)

// killedRunEnv names, in the environment of the test binary run again as a child, the inbox and
// output folder of the run TestKilledRunLeavesNoCopy kills.
const killedRunEnv = "JXZP_TEST_KILLED_RUN"

// TestKilledRunHelper is the child of TestKilledRunLeavesNoCopy: a batch whose second file's
// reading never ends, so that it is killed with the first file's copy staged.
func TestKilledRunHelper(t *testing.T) {
	dirs := os.Getenv(killedRunEnv)
	if dirs == "" {
		t.Skip("run by TestKilledRunLeavesNoCopy")
	}
	inbox, out, _ := strings.Cut(dirs, "\n")
	st := realSteps()
	read := st.readForms
	first := true
	st.readForms = func(p string, o excelio.ReadOptions) (*excelio.Workbook, error) {
		if !first {
			select {} // killed here
		}
		first = false
		return read(p, o)
	}
	_, _ = Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: mustProfile(t), Workers: 1, steps: st})
}

// TestKilledRunLeavesNoCopy kills a run (SIGKILL, no chance to clean up) once it has staged a
// copy: no copy is under its final name, and the next run removes the staged one and writes
// every copy.
func TestKilledRunLeavesNoCopy(t *testing.T) {
	inbox, out := samplesInbox(t)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestKilledRunHelper$")
	cmd.Env = append(os.Environ(), killedRunEnv+"="+inbox+"\n"+out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	staged := func() []string {
		names, _ := filepath.Glob(filepath.Join(out, ReviewDir, "*", stagedPrefix+"*"))
		return names
	}
	for deadline := time.Now().Add(time.Minute); len(staged()) == 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
	}
	left := staged()
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if len(left) == 0 {
		t.Fatal("the child staged no copy")
	}
	if copies, _ := filepath.Glob(filepath.Join(out, ReviewDir, "*", "*.xlsx")); len(copies) != 0 {
		t.Errorf("the killed run left copies under their final names: %v", copies)
	}
	rep, err := Run(context.Background(), Config{Inbox: inbox, Out: out, Profile: mustProfile(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if names := staged(); len(names) != 0 {
		t.Errorf("staged copies left after the next run: %v", names)
	}
	if inputs, _ := os.ReadDir(inbox); len(rep.Outputs) != len(inputs) {
		t.Errorf("the next run wrote %d copies, want %d", len(rep.Outputs), len(inputs))
	}
}
