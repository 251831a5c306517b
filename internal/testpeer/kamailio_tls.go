package testpeer

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// SIP over TLS on kamailio (tls.so, apt: kamailio-tls-modules). A test makes its own CA
// with NewCA, issues the server a certificate for kamailio's address with Issue, and starts
// kamailio WithTLS: kamailio then also listens for TLS on TLSAddr (its UDP/TCP listeners
// stay as they are, so far ends can register over UDP while the phone uses TLS). Kamailio
// asks for no client certificate and checks none; WithTLSClientCA makes it require one
// signed by that CA (mutual TLS).

// CA is a certificate authority made for a test: its certificate is CertFile (PEM), which a
// client given as trusted CA (the phone's tlscafile) accepts servers' certificates by.
type CA struct {
	// CertFile is the CA certificate, PEM.
	CertFile string
	// Name is the CA's subject common name.
	Name string

	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	dir  string
}

// NewCA makes a CA named name (its subject CN) in a temporary folder of t.
func NewCA(t testing.TB, name string) *CA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testpeer: CA key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"softphone tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("testpeer: CA certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("testpeer: CA certificate: %v", err)
	}
	dir := t.TempDir()
	ca := &CA{CertFile: filepath.Join(dir, "ca.pem"), Name: name, cert: cert, key: key, dir: dir}
	writePEM(t, ca.CertFile, "CERTIFICATE", der)
	return ca
}

// Leaf describes a certificate Issue makes.
type Leaf struct {
	// Names are the DNS names and IP addresses the certificate is for (the first is also
	// its subject CN).
	Names []string
	// NotBefore and NotAfter bound its validity; zero means an hour ago and a day ahead.
	NotBefore, NotAfter time.Time
	// Client makes a client certificate (mutual TLS) instead of a server one.
	Client bool
}

// Issue signs a certificate for l and returns its certificate and key files (PEM).
func (ca *CA) Issue(t testing.TB, l Leaf) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testpeer: key: %v", err)
	}
	if l.NotBefore.IsZero() {
		l.NotBefore = time.Now().Add(-time.Hour)
	}
	if l.NotAfter.IsZero() {
		l.NotAfter = time.Now().Add(24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(t),
		NotBefore:    l.NotBefore,
		NotAfter:     l.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if l.Client {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	}
	if len(l.Names) > 0 {
		tmpl.Subject.CommonName = l.Names[0]
	}
	for _, n := range l.Names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatalf("testpeer: certificate: %v", err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatalf("testpeer: key: %v", err)
	}
	base := filepath.Join(ca.dir, fmt.Sprintf("leaf%d", tmpl.SerialNumber.Int64()%1_000_000))
	certFile, keyFile = base+".pem", base+".key"
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", kder)
	return certFile, keyFile
}

func serial(t testing.TB) *big.Int {
	n, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatalf("testpeer: serial: %v", err)
	}
	return n
}

func writePEM(t testing.TB, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatalf("testpeer: %v", err)
	}
}

// WithTLS makes kamailio also listen for SIP over TLS with the server certificate and key
// in certFile and keyFile (PEM); its address is Kamailio.TLSAddr.
func WithTLS(certFile, keyFile string) KamailioOption {
	return func(o *kamailioOptions) { o.tlsCert, o.tlsKey = certFile, keyFile }
}

// WithAlias makes kamailio take hostport (host:port) as one of its own names, e.g. the
// address of a relay a test puts in front of it, so requests for that address are its own.
func WithAlias(hostport string) KamailioOption {
	return func(o *kamailioOptions) { o.aliases = append(o.aliases, hostport) }
}

// WithTLSClientCA makes kamailio's TLS listener require a client certificate signed by ca.
func WithTLSClientCA(ca *CA) KamailioOption {
	return func(o *kamailioOptions) { o.tlsClientCA = ca.CertFile }
}

// kamailioTLSConfig writes kamailio's tls.cfg into dir and adds what the main config
// template needs (TLSPort, TLSConfig) to data; without WithTLS both are empty.
func kamailioTLSConfig(t testing.TB, o *kamailioOptions, h *Host, ip, dir string, data map[string]any) int {
	t.Helper()
	data["TLSPort"], data["TLSConfig"] = 0, ""
	if o.tlsCert == "" {
		return 0
	}
	port := h.FreePort(t, ip)
	verify := "verify_certificate = no\nrequire_certificate = no\n"
	if o.tlsClientCA != "" {
		verify = fmt.Sprintf("verify_certificate = yes\nrequire_certificate = yes\nca_list = %s\n", o.tlsClientCA)
	}
	cfg := fmt.Sprintf("[server:default]\nmethod = TLSv1.2+\n%sprivate_key = %s\ncertificate = %s\n\n"+
		"[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n",
		verify, o.tlsKey, o.tlsCert)
	path := filepath.Join(dir, "tls.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatalf("testpeer: kamailio tls.cfg: %v", err)
	}
	data["TLSPort"], data["TLSConfig"] = port, path
	return port
}

// waitTLS polls until kamailio's TLS listener accepts connections.
func (k *Kamailio) waitTLS(t testing.TB, timeout time.Duration) {
	t.Helper()
	k.waitListening(t, "TLS", k.TLSAddr, timeout)
}

// tlsAddr is ip:port, "" for port 0.
func tlsAddr(ip string, port int) string {
	if port == 0 {
		return ""
	}
	return net.JoinHostPort(ip, strconv.Itoa(port))
}
