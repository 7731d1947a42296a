package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"github.com/emersion/go-smtp"
	"io/fs"
	netmail "net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// SendConfig is how `jxzp send` reaches the bureau's mail server.
type SendConfig struct {
	Addr     string // HOST:PORT
	From     string // the bureau's address, the envelope and header From
	User     string // login name; empty sends without logging in
	Password string
	TLS      string // "starttls" (the default), "tls" (implicit, port 465) or "none"
	DryRun   bool   // list what would be sent, connect to nothing
	// TLSConfig overrides the system's certificate checks (tests trust their own certificate).
	TLSConfig *tls.Config
	// Timeout bounds the connection and every command; 0 means one minute.
	Timeout time.Duration
	// Now dates the messages; nil is time.Now.
	Now func() time.Time
}

// Draft is one .eml under OUT/邮件/ waiting to be sent.
type Draft struct {
	Path      string   // absolute
	Unit      string   // the unit, from the file name ("催报/" before a reminder)
	To        []string // bare addresses
	MessageID string
}

// Outcome is what happened to one draft.
type Outcome struct {
	Draft
	Status string // OutcomeSent, OutcomeAlready, OutcomeFailed or OutcomeDryRun
	Reason string // Chinese, for a failure
}

// The outcomes of a draft.
const (
	OutcomeSent    = "已发送"
	OutcomeAlready = "此前已发送"
	OutcomeFailed  = "发送失败"
	OutcomeDryRun  = "待发送（试运行）"
)

// listDrafts lists the drafts under mailDir (OUT/邮件) and its 催报 folder, in path order.
func listDrafts(mailDir string) ([]Draft, error) {
	var out []Draft
	for _, dir := range []string{mailDir, filepath.Join(mailDir, RemindDir)} {
		ents, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.Type().IsRegular() && IsMessage(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, readDraft(mailDir, filepath.Join(dir, e.Name())))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// readDraft reads a draft's recipients and Message-ID; a draft it cannot read keeps them empty
// and fails when sent.
func readDraft(mailDir, p string) Draft {
	rel, _ := filepath.Rel(mailDir, p)
	d := Draft{Path: p, Unit: strings.TrimSuffix(filepath.ToSlash(rel), filepath.Ext(rel))}
	data, err := os.ReadFile(p)
	if err != nil {
		return d
	}
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return d
	}
	d.MessageID = strings.TrimSpace(m.Header.Get("Message-Id"))
	if list, err := m.Header.AddressList("To"); err == nil {
		for _, a := range list {
			d.To = append(d.To, a.Address)
		}
	}
	return d
}

// Send sends every draft under OUT/邮件/ that the record does not show as sent, one at a time,
// recording each the moment the server accepts it. A failure is that draft's alone, except a
// failure to connect or log in, which no later draft could escape: then nothing is sent.
func Send(ctx context.Context, out string, cfg SendConfig) ([]Outcome, error) {
	mailDir := filepath.Join(out, MailDir)
	drafts, err := listDrafts(mailDir)
	if err != nil {
		return nil, fmt.Errorf("无法读取邮件文件夹 %s：%v", mailDir, err)
	}
	rec, err := openRecord(filepath.Join(mailDir, recordName), cfg.DryRun)
	if err != nil {
		return nil, err
	}
	defer rec.close()
	s := &sender{cfg: cfg}
	defer s.quit()
	var outcomes []Outcome
	for _, d := range drafts {
		o := Outcome{Draft: d}
		switch {
		case d.MessageID != "" && rec.sent[d.MessageID]:
			o.Status = OutcomeAlready
		case ctx.Err() != nil:
			o.Status, o.Reason = OutcomeFailed, "已中断，未发送"
		case len(d.To) == 0 || d.MessageID == "":
			o.Status, o.Reason = OutcomeFailed, "邮件文件无法读取，或没有收件地址、Message-ID"
		case cfg.DryRun:
			o.Status = OutcomeDryRun
		default:
			o = s.deliver(d, rec)
		}
		outcomes = append(outcomes, o)
	}
	return outcomes, nil
}

// sender holds the connection across drafts, opening it on first use and again after a
// connection was lost.
type sender struct {
	cfg   SendConfig
	c     *smtp.Client
	fatal string // a failure to connect or log in: every later draft fails with it
}

// deliver sends one draft and records it when accepted.
func (s *sender) deliver(d Draft, rec *record) Outcome {
	o := Outcome{Draft: d, Status: OutcomeFailed}
	if s.fatal != "" {
		o.Reason = s.fatal
		return o
	}
	if s.c == nil {
		if err := s.connect(); err != nil {
			s.fatal = err.Error()
			o.Reason = s.fatal
			return o
		}
	}
	now := time.Now
	if s.cfg.Now != nil {
		now = s.cfg.Now
	}
	data, err := os.ReadFile(d.Path)
	if err != nil {
		o.Reason = "无法读取邮件文件"
		return o
	}
	if err := s.transact(d, stamp(data, s.cfg.From, now())); err != nil {
		o.Reason = err.Error()
		return o
	}
	if err := rec.add(d, now(), OutcomeSent); err != nil {
		// The server has the message: say so, so the user does not send it again by hand.
		o.Status, o.Reason = OutcomeSent, "已发送，但发送记录写不进："+err.Error()
		return o
	}
	o.Status = OutcomeSent
	return o
}

// transact runs MAIL, RCPT and DATA for one message; on a refusal the transaction is reset so
// the next draft can go on the same connection, and a lost connection is dropped.
func (s *sender) transact(d Draft, msg []byte) error {
	err := s.tryTransact(d, msg)
	if err == nil {
		return nil
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code != 421 {
		if s.c.Reset() != nil {
			s.drop()
		}
	} else {
		s.drop()
	}
	return err
}

// tryTransact is transact without the clean-up.
func (s *sender) tryTransact(d Draft, msg []byte) error {
	if err := s.c.Mail(s.cfg.From, nil); err != nil {
		return smtpReason("服务器拒绝了发件地址 "+s.cfg.From, err)
	}
	for _, to := range d.To {
		if err := s.c.Rcpt(to, nil); err != nil {
			return smtpReason("服务器拒绝了收件地址 "+to, err)
		}
	}
	w, err := s.c.Data()
	if err != nil {
		return smtpReason("服务器不接收邮件内容", err)
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return smtpReason("发送邮件内容时出错", err)
	}
	if err := w.Close(); err != nil {
		return smtpReason("服务器没有接收这封邮件", err)
	}
	return nil
}

// drop forgets a connection that can no longer be trusted.
func (s *sender) drop() {
	if s.c != nil {
		s.c.Close()
		s.c = nil
	}
}

// quit ends the session politely.
func (s *sender) quit() {
	if s.c != nil {
		s.c.Quit()
		s.c = nil
	}
}

// stamp gives a draft its From and the sending Date: the draft's own Date (derived from the
// content, for byte-identical drafts) is replaced by the moment it is sent.
func stamp(data []byte, from string, now time.Time) []byte {
	head, body, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	var kept [][]byte
	skipping := false
	for _, line := range bytes.Split(head, []byte("\r\n")) {
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if !skipping {
				kept = append(kept, line)
			}
			continue
		}
		name, _, _ := bytes.Cut(line, []byte(":"))
		n := strings.ToLower(string(bytes.TrimSpace(name)))
		skipping = n == "date" || n == "from"
		if !skipping {
			kept = append(kept, line)
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nDate: %s\r\n", (&netmail.Address{Address: from}).String(), now.Format(time.RFC1123Z))
	b.Write(bytes.Join(kept, []byte("\r\n")))
	b.WriteString("\r\n\r\n")
	b.Write(body)
	return b.Bytes()
}
