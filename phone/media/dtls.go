package media

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/pion/dtls/v3"
	"github.com/pion/dtls/v3/pkg/crypto/selfsign"
	"github.com/pion/srtp/v3"
)

// Errors of the DTLS-SRTP handshake, wrapped with detail.
var (
	// ErrDTLSTimeout means the handshake did not finish within DTLSConfig.Timeout.
	ErrDTLSTimeout = errors.New("media: dtls handshake timed out")
	// ErrDTLSFailed means the handshake failed: an alert, no common SRTP profile, or a
	// peer certificate that VerifyPeer refused.
	ErrDTLSFailed = errors.New("media: dtls handshake failed")
)

// DefaultDTLSTimeout bounds a DTLS handshake when DTLSConfig.Timeout is 0.
const DefaultDTLSTimeout = 10 * time.Second

// DTLSConfig is one side of a DTLS-SRTP handshake (RFC 5764).
type DTLSConfig struct {
	// Certificate is ours (NewDTLSCertificate); its fingerprint went into our SDP.
	Certificate tls.Certificate
	// Client makes us the DTLS client (our a=setup is active), else the server.
	Client bool
	// VerifyPeer checks the far end's certificate (DER) against the fingerprint its SDP
	// announced; an error ends the handshake.
	VerifyPeer func(der []byte) error
	// Timeout bounds the handshake; 0 means DefaultDTLSTimeout.
	Timeout time.Duration
}

// DTLSKeys are what a DTLS-SRTP handshake produced.
type DTLSKeys struct {
	Suite              string // RFC 4568 name of the agreed SRTP profile, for SetSRTPSuite
	Local, Remote      []byte // our and the far end's SRTP master key followed by its salt
	PeerCertificateDER []byte // the far end's certificate, as VerifyPeer saw it
}

// dtlsProfiles are the SRTP protection profiles we offer in use_srtp, in preference order,
// with the SetSRTPSuite name of each.
var dtlsProfiles = []struct {
	dtls  dtls.SRTPProtectionProfile
	srtp  srtp.ProtectionProfile
	suite string
}{
	{dtls.SRTP_AES128_CM_HMAC_SHA1_80, srtp.ProtectionProfileAes128CmHmacSha1_80, SuiteAES128SHA1_80},
	{dtls.SRTP_AES128_CM_HMAC_SHA1_32, srtp.ProtectionProfileAes128CmHmacSha1_32, SuiteAES128SHA1_32},
}

// NewDTLSCertificate makes a self-signed ECDSA P-256 certificate for DTLS-SRTP.
func NewDTLSCertificate() (tls.Certificate, error) {
	c, err := selfsign.GenerateSelfSigned()
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("media: dtls certificate: %w", err)
	}
	return c, nil
}

// DTLSHandshake runs a DTLS-SRTP handshake with the far end at remote over conn and
// returns the negotiated SRTP keys and the DTLS connection, which the caller closes at the
// end of the call (sending close_notify). conn is any packet path to the far end: the
// session's RTP socket demultiplexed (Session.StartDTLS), or later an ICE-selected pair.
func DTLSHandshake(ctx context.Context, conn net.PacketConn, remote net.Addr, cfg DTLSConfig) (DTLSKeys, *dtls.Conn, error) {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultDTLSTimeout
	}
	profiles := make([]dtls.SRTPProtectionProfile, len(dtlsProfiles))
	for i, p := range dtlsProfiles {
		profiles[i] = p.dtls
	}
	var peer []byte
	dc := &dtls.Config{
		Certificates:           []tls.Certificate{cfg.Certificate},
		SRTPProtectionProfiles: profiles,
		ExtendedMasterSecret:   dtls.RequestExtendedMasterSecret,
		// Self-signed certificates both ways: the check is the SDP's fingerprint.
		InsecureSkipVerify: true,
		ClientAuth:         dtls.RequireAnyClientCert,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("far end sent no certificate")
			}
			peer = raw[0]
			if cfg.VerifyPeer == nil {
				return nil
			}
			return cfg.VerifyPeer(raw[0])
		},
	}
	var c *dtls.Conn
	var err error
	if cfg.Client {
		c, err = dtls.Client(conn, remote, dc)
	} else {
		c, err = dtls.Server(conn, remote, dc)
	}
	if err != nil {
		return DTLSKeys{}, nil, fmt.Errorf("%w: %w", ErrDTLSFailed, err)
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.HandshakeContext(hctx); err != nil {
		c.Close()
		if hctx.Err() != nil && ctx.Err() == nil {
			return DTLSKeys{}, nil, fmt.Errorf("%w after %s", ErrDTLSTimeout, timeout)
		}
		return DTLSKeys{}, nil, fmt.Errorf("%w: %w", ErrDTLSFailed, err)
	}
	keys, err := dtlsKeys(c, cfg.Client)
	if err != nil {
		c.Close()
		return DTLSKeys{}, nil, err
	}
	keys.PeerCertificateDER = peer
	return keys, c, nil
}

// dtlsKeys exports the SRTP keys of a finished handshake (RFC 5764 section 4.2).
func dtlsKeys(c *dtls.Conn, client bool) (DTLSKeys, error) {
	sel, ok := c.SelectedSRTPProtectionProfile()
	if !ok {
		return DTLSKeys{}, fmt.Errorf("%w: no SRTP protection profile agreed (use_srtp)", ErrDTLSFailed)
	}
	for _, p := range dtlsProfiles {
		if p.dtls != sel {
			continue
		}
		state, ok := c.ConnectionState()
		if !ok {
			return DTLSKeys{}, fmt.Errorf("%w: no connection state after the handshake", ErrDTLSFailed)
		}
		sc := srtp.Config{Profile: p.srtp}
		if err := sc.ExtractSessionKeysFromDTLS(&state, client); err != nil {
			return DTLSKeys{}, fmt.Errorf("%w: exporting SRTP keys: %w", ErrDTLSFailed, err)
		}
		k := sc.Keys
		return DTLSKeys{
			Suite:  p.suite,
			Local:  append(append([]byte{}, k.LocalMasterKey...), k.LocalMasterSalt...),
			Remote: append(append([]byte{}, k.RemoteMasterKey...), k.RemoteMasterSalt...),
		}, nil
	}
	return DTLSKeys{}, fmt.Errorf("%w: far end chose SRTP profile %#04x, which we did not offer", ErrDTLSFailed, uint16(sel))
}
