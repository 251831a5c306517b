package media

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/pion/rtp"
	"github.com/pion/srtp/v3"
)

// ErrSRTPKey means SetSRTP was given an unusable suite or key.
var ErrSRTPKey = errors.New("media: bad srtp key")

// errKeysPending means SRTP keys are awaited from a DTLS handshake: nothing is sent in
// the clear meanwhile, and nothing received is accepted.
var errKeysPending = errors.New("media: srtp keys pending (dtls handshake)")

// SRTP crypto suites (RFC 4568 names) that SetSRTPSuite accepts.
const (
	SuiteAES128SHA1_80 = "AES_CM_128_HMAC_SHA1_80"
	SuiteAES128SHA1_32 = "AES_CM_128_HMAC_SHA1_32"
)

// SRTPKeyLen is the length of an AES_CM_128 master key plus salt.
const SRTPKeyLen = 30

// srtpState holds the session's SRTP contexts. pion contexts are not safe for
// concurrent use, so every operation runs under mu.
type srtpState struct {
	mu       sync.Mutex
	tx, rx   *srtp.Context // nil = plain RTP
	suite    string
	pending  bool // keys awaited from DTLS; tx and rx are nil meanwhile
	localKey []byte
	peerKey  []byte
	txHdr    rtp.Header // scratch headers: pion allocates one when given nil
	rxHdr    rtp.Header
}

func srtpProfile(suite string) (srtp.ProtectionProfile, error) {
	switch suite {
	case SuiteAES128SHA1_80:
		return srtp.ProtectionProfileAes128CmHmacSha1_80, nil
	case SuiteAES128SHA1_32:
		return srtp.ProtectionProfileAes128CmHmacSha1_32, nil
	}
	return 0, fmt.Errorf("%w: unsupported crypto suite %q", ErrSRTPKey, suite)
}

// SetSRTP turns on SRTP/SRTCP with AES_CM_128_HMAC_SHA1_80: localKey
// protects what we send, remoteKey authenticates and decrypts what we
// receive; each is a 30-byte master key followed by its salt. It may be
// called before Start and again on a re-INVITE; a direction whose key did
// not change keeps its running context. Both keys nil turns SRTP off.
func (s *Session) SetSRTP(localKey, remoteKey []byte) error {
	return s.SetSRTPSuite(SuiteAES128SHA1_80, localKey, remoteKey)
}

// SetSRTPSuite is SetSRTP with an explicit RFC 4568 crypto suite name
// (SuiteAES128SHA1_80 or SuiteAES128SHA1_32).
func (s *Session) SetSRTPSuite(suite string, localKey, remoteKey []byte) error {
	st := &s.srtp
	if localKey == nil && remoteKey == nil {
		st.mu.Lock()
		st.tx, st.rx, st.suite, st.localKey, st.peerKey = nil, nil, "", nil, nil
		st.pending = false
		st.mu.Unlock()
		return nil
	}
	prof, err := srtpProfile(suite)
	if err != nil {
		return err
	}
	if len(localKey) != SRTPKeyLen || len(remoteKey) != SRTPKeyLen {
		return fmt.Errorf("%w: keys are %d and %d bytes, want %d (16 key + 14 salt)",
			ErrSRTPKey, len(localKey), len(remoteKey), SRTPKeyLen)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	same := st.tx != nil && st.suite == suite
	// A context whose key stays keeps running: its rollover counter must
	// continue, or the peer would fail to authenticate after a wrap.
	tx, rx := st.tx, st.rx
	if !same || !bytes.Equal(st.localKey, localKey) {
		if tx, err = srtp.CreateContext(localKey[:16], localKey[16:], prof); err != nil {
			return fmt.Errorf("%w: local: %w", ErrSRTPKey, err)
		}
	}
	if !same || !bytes.Equal(st.peerKey, remoteKey) {
		rx, err = srtp.CreateContext(remoteKey[:16], remoteKey[16:], prof,
			srtp.SRTPReplayProtection(64), srtp.SRTCPReplayProtection(64))
		if err != nil {
			return fmt.Errorf("%w: remote: %w", ErrSRTPKey, err)
		}
	}
	if tx != st.tx || rx != st.rx {
		s.log.Debug("srtp keys set", "suite", suite, "new_local", tx != st.tx, "new_remote", rx != st.rx)
	}
	st.tx, st.rx, st.suite, st.pending = tx, rx, suite, false
	st.localKey, st.peerKey = bytes.Clone(localKey), bytes.Clone(remoteKey)
	return nil
}

// setPending blocks media until SetSRTPSuite installs the keys a DTLS handshake makes.
func (st *srtpState) setPending() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.tx == nil {
		st.pending = true
	}
}

// Encrypted reports whether SRTP is on.
func (s *Session) Encrypted() bool {
	s.srtp.mu.Lock()
	defer s.srtp.mu.Unlock()
	return s.srtp.tx != nil
}

// protectRTP encrypts an RTP packet into dst when SRTP is on; otherwise it
// returns pkt unchanged.
func (st *srtpState) protectRTP(dst, pkt []byte) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.tx == nil {
		return pkt, st.pendingErr()
	}
	return st.tx.EncryptRTP(dst, pkt, &st.txHdr)
}

// unprotectRTP authenticates and decrypts an SRTP packet in place when SRTP
// is on; otherwise it returns pkt unchanged.
func (st *srtpState) unprotectRTP(pkt []byte) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.rx == nil {
		return pkt, st.pendingErr()
	}
	return st.rx.DecryptRTP(pkt, pkt, &st.rxHdr)
}

// protectRTCP encrypts a compound RTCP packet when SRTP is on.
func (st *srtpState) protectRTCP(pkt []byte) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.tx == nil {
		return pkt, st.pendingErr()
	}
	return st.tx.EncryptRTCP(nil, pkt, nil)
}

// unprotectRTCP authenticates and decrypts an SRTCP packet when SRTP is on.
func (st *srtpState) unprotectRTCP(pkt []byte) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.rx == nil {
		return pkt, st.pendingErr()
	}
	return st.rx.DecryptRTCP(nil, pkt, nil)
}

// pendingErr is errKeysPending while DTLS keys are awaited; st.mu must be held.
func (st *srtpState) pendingErr() error {
	if st.pending {
		return errKeysPending
	}
	return nil
}
