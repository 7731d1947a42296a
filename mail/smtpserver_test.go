package mail

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

// testServer is a real SMTP server on 127.0.0.1 (go-smtp) with STARTTLS and AUTH PLAIN; it keeps
// what it accepted and can refuse recipients or fail temporarily, as real servers do.
type testServer struct {
	addr string
	pool *x509.CertPool

	mu       sync.Mutex
	received []receivedMsg
	refuse   map[string]bool // recipients answered 550 at RCPT
	tempFail map[string]int  // recipients whose DATA gets 451 this many more times
}

type receivedMsg struct {
	from string
	to   []string
	data []byte
}

const testUser, testPassword = "czj", "正确的密码"

// startServer starts the server for the duration of the test.
func startServer(t *testing.T) *testServer {
	t.Helper()
	cert, pool := selfSigned(t)
	ts := &testServer{pool: pool, refuse: map[string]bool{}, tempFail: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &testSession{ts: ts}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ts
}

// messages returns a copy of what the server accepted so far.
func (ts *testServer) messages() []receivedMsg {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]receivedMsg(nil), ts.received...)
}

// config is a SendConfig for this server that trusts its certificate.
func (ts *testServer) config() SendConfig {
	return SendConfig{Addr: ts.addr, From: "jxzp@czj.example.cn", User: testUser, Password: testPassword, TLS: "starttls",
		TLSConfig: &tls.Config{RootCAs: ts.pool}, Timeout: 5 * time.Second,
		Now: func() time.Time { return time.Date(2022, 4, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)) }}
}

type testSession struct {
	ts     *testServer
	authed bool
	from   string
	to     []string
}

func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *testSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != testUser || pass != testPassword {
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
	if s.ts.refuse[to] {
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
		if s.ts.tempFail[to] > 0 {
			s.ts.tempFail[to]--
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
	}
	s.ts.received = append(s.ts.received, receivedMsg{s.from, append([]string(nil), s.to...), data})
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

// recipients lists the first recipient of every accepted message.
func recipients(ms []receivedMsg) string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.Join(m.to, ","))
	}
	return strings.Join(out, " ")
}
