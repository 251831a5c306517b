package phone

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/params"
)

func tlsParams(t *testing.T, sets ...string) *params.Params {
	t.Helper()
	ps, err := params.Load(params.Sources{Sets: sets})
	if err != nil {
		t.Fatalf("parameters %v: %v", sets, err)
	}
	return ps
}

// TestTLSClientConfigBadFiles: a missing or non-PEM CA file and an incomplete or broken
// client certificate are errors naming the parameter and its value.
func TestTLSClientConfigBadFiles(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	ca := testpeer.NewCA(t, "Test CA")
	cert, _ := ca.Issue(t, testpeer.Leaf{Names: []string{"phone"}, Client: true})
	missing := filepath.Join(dir, "nope.pem")
	tests := []struct {
		sets []string
		want []string
	}{
		{[]string{"tlscafile=" + missing}, []string{`parameter tlscafile="` + missing + `"`, "no such file"}},
		{[]string{"tlscafile=" + notPEM}, []string{`parameter tlscafile="` + notPEM + `"`, "no PEM CERTIFICATE"}},
		{[]string{"tlsclientcert=" + cert}, []string{`parameter tlsclientcert=`, "tlsclientkey is empty"}},
		{[]string{"tlsclientkey=" + cert}, []string{`parameter tlsclientkey=`, "tlsclientcert is empty"}},
		{[]string{"tlsclientcert=" + cert, "tlsclientkey=" + missing}, []string{`parameter tlsclientkey="` + missing + `"`, "no such file"}},
		{[]string{"tlsclientcert=" + cert, "tlsclientkey=" + cert}, []string{"tlsclientcert=", "tlsclientkey="}},
	}
	for _, tt := range tests {
		_, err := tlsClientConfig(tlsParams(t, tt.sets...))
		if err == nil {
			t.Errorf("%v: no error", tt.sets)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not say %q", tt.sets, err, w)
			}
		}
	}
	if conf, err := tlsClientConfig(tlsParams(t, "tlscafile="+ca.CertFile)); err != nil || conf.InsecureSkipVerify {
		t.Errorf("good CA file: %v", err)
	}
}

// tlsServer serves TLS on 127.0.0.1 with a certificate ca issues for leaf, completing
// handshakes.
func tlsServer(t *testing.T, ca *testpeer.CA, leaf testpeer.Leaf) string {
	t.Helper()
	certFile, keyFile := ca.Issue(t, leaf)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.(*tls.Conn).Handshake()
				c.Read(make([]byte, 1))
			}()
		}
	}()
	return ln.Addr().String()
}

// TestHandshakeTLSRefusals: the certificate checks name the server, the subject, the reason
// and the parameter that would change it.
func TestHandshakeTLSRefusals(t *testing.T) {
	ca := testpeer.NewCA(t, "Test CA")
	other := testpeer.NewCA(t, "Other CA")
	good := tlsServer(t, ca, testpeer.Leaf{Names: []string{"127.0.0.1", "pbx.test"}})
	expired := tlsServer(t, ca, testpeer.Leaf{Names: []string{"127.0.0.1"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	tests := []struct {
		name, addr, host string
		sets             []string
		want             []string // in the error; none: the handshake succeeds
	}{
		{"trusted by tlscafile", good, "127.0.0.1", []string{"tlscafile=" + ca.CertFile}, nil},
		{"trusted, by name", good, "pbx.test", []string{"tlscafile=" + ca.CertFile}, nil},
		{"system store only", good, "127.0.0.1", nil, []string{"unknown authority", `"CN=127.0.0.1"`, "Test CA", "tlscafile", "tlsverify=0"}},
		{"wrong CA", good, "127.0.0.1", []string{"tlscafile=" + other.CertFile}, []string{"unknown authority", "tlscafile"}},
		{"wrong name", good, "sip.example.com", []string{"tlscafile=" + ca.CertFile}, []string{"wrong name", `"sip.example.com"`, "pbx.test", "serveraddress", "tlsverify=0"}},
		{"expired", expired, "127.0.0.1", []string{"tlscafile=" + ca.CertFile}, []string{"expired", "tlsverify=0"}},
		{"tlsverify=0", expired, "sip.example.com", []string{"tlsverify=0"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf, err := tlsClientConfig(tlsParams(t, tt.sets...))
			if err != nil {
				t.Fatal(err)
			}
			c, err := net.Dial("tcp", tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			server := "pbx (" + tt.addr + ")"
			tc, err := handshakeTLS(context.Background(), c, conf, tt.host, server)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("handshake: %v", err)
				}
				tc.Close()
				return
			}
			var refused *certRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("error %v (%T), want a refused certificate", err, err)
			}
			for _, w := range append(tt.want, server) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestHandshakeTLSStall: a server that accepts the connection and never answers the
// handshake fails it within tlsHandshakeTimeout (plus a margin), saying so.
func TestHandshakeTLSStall(t *testing.T) {
	ln := testpeer.StallingListener(t, "127.0.0.1:0")
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conf, err := tlsClientConfig(tlsParams(t))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := handshakeTLS(context.Background(), c, conf, "127.0.0.1", "staller")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errHandshakeStalled) || !strings.Contains(err.Error(), "staller") {
			t.Fatalf("error %v, want a stalled handshake naming the server", err)
		}
	case <-time.After(tlsHandshakeTimeout + 5*time.Second):
		t.Fatalf("handshake still running after %v", tlsHandshakeTimeout+5*time.Second)
	}
}
