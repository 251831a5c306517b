package phone

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	"softphone/phone/params"
)

// TLS trust (transport=tls, sips: targets). The phone trusts the system store plus, when
// tlscafile names one, a private CA; tlsverify=0 accepts any certificate; tlsclientcert and
// tlsclientkey give the certificate it presents for mutual TLS. The server's name is checked
// against its certificate: the host of the server entry (serveraddress, or the host of a
// dialled sips: URI), an IP address against the certificate's IP SANs.

// tlsHandshakeTimeout bounds a TLS handshake: a server that accepts the connection and then
// stalls fails within this time and the phone goes on (next server, retry later).
const tlsHandshakeTimeout = 5 * time.Second

// tlsClientConfig builds the TLS client configuration from the parameters. Every error names
// the parameter and its value.
func tlsClientConfig(ps *params.Params) (*tls.Config, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if path := ps.Get("tlscafile"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("parameter tlscafile=%q: %w", path, unwrapPath(err))
		}
		n, err := addPEMCerts(roots, data)
		if err != nil {
			return nil, fmt.Errorf("parameter tlscafile=%q: %v", path, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("parameter tlscafile=%q: no PEM CERTIFICATE block in the file", path)
		}
	}
	conf.RootCAs = roots
	if !ps.Bool("tlsverify") {
		conf.InsecureSkipVerify = true // the user's choice (tlsverify=0); noted when the stack starts
	}
	certFile, keyFile := ps.Get("tlsclientcert"), ps.Get("tlsclientkey")
	switch {
	case certFile == "" && keyFile == "":
	case certFile == "":
		return nil, fmt.Errorf("parameter tlsclientkey=%q is set but tlsclientcert is empty", keyFile)
	case keyFile == "":
		return nil, fmt.Errorf("parameter tlsclientcert=%q is set but tlsclientkey is empty", certFile)
	default:
		for _, f := range []struct{ name, path string }{{"tlsclientcert", certFile}, {"tlsclientkey", keyFile}} {
			if _, err := os.Stat(f.path); err != nil {
				return nil, fmt.Errorf("parameter %s=%q: %w", f.name, f.path, unwrapPath(err))
			}
		}
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("parameters tlsclientcert=%q and tlsclientkey=%q: %v", certFile, keyFile, err)
		}
		conf.Certificates = []tls.Certificate{cert}
	}
	return conf, nil
}

// addPEMCerts adds every CERTIFICATE block of data to pool and returns how many there were.
func addPEMCerts(pool *x509.CertPool, data []byte) (int, error) {
	n := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return n, nil
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return n, fmt.Errorf("certificate %d in the file does not parse: %v", n+1, err)
		}
		pool.AddCert(c)
		n++
	}
}

// unwrapPath drops the repeated path of an *os.PathError.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tlsServerConfig is the configuration of the phone's TLS listener (requests a server sends
// on a new connection to our Contact): the client certificate when one is configured, else a
// self-signed one made now. Servers normally reuse the phone's own connection instead.
func tlsServerConfig(client *tls.Config, host string) (*tls.Config, error) {
	if len(client.Certificates) > 0 {
		return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: client.Certificates}, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("TLS listener key: %w", err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: host},
		DNSNames:     []string{host},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("TLS listener certificate: %w", err)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, nil
}

// certRefusedError is a server certificate the phone refused, explained for a user.
type certRefusedError struct {
	server  string // the server as configured (and its address)
	subject string // the certificate's subject
	reason  string // expired, unknown authority, wrong name, ...
	fix     string // the parameter that would change it
	err     error
}

func (e *certRefusedError) Error() string {
	return fmt.Sprintf("TLS: the certificate of %s (subject %q) was refused: %s; %s", e.server, e.subject, e.reason, e.fix)
}

func (e *certRefusedError) Unwrap() error { return e.err }

// explainTLSError turns a handshake error with server (as named to the user) into a
// *certRefusedError when the certificate was refused; other errors come back wrapped.
func explainTLSError(server, name string, err error) error {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verr     *tls.CertificateVerificationError
	)
	e := &certRefusedError{server: server, err: err}
	cafix := "set tlscafile to the PEM file of the CA that signed it, or tlsverify=0 to accept it unchecked"
	switch {
	case errors.As(err, &hostname):
		e.subject = subjectOf(hostname.Certificate)
		e.reason = fmt.Sprintf("wrong name: it is for %s, not %q", certNames(hostname.Certificate), name)
		e.fix = "name the server in serveraddress as its certificate does, or set tlsverify=0 to accept it unchecked"
	case errors.As(err, &unknown):
		e.subject = subjectOf(unknown.Cert)
		issuer := ""
		if unknown.Cert != nil {
			issuer = unknown.Cert.Issuer.String()
		}
		e.reason = fmt.Sprintf("unknown authority (issued by %q, a CA the phone does not trust)", issuer)
		e.fix = cafix
	case errors.As(err, &invalid):
		e.subject = subjectOf(invalid.Cert)
		switch invalid.Reason {
		case x509.Expired:
			e.reason = "expired or not yet valid"
			if invalid.Cert != nil {
				e.reason = fmt.Sprintf("expired or not yet valid (valid %s to %s)",
					invalid.Cert.NotBefore.UTC().Format(time.RFC3339), invalid.Cert.NotAfter.UTC().Format(time.RFC3339))
			}
			e.fix = "the server needs a current certificate; tlsverify=0 accepts it unchecked"
		default:
			e.reason = "invalid: " + invalid.Error()
			e.fix = cafix
		}
	case errors.As(err, &verr):
		if len(verr.UnverifiedCertificates) > 0 {
			e.subject = subjectOf(verr.UnverifiedCertificates[0])
		}
		e.reason = verr.Err.Error()
		e.fix = cafix
	default:
		return fmt.Errorf("TLS handshake with %s failed: %w", server, err)
	}
	return e
}

func subjectOf(c *x509.Certificate) string {
	if c == nil {
		return "unknown"
	}
	return c.Subject.String()
}

// certNames lists the names a certificate is valid for.
func certNames(c *x509.Certificate) string {
	if c == nil {
		return "no name"
	}
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return fmt.Sprintf("CN %q (no subject alternative names)", c.Subject.CommonName)
	}
	return fmt.Sprintf("%q", names)
}
