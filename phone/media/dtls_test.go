package media

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"testing"
	"time"
)

// dtlsCert makes a certificate or fails the test.
func dtlsCert(t testing.TB) tls.Certificate {
	t.Helper()
	c, err := NewDTLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// expect is a VerifyPeer accepting only want's certificate.
func expect(want tls.Certificate) func([]byte) error {
	return func(der []byte) error {
		if !bytes.Equal(der, want.Certificate[0]) {
			return fmt.Errorf("certificate does not match")
		}
		return nil
	}
}

// dtlsHandshakes runs StartDTLS on a (client) and b (server) and returns their results.
func dtlsHandshakes(t *testing.T, a, b *Session, ca, cb DTLSConfig) (errA, errB error) {
	t.Helper()
	da, db := make(chan error, 1), make(chan error, 1)
	b.StartDTLS(cb, func(err error) { db <- err })
	a.StartDTLS(ca, func(err error) { da <- err })
	for i := 0; i < 2; i++ {
		select {
		case errA = <-da:
		case errB = <-db:
		case <-time.After(30 * time.Second):
			t.Fatal("no handshake result")
		}
	}
	return errA, errB
}

// TestDTLSSessionsExchangeSine keys two sessions by a DTLS-SRTP handshake over their RTP
// sockets: audio crosses both ways encrypted, RTCP runs on SRTCP, nothing fails auth.
func TestDTLSSessionsExchangeSine(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	certA, certB := dtlsCert(t), dtlsCert(t)
	// Before the keys, nothing may leave in the clear.
	a.srtp.setPending()
	if err := a.WriteFrame(make([]int16, FrameSamples)); err != nil {
		t.Fatal(err)
	}
	if st := a.Stats(); st.PacketsSent != 0 {
		t.Fatalf("sent %d packets before the DTLS keys", st.PacketsSent)
	}
	errA, errB := dtlsHandshakes(t, a, b,
		DTLSConfig{Certificate: certA, Client: true, VerifyPeer: expect(certB)},
		DTLSConfig{Certificate: certB, VerifyPeer: expect(certA)})
	if errA != nil || errB != nil {
		t.Fatalf("handshake: client %v, server %v", errA, errB)
	}
	if c := exchange(t, a, b, 60); c < 0.95 {
		t.Errorf("a->b correlates %.3f, want >= 0.95", c)
	}
	if c := exchange(t, b, a, 60); c < 0.95 {
		t.Errorf("b->a correlates %.3f, want >= 0.95", c)
	}
	for name, s := range map[string]*Session{"a": a, "b": b} {
		if st := s.Stats(); !st.Encrypted || st.AuthFailed != 0 {
			t.Errorf("%s: stats %+v, want encrypted without auth failures", name, st)
		}
	}
	a.sendReport(time.Now())
	eventually(t, "SRTCP report", func() bool { return b.Stats().RTCPReceived > 0 })
}

// TestDTLSFingerprintMismatch: a far end whose certificate is not the one its SDP named
// fails the handshake on our side with ErrDTLSFailed naming the cause.
func TestDTLSFingerprintMismatch(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	certA, certB, other := dtlsCert(t), dtlsCert(t), dtlsCert(t)
	errA, _ := dtlsHandshakes(t, a, b,
		DTLSConfig{Certificate: certA, Client: true, VerifyPeer: expect(other), Timeout: 5 * time.Second},
		DTLSConfig{Certificate: certB, VerifyPeer: expect(certA), Timeout: 5 * time.Second})
	if !errors.Is(errA, ErrDTLSFailed) || !bytes.Contains([]byte(errA.Error()), []byte("does not match")) {
		t.Errorf("client error %v, want ErrDTLSFailed saying the certificate does not match", errA)
	}
	if a.Encrypted() {
		t.Error("session keyed after a failed handshake")
	}
}

// TestDTLSTimeout: a far end that never answers ends the handshake with ErrDTLSTimeout.
func TestDTLSTimeout(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	_ = b // b never starts DTLS: the client's ClientHellos go unanswered
	done := make(chan error, 1)
	a.StartDTLS(DTLSConfig{Certificate: dtlsCert(t), Client: true, Timeout: 500 * time.Millisecond}, func(err error) { done <- err })
	select {
	case err := <-done:
		if !errors.Is(err, ErrDTLSTimeout) {
			t.Errorf("error %v, want ErrDTLSTimeout", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("handshake not bounded")
	}
}

// TestDTLSFarEndBehindNAT: the far end's SDP names an address its packets do not come from
// (a NAT router's inside address): as DTLS server we answer its ClientHello at the source
// it came from, and RTP then latches there too, so audio flows both ways.
func TestDTLSFarEndBehindNAT(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	elsewhere := listenLocal(t, SessionConfig{}) // what a's SDP said: nobody there answers
	if err := a.Start(PCMU{}, 0, 101, elsewhere.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	certA, certB := dtlsCert(t), dtlsCert(t)
	errB, errA := dtlsHandshakes(t, b, a,
		DTLSConfig{Certificate: certB, Client: true, VerifyPeer: expect(certA)},
		DTLSConfig{Certificate: certA, VerifyPeer: expect(certB)})
	if errA != nil || errB != nil {
		t.Fatalf("handshake: server %v, client %v", errA, errB)
	}
	if c := exchange(t, b, a, 40); c < 0.95 {
		t.Errorf("b->a correlates %.3f, want >= 0.95", c)
	}
	if c := exchange(t, a, b, 40); c < 0.95 {
		t.Errorf("a->b (latched to b's source) correlates %.3f, want >= 0.95", c)
	}
}
