// Package smtptest runs a real SMTP server (emersion/go-smtp) on 127.0.0.1 for tests: STARTTLS
// with a certificate made for the test, AUTH PLAIN, and the refusals and temporary failures real
// servers give.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a real SMTP server on 127.0.0.1 (go-smtp) with STARTTLS and AUTH PLAIN; it keeps
// what it accepted and can refuse recipients or fail temporarily, as real servers do.
type Server struct {
	// Addr is the server's 127.0.0.1:port.
	Addr string
	// Pool trusts the server's certificate.
	Pool *x509.CertPool

	mu       sync.Mutex
	received []Message
	// Refuse holds recipients answered 550 at RCPT; set it before sending.
	Refuse map[string]bool
	// TempFail holds recipients whose DATA gets 451 this many more times.
	TempFail map[string]int
}

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
}

// User and Password are the only login the server accepts.
const User, Password = "czj", "正确的密码"

// Start starts a server for the duration of the test. AUTH is offered on plain connections too,
// so a test can use --tls none.
func Start(t *testing.T) *Server {
	t.Helper()
	cert, pool := selfSigned(t)
	ts := &Server{Pool: pool, Refuse: map[string]bool{}, TempFail: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &testSession{ts: ts}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.Addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ts
}

// Messages returns a copy of what the server accepted so far.
func (ts *Server) Messages() []Message {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]Message(nil), ts.received...)
}

type testSession struct {
	ts     *Server
	authed bool
	from   string
	to     []string
}

// AuthMechanisms offers PLAIN.
func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *testSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != User || pass != Password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if s.ts.Refuse[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	for _, to := range s.to {
		if s.ts.TempFail[to] > 0 {
			s.ts.TempFail[to]--
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
	}
	s.ts.received = append(s.ts.received, Message{s.from, append([]string(nil), s.to...), data})
	return nil
}

func (s *testSession) Reset()        { s.from, s.to = "", nil }
func (s *testSession) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and the pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jxzp test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// Recipients lists the recipients of every accepted message, in order.
func Recipients(ms []Message) string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.Join(m.To, ","))
	}
	return strings.Join(out, " ")
}
