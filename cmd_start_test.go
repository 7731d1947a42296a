package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/console"
)

// copySamples copies the sample workbooks into a folder named as bureau PCs name them: Chinese,
// with spaces, a few levels down. It returns the inbox.
func copySamples(t *testing.T) string {
	t.Helper()
	inbox := filepath.Join(t.TempDir(), "财务 科", "2021年度 绩效自评", "收件箱 第一批")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("samples", "*.xlsx"))
	for _, f := range files[:2] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inbox, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return inbox
}

// wantOutputs checks that a run wrote the summary and results.json in the default folder.
func wantOutputs(t *testing.T, inbox string) {
	t.Helper()
	for _, name := range []string{batch.SummaryName, batch.ResultsName} {
		if _, err := os.Stat(filepath.Join(inbox+"-审核结果", name)); err != nil {
			t.Errorf("no %s beside the inbox: %v", name, err)
		}
	}
}

// TestFolderArgument: `jxzp 文件夹`, as Windows runs it for a folder dropped on jxzp.exe, scores
// the folder into the default output folder; a dropped file is told to be the folder.
func TestFolderArgument(t *testing.T) {
	inbox := copySamples(t)
	var stdout, stderr bytes.Buffer
	if code := start([]string{"jxzp", inbox}, false, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	wantOutputs(t, inbox)
	if strings.Contains(stderr.String(), "按回车键") {
		t.Error("waited for Enter in a shared console")
	}

	file := filepath.Join(inbox, "说明.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := start([]string{"jxzp", file}, false, strings.NewReader(""), &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "是一个文件") {
		t.Errorf("a dropped file: exit %d, stderr %q", code, stderr.String())
	}
	// A command keeps its meaning, even with a folder of its name in the working folder.
	if got, _ := folderArgs([]string{"jxzp", "help"}); strings.Join(got, " ") != "jxzp help" {
		t.Errorf("folderArgs(help) = %q", got)
	}
}

// TestPromptWaitsForEnter: started from Explorer with nothing (a double-click), jxzp asks for
// the inbox, accepts a dragged path in quotes after a wrong one, scores it and keeps the window
// open until Enter.
func TestPromptWaitsForEnter(t *testing.T) {
	inbox := copySamples(t)
	inR, inW := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- start([]string{"jxzp"}, true, inR, io.Discard, &stderr) }()

	io.WriteString(inW, "\n\"/没有/这个 文件夹\"\n\""+inbox+"\"\r\n")
	waitFor(t, &stderr, "按回车键关闭窗口")
	select {
	case code := <-done:
		t.Fatalf("returned %d before Enter", code)
	case <-time.After(100 * time.Millisecond):
	}
	io.WriteString(inW, "\r\n")
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{"请把收件箱文件夹", "找不到文件夹「/没有/这个 文件夹」", "收件箱："} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	wantOutputs(t, inbox)
}

// TestPromptExitStatus: the prompt's runs keep the README's exit statuses, and the window waits
// after an error too.
func TestPromptExitStatus(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "坏 收件箱")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "空白.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		input string
		want  int
	}{
		"unreadable file": {"'" + bad + "'\n\n", exitFileFailed},
		"no folder given": {"\n", exitUsage},
	} {
		t.Run(name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := start([]string{"jxzp"}, true, strings.NewReader(tc.input), io.Discard, &stderr)
			if code != tc.want || !strings.Contains(stderr.String(), "按回车键关闭窗口") {
				t.Errorf("exit %d (want %d), stderr:\n%s", code, tc.want, stderr.String())
			}
		})
	}
}

// TestUnquotePath strips what cmd, PowerShell and Windows Terminal add to a dropped path.
func TestUnquotePath(t *testing.T) {
	for in, want := range map[string]string{
		`"C:\财务 科\收件箱"` + "\r\n": `C:\财务 科\收件箱`,
		`& 'C:\财务 科\收件箱'`:        `C:\财务 科\收件箱`,
		"  D:\\收件箱  \n":          `D:\收件箱`,
		`"`:                      `"`,
	} {
		if got := unquotePath(in); got != want {
			t.Errorf("unquotePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTakeEncoding takes --encoding off the command line wherever it stands.
func TestTakeEncoding(t *testing.T) {
	args, enc, err := takeEncoding([]string{"jxzp", "score", "收件箱", "--encoding", "gbk", "-o", "x"})
	if err != nil || enc != console.GBK || strings.Join(args, " ") != "jxzp score 收件箱 -o x" {
		t.Errorf("got %q, %v, %v", args, enc, err)
	}
	if _, enc, _ := takeEncoding([]string{"jxzp", "--encoding=gb18030", "profile", "list"}); enc != console.GB18030 {
		t.Errorf("--encoding=gb18030 gave %v", enc)
	}
	if _, _, err := takeEncoding([]string{"jxzp", "score", "--encoding"}); err == nil {
		t.Error("--encoding without a value was accepted")
	}
	if _, _, err := takeEncoding([]string{"jxzp", "--encoding", "big5"}); err == nil {
		t.Error("--encoding big5 was accepted")
	}
}

// TestBinaryFolderArgument runs the built program as Windows would for a dropped folder, and
// with --encoding gbk into a pipe.
func TestBinaryFolderArgument(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	exe := filepath.Join(t.TempDir(), "jxzp")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inbox := copySamples(t)
	cmd := exec.Command(exe, inbox, "--encoding", "gbk")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jxzp %s: %v", inbox, err)
	}
	wantOutputs(t, inbox)
	if gbk := []byte{0xc9, 0xf3, 0xba, 0xcb}; !bytes.Contains(out, gbk) { // 审核 in GBK
		t.Errorf("stdout is not GBK: %q", out)
	}
}

// syncBuffer is a bytes.Buffer safe to read while start writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits up to a minute for s to appear in b.
func waitFor(t *testing.T, b *syncBuffer, s string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(b.String(), s) {
			return
		}
	}
	t.Fatalf("%q never appeared:\n%s", s, b.String())
}
