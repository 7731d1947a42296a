package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jhillyerd/enmime/v2"

	"github.com/jxzp/jxzp/internal/smtptest"
)

// TestScoreSamplesMail is the README's e-mail example on the bundled samples: replies for every
// unit with an address, a reminder for the unit that sent nothing, the same bytes on a re-run,
// and a dry run of jxzp send listing them.
func TestScoreSamplesMail(t *testing.T) {
	out := t.TempDir()
	args := []string{"score", "samples", "-o", out, "--units", filepath.Join("samples", "单位名录.csv"), "--mail", "--remind", "--deadline", "2022年4月15日"}
	runCLI(t, args, exitOK, "没有邮箱、未写邮件的单位 1 个：三门峡市环境卫生管理处", "")
	drafts := []string{"三门峡市图书馆.eml", "三门峡市儿童福利院.eml", filepath.Join("催报", "三门峡市博物馆.eml")}
	first := map[string][]byte{}
	for _, d := range drafts {
		data, err := os.ReadFile(filepath.Join(out, "邮件", d))
		if err != nil {
			t.Fatal(err)
		}
		first[d] = data
	}
	if _, err := os.Stat(filepath.Join(out, "邮件", "三门峡市环境卫生管理处.eml")); err == nil {
		t.Error("a draft was written for a unit with no address")
	}
	runCLI(t, args, exitOK, "未报送 1 个", "")
	for _, d := range drafts {
		if again, _ := os.ReadFile(filepath.Join(out, "邮件", d)); !bytes.Equal(again, first[d]) {
			t.Errorf("%s differs on a re-run", d)
		}
	}
	if !bytes.Contains(first["三门峡市图书馆.eml"], []byte("tsg-cw@library.sanmenxia.example.com")) {
		t.Error("the 图书馆 reply does not go to the sender of its message")
	}
	runCLI(t, []string{"send", out, "--dry-run"}, exitOK, "试运行待发送 7 封", "")
	runCLI(t, []string{"send", out, "--smtp", "127.0.0.1:1"}, exitUsage, "", "缺少 --from")
}

// TestSendSamplesEndToEnd scores the samples with --mail, sends the drafts with jxzp send to a
// real SMTP server on 127.0.0.1, and parses what arrived: every attachment is byte for byte the
// annotated copy in OUT. A second send sends nothing.
func TestSendSamplesEndToEnd(t *testing.T) {
	out := t.TempDir()
	runCLI(t, []string{"score", "samples", "-o", out, "--units", filepath.Join("samples", "单位名录.csv"), "--mail"}, exitOK, "", "")
	ts := smtptest.Start(t)
	t.Setenv(passwordEnv, smtptest.Password)
	send := []string{"send", out, "--smtp", ts.Addr, "--from", "jxzp@czj.example.cn", "--user", smtptest.User, "--tls", "none"}
	runCLI(t, send, exitOK, "本次发送 6 封", "")
	msgs := ts.Messages()
	if len(msgs) != 6 {
		t.Fatalf("server got %d messages", len(msgs))
	}
	attached := 0
	for _, m := range msgs {
		env, err := enmime.ReadEnvelope(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		unit := strings.TrimSuffix(strings.TrimPrefix(env.GetHeader("Subject"), "【绩效自评审核结果】"), "（2021年度）")
		for _, a := range env.Attachments {
			want, err := os.ReadFile(filepath.Join(out, "审核结果", unit, a.FileName))
			if err != nil || !bytes.Equal(a.Content, want) {
				t.Errorf("%s: attachment %s is not the annotated copy (%v)", unit, a.FileName, err)
			}
			attached++
		}
	}
	if attached != 6 {
		t.Errorf("%d attachments arrived, want the 6 copies of units with an address", attached)
	}
	runCLI(t, send, exitOK, "本次发送 0 封，此前已发送 6 封", "")
	if n := len(ts.Messages()); n != 6 {
		t.Errorf("a second send delivered again: %d messages", n)
	}
	t.Setenv(passwordEnv, "错误的密码")
	os.Remove(filepath.Join(out, "邮件", "发送记录.csv"))
	runCLI(t, send, exitFileFailed, "用户名或密码错误", "")
}
