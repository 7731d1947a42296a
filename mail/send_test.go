package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/jxzp/jxzp/internal/smtptest"
)

// config is a SendConfig for the test server that trusts its certificate.
func config(ts *smtptest.Server) SendConfig {
	return SendConfig{Addr: ts.Addr, From: "jxzp@czj.example.cn", User: smtptest.User, Password: smtptest.Password, TLS: "starttls",
		TLSConfig: &tls.Config{RootCAs: ts.Pool}, Timeout: 5 * time.Second,
		Now: func() time.Time { return time.Date(2022, 4, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)) }}
}

// draftsFixture writes annotated-copy stand-ins under OUT/审核结果 and one reply draft per
// address, returning OUT and each unit's copies.
func draftsFixture(t *testing.T, addrs ...string) (string, map[string][]byte) {
	t.Helper()
	out := t.TempDir()
	copies := map[string][]byte{}
	for i, addr := range addrs {
		unit := "单位" + string(rune('甲'+i))
		data := make([]byte, 3000+i)
		rand.Read(data)
		p := filepath.Join(out, "审核结果", unit, unit+"_自评表（审核）.xlsx")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		copies[addr] = data
		l := &Letter{Unit: unit, Year: 2021, To: addr, ToName: unit, Out: out, Files: []string{p},
			Forms: []FormLine{{Project: "项目", Total: "88.97", Grade: "良", Status: "需修改", Errors: []string{"H31：总分应为 88.97"}}},
			Date:  time.Date(2022, 3, 15, 10, 0, 0, 0, time.UTC)}
		if err := WriteDraft(filepath.Join(out, MailDir, unit+".eml"), l); err != nil {
			t.Fatal(err)
		}
	}
	return out, copies
}

// statuses is the outcomes' statuses in order, joined.
func statuses(os []Outcome) string {
	var s []string
	for _, o := range os {
		s = append(s, o.Status)
	}
	return strings.Join(s, " ")
}

func TestSendSuccessAttachmentsIntact(t *testing.T) {
	ts := smtptest.Start(t)
	out, copies := draftsFixture(t, "a@unit.example.cn", "b@unit.example.cn")
	got, err := Send(context.Background(), out, config(ts))
	if err != nil {
		t.Fatal(err)
	}
	if s := statuses(got); s != "已发送 已发送" {
		t.Fatalf("outcomes %s %+v", s, got)
	}
	msgs := ts.Messages()
	if len(msgs) != 2 {
		t.Fatalf("server got %d messages", len(msgs))
	}
	for _, m := range msgs {
		env, err := enmime.ReadEnvelope(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(env.GetHeader("Subject"), "【绩效自评审核结果】单位") || env.GetHeader("Date") != "Fri, 01 Apr 2022 09:30:00 +0800" {
			t.Errorf("subject %q date %q", env.GetHeader("Subject"), env.GetHeader("Date"))
		}
		if len(env.Attachments) != 1 || !bytes.Equal(env.Attachments[0].Content, copies[m.To[0]]) {
			t.Errorf("%s: attachment not byte-identical to the annotated copy", m.To[0])
		}
		if !strings.HasSuffix(env.Attachments[0].FileName, "_自评表（审核）.xlsx") {
			t.Errorf("attachment name %q", env.Attachments[0].FileName)
		}
		if !strings.Contains(env.Text, "H31：总分应为 88.97") {
			t.Errorf("body lacks the error: %q", env.Text)
		}
	}
	rec, _ := os.ReadFile(filepath.Join(out, MailDir, recordName))
	if n := strings.Count(string(rec), OutcomeSent); n != 2 {
		t.Errorf("record holds %d sent rows:\n%s", n, rec)
	}
}

func TestSendBadPasswordSendsNothing(t *testing.T) {
	ts := smtptest.Start(t)
	out, _ := draftsFixture(t, "a@unit.example.cn", "b@unit.example.cn")
	cfg := config(ts)
	cfg.Password = "错误"
	got, err := Send(context.Background(), out, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := statuses(got); s != "发送失败 发送失败" || !strings.Contains(got[0].Reason, "用户名或密码错误") {
		t.Fatalf("outcomes %s, reason %q", s, got[0].Reason)
	}
	if n := len(ts.Messages()); n != 0 {
		t.Errorf("%d messages went out with a bad password", n)
	}
}

func TestSendRefusedRecipientOthersGo(t *testing.T) {
	ts := smtptest.Start(t)
	ts.Refuse["gone@unit.example.cn"] = true
	out, _ := draftsFixture(t, "a@unit.example.cn", "gone@unit.example.cn", "c@unit.example.cn")
	got, _ := Send(context.Background(), out, config(ts))
	if s := statuses(got); s != "已发送 发送失败 已发送" || !strings.Contains(got[1].Reason, "拒绝了收件地址 gone@unit.example.cn") {
		t.Fatalf("outcomes %s, reason %q", s, got[1].Reason)
	}
	if r := smtptest.Recipients(ts.Messages()); r != "a@unit.example.cn c@unit.example.cn" {
		t.Errorf("server got %s", r)
	}
}

func TestSendRetrySendsOnlyTheMissing(t *testing.T) {
	ts := smtptest.Start(t)
	ts.TempFail["b@unit.example.cn"] = 1
	out, _ := draftsFixture(t, "a@unit.example.cn", "b@unit.example.cn")
	got, _ := Send(context.Background(), out, config(ts))
	if s := statuses(got); s != "已发送 发送失败" || !strings.Contains(got[1].Reason, "暂时") {
		t.Fatalf("first run %s, reason %q", s, got[1].Reason)
	}
	got, _ = Send(context.Background(), out, config(ts))
	if s := statuses(got); s != "此前已发送 已发送" {
		t.Fatalf("second run %s", s)
	}
	got, _ = Send(context.Background(), out, config(ts))
	if s := statuses(got); s != "此前已发送 此前已发送" {
		t.Fatalf("third run %s", s)
	}
	if r := smtptest.Recipients(ts.Messages()); r != "a@unit.example.cn b@unit.example.cn" {
		t.Errorf("server got %s: a message went twice or not at all", r)
	}
}

func TestDraftsByteIdentical(t *testing.T) {
	out1, _ := draftsFixture(t, "a@unit.example.cn")
	a, _ := os.ReadFile(filepath.Join(out1, MailDir, "单位甲.eml"))
	// The same content written again gives the same bytes: no clock, no random boundary.
	var files []string
	filepath.Walk(filepath.Join(out1, "审核结果"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	again := &Letter{Unit: "单位甲", Year: 2021, To: "a@unit.example.cn", ToName: "单位甲", Out: out1, Files: files,
		Forms: []FormLine{{Project: "项目", Total: "88.97", Grade: "良", Status: "需修改", Errors: []string{"H31：总分应为 88.97"}}},
		Date:  time.Date(2022, 3, 15, 10, 0, 0, 0, time.UTC)}
	dst := filepath.Join(out1, "again.eml")
	if err := WriteDraft(dst, again); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dst)
	if !bytes.Equal(a, b) {
		t.Error("the same letter written twice differs")
	}
}

func TestDraftHeaderInjection(t *testing.T) {
	out := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.xlsx")
	os.WriteFile(outside, []byte("x"), 0o644)
	l := &Letter{Unit: "坏单位\r\nBcc: evil@example.com\r\n" + strings.Repeat("很长的名字", 40), Year: 2021,
		To: "a@unit.example.cn", ToName: "x\r\nBcc: evil@example.com", Out: out, Forms: []FormLine{}}
	dst := filepath.Join(out, "x.eml")
	if err := WriteDraft(dst, l); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(dst)
	head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc:") || len(line) > 998 {
			t.Fatalf("header injected or too long: %q", line)
		}
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(data))
	if err != nil || strings.ContainsAny(env.GetHeader("Subject"), "\r\n") || len(env.GetHeaderValues("Bcc")) > 0 {
		t.Errorf("subject %q bcc %v err %v", env.GetHeader("Subject"), env.GetHeaderValues("Bcc"), err)
	}
	l.Files = []string{outside}
	if err := WriteDraft(dst, l); err == nil {
		t.Error("a file outside OUT was attached")
	}
}

func TestSendTimeoutOnSilentServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		// Accept and say nothing, like a firewall that swallows the connection.
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	out, _ := draftsFixture(t, "a@unit.example.cn")
	cfg := SendConfig{Addr: l.Addr().String(), From: "jxzp@czj.example.cn", TLS: "starttls", Timeout: 300 * time.Millisecond}
	start := time.Now()
	got, err := Send(context.Background(), out, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if statuses(got) != OutcomeFailed || !strings.Contains(got[0].Reason, "超时") || time.Since(start) > 5*time.Second {
		t.Fatalf("outcome %+v after %v", got, time.Since(start))
	}
}
