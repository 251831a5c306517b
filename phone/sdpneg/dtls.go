package sdpneg

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/pion/sdp/v3"
)

// DTLS-SRTP policies for Local.DTLS (RFC 5763/5764).
const (
	DTLSOff    = 0 // DTLS profiles are refused and never offered
	DTLSAccept = 1 // offers with UDP/TLS/RTP/SAVP(F) and a=fingerprint are accepted
	DTLSOffer  = 2 // first offers are UDP/TLS/RTP/SAVP with a=fingerprint and a=setup:actpass
)

// DTLSProfile is the m-line profile of our DTLS-SRTP offers.
const DTLSProfile = "UDP/TLS/RTP/SAVP"

// ErrNoFingerprint means a DTLS-SRTP stream lacks a usable a=fingerprint or a=setup.
// It wraps ErrNoCommonCodec (a SIP UAS answers 488).
var ErrNoFingerprint = fmt.Errorf("no usable dtls fingerprint: %w", ErrNoCommonCodec)

// Setup is an a=setup role (RFC 4145 section 4, RFC 5763 section 5).
type Setup string

// a=setup roles.
const (
	SetupActive   Setup = "active"   // opens the connection: the DTLS client
	SetupPassive  Setup = "passive"  // waits for it: the DTLS server
	SetupActPass  Setup = "actpass"  // either; the answerer chooses (offers only)
	SetupHoldConn Setup = "holdconn" // no connection for now
)

// ParseSetup parses the value of an a=setup line.
func ParseSetup(v string) (Setup, error) {
	s := Setup(strings.ToLower(strings.TrimSpace(v)))
	switch s {
	case SetupActive, SetupPassive, SetupActPass, SetupHoldConn:
		return s, nil
	}
	return "", fmt.Errorf("%w: a=setup:%s is not active, passive, actpass or holdconn", ErrMalformed, v)
}

// Fingerprint is an a=fingerprint line (RFC 8122): the hash function's name, lower case,
// and the certificate's digest.
type Fingerprint struct {
	Hash   string // "sha-256", "sha-1", ...
	Digest []byte
}

// fingerprintHashes are the hash functions we check, with their digest length.
var fingerprintHashes = map[string]int{"sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64}

// ParseFingerprint parses "hash-func XX:XX:..." as on an a=fingerprint line. Hash functions
// we cannot check, and digests that are not colon-separated hex of the hash's length, give
// an error wrapping ErrMalformed.
func ParseFingerprint(v string) (Fingerprint, error) {
	f := strings.Fields(v)
	if len(f) != 2 {
		return Fingerprint{}, fmt.Errorf("%w: a=fingerprint:%s needs a hash function and a digest", ErrMalformed, v)
	}
	hash := strings.ToLower(f[0])
	n, ok := fingerprintHashes[hash]
	if !ok {
		return Fingerprint{}, fmt.Errorf("%w: a=fingerprint hash function %q is not one of sha-1, sha-224, sha-256, sha-384, sha-512",
			ErrMalformed, f[0])
	}
	parts := strings.Split(f[1], ":")
	if len(parts) != n {
		return Fingerprint{}, fmt.Errorf("%w: a=fingerprint %s digest has %d bytes, want %d", ErrMalformed, hash, len(parts), n)
	}
	d := make([]byte, 0, n)
	for _, p := range parts {
		if len(p) != 2 {
			return Fingerprint{}, fmt.Errorf("%w: a=fingerprint digest byte %q is not two hex digits", ErrMalformed, p)
		}
		b, err := hex.DecodeString(p)
		if err != nil {
			return Fingerprint{}, fmt.Errorf("%w: a=fingerprint digest byte %q is not two hex digits", ErrMalformed, p)
		}
		d = append(d, b[0])
	}
	return Fingerprint{Hash: hash, Digest: d}, nil
}

// String is the value of an a=fingerprint line: "sha-256 AB:CD:...".
func (f Fingerprint) String() string {
	var b strings.Builder
	b.WriteString(f.Hash)
	b.WriteByte(' ')
	for i, c := range f.Digest {
		if i > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%02X", c)
	}
	return b.String()
}

// Equal reports whether f and o name the same hash function and digest.
func (f Fingerprint) Equal(o Fingerprint) bool {
	return f.Hash == o.Hash && bytes.Equal(f.Digest, o.Digest)
}

// DTLS is what an offer/answer exchange settled for DTLS-SRTP: our role in the handshake
// and the fingerprints the far end's certificate must match (one of them, RFC 8122 5).
type DTLS struct {
	Client       bool          // we run the DTLS client (our a=setup is active)
	Fingerprints []Fingerprint // the far end's a=fingerprint lines (media level, else session level)
}

// remoteDTLS reads the far end's fingerprints (media level, else session level) and its
// a=setup (media level, else session level; "" when absent).
func remoteDTLS(s *sdp.SessionDescription, md *sdp.MediaDescription) ([]Fingerprint, Setup, error) {
	var fps []Fingerprint
	collect := func(attrs []sdp.Attribute) error {
		for _, a := range attrs {
			if a.Key != "fingerprint" {
				continue
			}
			fp, err := ParseFingerprint(a.Value)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrNoFingerprint, err)
			}
			fps = append(fps, fp)
		}
		return nil
	}
	if err := collect(md.Attributes); err != nil {
		return nil, "", err
	}
	if len(fps) == 0 {
		if err := collect(s.Attributes); err != nil {
			return nil, "", err
		}
	}
	if len(fps) == 0 {
		return nil, "", fmt.Errorf("%w: %s stream has no a=fingerprint line", ErrNoFingerprint, strings.Join(md.MediaName.Protos, "/"))
	}
	v, ok := md.Attribute("setup")
	if !ok {
		v, ok = s.Attribute("setup")
	}
	if !ok {
		return fps, "", nil
	}
	setup, err := ParseSetup(v)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrNoFingerprint, err)
	}
	return fps, setup, nil
}

// hasFingerprint reports whether md, or the session, carries an a=fingerprint line.
func hasFingerprint(s *sdp.SessionDescription, md *sdp.MediaDescription) bool {
	_, m := md.Attribute("fingerprint")
	_, ss := s.Attribute("fingerprint")
	return m || ss
}

// answerRole is our a=setup in an answer to an offer with setup (RFC 5763 section 5: an
// actpass offer is answered active; RFC 4145: an absent a=setup means the offerer is
// active). holdconn cannot be answered.
func answerRole(offered Setup) (Setup, error) {
	switch offered {
	case SetupActPass, SetupPassive:
		return SetupActive, nil
	case SetupActive, "":
		return SetupPassive, nil
	}
	return "", fmt.Errorf("%w: offer's a=setup:%s leaves no DTLS connection to make", ErrNoFingerprint, offered)
}

// answeredRole is our DTLS client role from the answerer's a=setup to our offer's setup
// ours: an answer must pick active or passive (absent means active, RFC 4145); within a
// session whose role is settled (ours not actpass) that role stays.
func answeredRole(ours, theirs Setup) (client bool, err error) {
	switch theirs {
	case SetupActive, "":
		client = false
	case SetupPassive:
		client = true
	default:
		return false, fmt.Errorf("%w: answer's a=setup:%s must be active or passive", ErrNoFingerprint, theirs)
	}
	switch ours {
	case SetupActive:
		client = true
	case SetupPassive:
		client = false
	}
	return client, nil
}

// dtlsAttrs are our a=setup and a=fingerprint lines.
func dtlsAttrs(setup Setup, fp Fingerprint) []sdp.Attribute {
	return []sdp.Attribute{sdp.NewAttribute("setup", string(setup)), sdp.NewAttribute("fingerprint", fp.String())}
}

// checkFingerprint validates l.Fingerprint for use in an SDP.
func (l Local) checkFingerprint() error {
	if n, ok := fingerprintHashes[l.Fingerprint.Hash]; !ok || len(l.Fingerprint.Digest) != n {
		return fmt.Errorf("%w: Fingerprint %q is not a digest of a hash function we name", ErrBadLocal, l.Fingerprint.String())
	}
	return nil
}

// roleSetup is the a=setup of a settled DTLS role.
func roleSetup(client bool) Setup {
	if client {
		return SetupActive
	}
	return SetupPassive
}

// FingerprintOf is the sha-256 fingerprint of a DER certificate, for our a=fingerprint.
func FingerprintOf(der []byte) Fingerprint {
	d := sha256.Sum256(der)
	return Fingerprint{Hash: "sha-256", Digest: d[:]}
}

// digest hashes der with the named fingerprint hash function; nil for one we do not know.
func digest(hash string, der []byte) []byte {
	switch hash {
	case "sha-1":
		d := sha1.Sum(der)
		return d[:]
	case "sha-224":
		d := sha256.Sum224(der)
		return d[:]
	case "sha-256":
		d := sha256.Sum256(der)
		return d[:]
	case "sha-384":
		d := sha512.Sum384(der)
		return d[:]
	case "sha-512":
		d := sha512.Sum512(der)
		return d[:]
	}
	return nil
}

// ErrFingerprintMismatch means the far end's DTLS certificate is not the one its SDP named.
var ErrFingerprintMismatch = errors.New("dtls certificate does not match the sdp fingerprint")

// VerifyCertificate checks a DTLS peer's certificate (DER) against the fingerprints its
// SDP announced: it must match one of them (RFC 8122 section 5). The error wraps
// ErrFingerprintMismatch and names both digests.
func VerifyCertificate(fps []Fingerprint, der []byte) error {
	for _, fp := range fps {
		if bytes.Equal(digest(fp.Hash, der), fp.Digest) {
			return nil
		}
	}
	var want []string
	for _, fp := range fps {
		want = append(want, "a=fingerprint:"+fp.String())
	}
	hash := "sha-256"
	if len(fps) > 0 {
		hash = fps[0].Hash
	}
	got := Fingerprint{Hash: hash, Digest: digest(hash, der)}
	return fmt.Errorf("%w: certificate %s, sdp %s", ErrFingerprintMismatch, got, strings.Join(want, ", "))
}
