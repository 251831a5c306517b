package media

import (
	"bytes"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/pion/rtp"
)

func testKey(seed byte) []byte {
	k := make([]byte, SRTPKeyLen)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

// srtpPair is pair with SRTP keyed both ways.
func srtpPair(t *testing.T) (a, b *Session) {
	t.Helper()
	a, b = pair(t, SessionConfig{})
	ka, kb := testKey(1), testKey(100)
	if err := a.SetSRTP(ka, kb); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSRTP(kb, ka); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// exchange sends n sine frames from a to b and returns the correlation of
// what b played out with what a sent.
func exchange(t *testing.T, a, b *Session, n int) float64 {
	t.Helper()
	frames := sineFrames(n, 440, 8000)
	var sent, got []int16
	out := make([]int16, FrameSamples)
	base := b.Stats().PacketsReceived
	for i, f := range frames {
		if err := a.WriteFrame(f); err != nil {
			t.Fatalf("WriteFrame: %v", err)
		}
		sent = append(sent, f...)
		eventually(t, "packet delivery", func() bool { return b.Stats().PacketsReceived >= base+uint64(i+1) })
		b.ReadFrame(out)
		got = append(got, out...)
	}
	return bestCorrelation(sent[:len(sent)/2], got, 10*FrameSamples)
}

func TestSRTPSessionsExchangeSine(t *testing.T) {
	a, b := srtpPair(t)
	if c := exchange(t, a, b, 100); c < 0.95 {
		t.Errorf("received audio correlates %.3f with what was sent, want >= 0.95", c)
	}
	if c := exchange(t, b, a, 60); c < 0.95 {
		t.Errorf("reverse direction correlates %.3f, want >= 0.95", c)
	}
	st := b.Stats()
	if !st.Encrypted || st.AuthFailed != 0 || st.Lost != 0 || st.BytesReceived != 100*160 {
		t.Errorf("receiver stats %+v", st)
	}
	// Rekey (re-INVITE with new keys on both sides): audio keeps flowing.
	ka, kb := testKey(7), testKey(77)
	if err := a.SetSRTP(ka, kb); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSRTP(kb, ka); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b, 20)
	if n := b.Stats().AuthFailed; n != 0 {
		t.Errorf("%d auth failures after rekey, want 0", n)
	}
	// Only b's key changes: a keeps its sending context (and rollover counter).
	tx := a.srtp.tx
	kb2 := testKey(200)
	if err := a.SetSRTP(ka, kb2); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSRTP(kb2, ka); err != nil {
		t.Fatal(err)
	}
	if a.srtp.tx != tx || a.srtp.rx == nil {
		t.Error("a's unchanged sending key got a new context")
	}
	exchange(t, b, a, 20)
	exchange(t, a, b, 20)
	if na, nb := a.Stats().AuthFailed, b.Stats().AuthFailed; na != 0 || nb != 0 {
		t.Errorf("auth failures after one-sided rekey: a %d, b %d", na, nb)
	}
}

// TestSRTPOnTheWire checks what leaves the socket is not plain RTP: same
// header, payload scrambled, 10-byte auth tag appended.
func TestSRTPOnTheWire(t *testing.T) {
	raw, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	a := listenLocal(t, SessionConfig{})
	if err := a.SetSRTP(testKey(1), testKey(2)); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(PCMU{}, 0, 0, raw.LocalAddr().(*net.UDPAddr)); err != nil {
		t.Fatal(err)
	}
	if err := a.WriteFrame(make([]int16, FrameSamples)); err != nil { // silence: PCMU 0xff
		t.Fatal(err)
	}
	raw.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 2048)
	n, _, err := raw.ReadFromUDP(buf)
	if err != nil {
		t.Fatal(err)
	}
	var p rtp.Packet
	if err := p.Unmarshal(buf[:n]); err != nil {
		t.Fatal(err)
	}
	if p.PayloadType != 0 || len(p.Payload) != 160+10 {
		t.Fatalf("got pt %d payload %d bytes, want pt 0 and 160+10", p.PayloadType, len(p.Payload))
	}
	if bytes.Equal(p.Payload[:160], bytes.Repeat([]byte{0xff}, 160)) {
		t.Error("payload went out in clear")
	}
}

func TestSRTPWrongKeyReceivesNothing(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	if err := a.SetSRTP(testKey(1), testKey(2)); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSRTP(testKey(2), testKey(9)); err != nil { // expects the wrong key from a
		t.Fatal(err)
	}
	for _, f := range sineFrames(20, 440, 8000) {
		if err := a.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "auth failures", func() bool { return b.Stats().AuthFailed >= 20 })
	if st := b.Stats(); st.PacketsReceived != 0 || st.BytesReceived != 0 {
		t.Errorf("wrong-key receiver accepted packets: %+v", st)
	}
}

func TestSRTPDropsPlainRTP(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	if err := b.SetSRTP(testKey(2), testKey(1)); err != nil {
		t.Fatal(err)
	}
	for _, f := range sineFrames(10, 440, 8000) {
		if err := a.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "auth failures", func() bool { return b.Stats().AuthFailed >= 10 })
	if st := b.Stats(); st.PacketsReceived != 0 {
		t.Errorf("SRTP session accepted %d plain RTP packets", st.PacketsReceived)
	}
}

func TestSetSRTPErrors(t *testing.T) {
	s := listenLocal(t, SessionConfig{})
	tests := []struct {
		name          string
		suite         string
		local, remote []byte
		wantErr       bool
	}{
		{"ok 80", SuiteAES128SHA1_80, testKey(1), testKey(2), false},
		{"ok 32", SuiteAES128SHA1_32, testKey(1), testKey(2), false},
		{"off", SuiteAES128SHA1_80, nil, nil, false},
		{"short local", SuiteAES128SHA1_80, testKey(1)[:29], testKey(2), true},
		{"long remote", SuiteAES128SHA1_80, testKey(1), append(testKey(2), 0), true},
		{"one missing", SuiteAES128SHA1_80, testKey(1), nil, true},
		{"unknown suite", "F8_128_HMAC_SHA1_80", testKey(1), testKey(2), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SetSRTPSuite(tc.suite, tc.local, tc.remote)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr && !errors.Is(err, ErrSRTPKey) {
				t.Errorf("err %v does not wrap ErrSRTPKey", err)
			}
			if !tc.wantErr && s.Encrypted() != (tc.local != nil) {
				t.Errorf("Encrypted() = %v after %s", s.Encrypted(), tc.name)
			}
		})
	}
}

// FuzzSRTPSessionReceive feeds arbitrary datagrams to an SRTP session: they
// must be dropped or accepted, never panic.
func FuzzSRTPSessionReceive(f *testing.F) {
	var tx srtpState
	tx.tx = mustContext(f, testKey(2))
	plain, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, SequenceNumber: 1, SSRC: 9}, Payload: make([]byte, 160)}).Marshal()
	good, err := tx.protectRTP(nil, plain)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(plain)
	f.Add([]byte{0x81, 201, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0x80, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	s, err := Listen(SessionConfig{LocalIP: "127.0.0.1"})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	if err := s.SetSRTP(testKey(1), testKey(2)); err != nil {
		f.Fatal(err)
	}
	from := netip.MustParseAddrPort("127.0.0.1:9")
	s.Start(PCMU{}, 0, 101, net.UDPAddrFromAddrPort(from))
	out := make([]int16, FrameSamples)
	f.Fuzz(func(t *testing.T, data []byte) {
		now := time.Now()
		s.handleRTP(bytes.Clone(data), from, now)
		s.handleRTCP(data, from, now)
		s.ReadFrame(out)
	})
}
