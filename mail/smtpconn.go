package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// connect dials the server, secures the connection as configured and logs in. Its errors are
// Chinese and final for the session.
func (s *sender) connect() error {
	cfg := s.cfg
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("邮件服务器地址「%s」应写作 主机:端口，如 smtp.example.cn:587", cfg.Addr)
	}
	tc := cfg.TLSConfig
	if tc == nil {
		tc = &tls.Config{}
	}
	tc = tc.Clone()
	if tc.ServerName == "" {
		tc.ServerName = host
	}
	dialer := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	if cfg.TLS == "tls" {
		conn, err = tls.DialWithDialer(dialer, "tcp", cfg.Addr, tc)
	} else {
		conn, err = dialer.Dial("tcp", cfg.Addr)
	}
	if err != nil {
		return connectError(cfg.Addr, err)
	}
	// go-smtp waits 5 minutes for the greeting before its timeouts can be set: the connection
	// itself caps every deadline, so a server that accepts and says nothing cannot hang the run.
	conn = &boundedConn{Conn: conn, limit: timeout}
	var c *smtp.Client
	if cfg.TLS == "tls" || cfg.TLS == "none" {
		c = smtp.NewClient(conn)
	} else if c, err = smtp.NewClientStartTLS(conn, tc); err != nil {
		conn.Close()
		return connectError(cfg.Addr, err)
	}
	c.CommandTimeout, c.SubmissionTimeout = timeout, 2*timeout
	if err := login(c, cfg); err != nil {
		c.Close()
		return err
	}
	s.c = c
	return nil
}

// login authenticates when a user name is given (PLAIN, else LOGIN).
func login(c *smtp.Client, cfg SendConfig) error {
	if err := c.Hello(helloName(cfg.From)); err != nil {
		return connectError(cfg.Addr, err)
	}
	if cfg.User == "" {
		return nil
	}
	var a sasl.Client
	switch {
	case c.SupportsAuth("PLAIN"):
		a = sasl.NewPlainClient("", cfg.User, cfg.Password)
	case c.SupportsAuth("LOGIN"):
		a = sasl.NewLoginClient(cfg.User, cfg.Password)
	default:
		return errors.New("邮件服务器不支持用户名密码登录（AUTH PLAIN/LOGIN），或未启用加密连接；请检查 --tls 设置")
	}
	if err := c.Auth(a); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) && se.Code >= 500 {
			return fmt.Errorf("登录邮件服务器失败：用户名或密码错误（服务器回复 %d %s），未发送任何邮件", se.Code, oneLine(se.Message, 100))
		}
		return smtpReason("登录邮件服务器失败，未发送任何邮件", err)
	}
	return nil
}

// helloName is the name the client greets with: the domain of the bureau's address.
func helloName(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		return from[i+1:]
	}
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "localhost"
}

// connectError says in Chinese why the server could not be reached or secured.
func connectError(addr string, err error) error {
	var ne net.Error
	var ce *tls.CertificateVerificationError
	switch {
	case errors.As(err, &ce):
		return fmt.Errorf("邮件服务器 %s 的安全证书无法验证（%v），未发送任何邮件", addr, ce.Err)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("连接邮件服务器 %s 超时，未发送任何邮件；请检查地址、端口和网络", addr)
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return smtpReason("邮件服务器 "+addr+" 拒绝连接，未发送任何邮件", err)
	}
	return fmt.Errorf("无法连接邮件服务器 %s，未发送任何邮件；请检查地址、端口、--tls 设置和网络（%v）", addr, err)
}

// smtpReason is what went wrong in Chinese, with the server's reply; a 4xx reply is a temporary
// failure the user may simply retry.
func smtpReason(what string, err error) error {
	var se *smtp.SMTPError
	var ne net.Error
	switch {
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		return fmt.Errorf("%s：服务器暂时无法处理（%d %s），请稍后重新运行 jxzp send", what, se.Code, oneLine(se.Message, 100))
	case errors.As(err, &se):
		return fmt.Errorf("%s（服务器回复 %d %s）", what, se.Code, oneLine(se.Message, 100))
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("%s：等待服务器回复超时", what)
	}
	return fmt.Errorf("%s：%v", what, err)
}

// boundedConn caps every deadline set on the connection to limit from now; a cleared deadline
// stays cleared (go-smtp sets one before every command).
type boundedConn struct {
	net.Conn
	limit time.Duration
}

// SetDeadline sets the read and write deadlines, at most limit away.
func (b *boundedConn) SetDeadline(t time.Time) error { return b.Conn.SetDeadline(b.cap(t)) }

// SetReadDeadline sets the read deadline, at most limit away.
func (b *boundedConn) SetReadDeadline(t time.Time) error { return b.Conn.SetReadDeadline(b.cap(t)) }

// SetWriteDeadline sets the write deadline, at most limit away.
func (b *boundedConn) SetWriteDeadline(t time.Time) error { return b.Conn.SetWriteDeadline(b.cap(t)) }

// cap is t, or now + limit when t is later.
func (b *boundedConn) cap(t time.Time) time.Time {
	if limit := time.Now().Add(b.limit); !t.IsZero() && t.After(limit) {
		return limit
	}
	return t
}
