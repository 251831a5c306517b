package media

import (
	"bytes"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// lockedBuffer is a log sink safe for the session's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// rtpBytes is one plain RTP packet with a 160-byte payload.
func rtpBytes(pt uint8, seq uint16, ssrc uint32) []byte {
	b, err := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq,
		Timestamp: uint32(seq) * 160, SSRC: ssrc}, Payload: make([]byte, 160)}).Marshal()
	if err != nil {
		panic(err)
	}
	return b
}

// latchSession is a started PCMU session (telephone-event 101) whose SDP
// named sdp (nil = no address yet), logging to the returned buffer.
func latchSession(t *testing.T, sdp *net.UDPAddr) (*Session, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	s := listenLocal(t, SessionConfig{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err := s.Start(PCMU{}, 0, 101, sdp); err != nil {
		t.Fatal(err)
	}
	return s, logs
}

func (s *Session) destinations() (rtpTo, rtcpTo netip.AddrPort) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.remote, s.rtcpRemote
}

var (
	sdpAddr = netip.MustParseAddrPort("192.168.1.10:4000")  // what a NATed phone writes in its SDP
	natA    = netip.MustParseAddrPort("198.51.100.7:31000") // where its packets come from
	natB    = netip.MustParseAddrPort("198.51.100.7:31002") // the same NAT after rebinding
	evil    = netip.MustParseAddrPort("203.0.113.66:5004")  // a stranger spraying RTP
)

// TestLatchRules drives handleRTP with a fake clock through each rule.
func TestLatchRules(t *testing.T) {
	type step struct {
		from   netip.AddrPort
		pkt    []byte
		at     time.Duration // since the first step
		accept bool
	}
	ok := func(from netip.AddrPort, seq uint16, ssrc uint32, at time.Duration) step {
		return step{from, rtpBytes(0, seq, ssrc), at, true}
	}
	no := func(from netip.AddrPort, seq uint16, ssrc uint32, at time.Duration) step {
		return step{from, rtpBytes(0, seq, ssrc), at, false}
	}
	short := rtpBytes(0, 1, 7)[:11]
	v1 := rtpBytes(0, 1, 7)
	v1[0] = 0x40
	tests := []struct {
		name     string
		sdp      netip.AddrPort // invalid = no address signalled
		steps    []step
		want     netip.AddrPort
		wantRule string // in the log; "" = no latch logged
	}{
		{"first valid packet from a NATed source latches", sdpAddr,
			[]step{ok(natA, 1, 7, 0), ok(natA, 2, 7, 20*time.Millisecond)}, natA, ruleComedia},
		{"no address signalled: first valid packet latches", netip.AddrPort{},
			[]step{ok(natA, 1, 7, 0)}, natA, ruleNoRemote},
		{"garbage ignored", sdpAddr, []step{
			{natA, []byte{1, 2, 3}, 0, false}, {natA, short, 0, false}, {natA, v1, 0, false},
			{natA, nil, 0, false}, {natA, bytes.Repeat([]byte{0xff}, 200), 0, false},
		}, sdpAddr, ""},
		{"unknown payload type ignored", sdpAddr, []step{
			{natA, rtpBytes(8, 1, 7), 0, false}, {natA, rtpBytes(96, 2, 7), 0, false},
			{natA, rtpBytes(72, 3, 7), 0, false},
		}, sdpAddr, ""},
		{"telephone-event latches", sdpAddr, []step{{natA, rtpBytes(101, 1, 7), 0, true}}, natA, ruleComedia},
		{"comfort noise latches", sdpAddr, []step{{natA, rtpBytes(13, 1, 7), 0, true}}, natA, ruleComedia},
		{"signalled address heard: another source is ignored", sdpAddr, []step{
			ok(sdpAddr, 1, 7, 0), no(natA, 2, 8, 10*time.Millisecond), no(natA, 3, 8, 20*time.Millisecond),
			no(natA, 4, 8, 30*time.Millisecond), ok(sdpAddr, 2, 7, 40*time.Millisecond),
		}, sdpAddr, ""},
		{"latched source is not stolen while it flows", sdpAddr, []step{
			ok(natA, 1, 7, 0), no(evil, 100, 9, 10*time.Millisecond), no(evil, 101, 9, 20*time.Millisecond),
			ok(natA, 2, 7, 20*time.Millisecond), no(evil, 102, 9, 30*time.Millisecond),
			ok(natA, 3, 7, 1900*time.Millisecond), no(evil, 103, 9, 3800*time.Millisecond), // 1.9 s of silence is not enough
		}, natA, ruleComedia},
		{"re-latch after 2 s of silence with a consistent SSRC", sdpAddr, []step{
			ok(natA, 1, 7, 0), no(natB, 2, 7, 2100*time.Millisecond), ok(natB, 3, 7, 2120*time.Millisecond),
			no(natA, 4, 7, 2140*time.Millisecond), // the old mapping is now the stranger
		}, natB, ruleSilent},
		{"re-latch needs the same SSRC twice in a row", sdpAddr, []step{
			ok(natA, 1, 7, 0), no(natB, 2, 8, 3*time.Second), no(natB, 3, 9, 3*time.Second),
			no(evil, 4, 9, 3*time.Second), no(natB, 5, 9, 3*time.Second), ok(natB, 6, 9, 3*time.Second),
		}, natB, ruleSilent},
		{"signalled address takes the stream back", sdpAddr, []step{
			ok(evil, 1, 66, 0), no(sdpAddr, 1, 7, 10*time.Millisecond), ok(sdpAddr, 2, 7, 20*time.Millisecond),
			no(evil, 2, 66, 30*time.Millisecond), ok(sdpAddr, 3, 7, 40*time.Millisecond),
		}, sdpAddr, ruleReclaim},
		{"IPv4-mapped source is the same source", sdpAddr, []step{
			{netip.AddrPortFrom(netip.AddrFrom16(sdpAddr.Addr().As16()), sdpAddr.Port()), rtpBytes(0, 1, 7), 0, true},
			no(natA, 2, 8, 0),
		}, sdpAddr, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sdp *net.UDPAddr
			if tc.sdp.IsValid() {
				sdp = net.UDPAddrFromAddrPort(tc.sdp)
			}
			s, logs := latchSession(t, sdp)
			t0 := time.Now()
			for i, st := range tc.steps {
				before := s.Stats().PacketsReceived
				s.handleRTP(bytes.Clone(st.pkt), st.from, t0.Add(st.at))
				if got := s.Stats().PacketsReceived > before; got != st.accept {
					t.Fatalf("step %d (%v at %v): accepted %v, want %v; stats %+v", i, st.from, st.at, got, st.accept, s.Stats())
				}
			}
			rtpTo, rtcpTo := s.destinations()
			if rtpTo != tc.want {
				t.Errorf("sending to %v, want %v", rtpTo, tc.want)
			}
			if wantRTCP := netip.AddrPortFrom(tc.want.Addr(), tc.want.Port()+1); rtcpTo != wantRTCP {
				t.Errorf("RTCP to %v, want %v", rtcpTo, wantRTCP)
			}
			log := logs.String()
			if tc.wantRule == "" {
				if strings.Contains(log, "latched") {
					t.Errorf("unexpected latch logged:\n%s", log)
				}
				return
			}
			if !strings.Contains(log, "rtp latched to media source") || !strings.Contains(log, tc.wantRule) ||
				!strings.Contains(log, "addr="+tc.want.String()) {
				t.Errorf("log does not say why it latched to %v (%q):\n%s", tc.want, tc.wantRule, log)
			}
			if tc.sdp.IsValid() && !strings.Contains(log, "sdp="+tc.sdp.String()) {
				t.Errorf("log does not name the signalled address:\n%s", log)
			}
		})
	}
}

// TestLatchSRTP: with SRTP only authenticated packets latch, and forged
// packets from a stranger leave the real peer's replay and rollover state
// alone.
func TestLatchSRTP(t *testing.T) {
	s, _ := latchSession(t, net.UDPAddrFromAddrPort(sdpAddr))
	if err := s.SetSRTP(testKey(1), testKey(2)); err != nil {
		t.Fatal(err)
	}
	var peer, forger srtpState
	peer.tx = mustContext(t, testKey(2))
	forger.tx = mustContext(t, testKey(99)) // a key that is not the peer's
	protect := func(st *srtpState, seq uint16) []byte {
		b, err := st.protectRTP(nil, rtpBytes(0, seq, 7))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	now := time.Now()
	feed := func(b []byte, from netip.AddrPort) bool {
		before := s.Stats().PacketsReceived
		s.handleRTP(b, from, now)
		return s.Stats().PacketsReceived > before
	}
	// Unauthenticated packets, plain RTP and a forged tag, with the peer's
	// SSRC and the sequence numbers it will use, including a far jump that
	// would move the rollover counter if it were committed.
	tampered := protect(&peer, 1)
	tampered[len(tampered)-1] ^= 1
	for _, b := range [][]byte{protect(&forger, 1), protect(&forger, 2), rtpBytes(0, 1, 7), tampered,
		protect(&forger, 40000), protect(&forger, 3)} {
		if feed(b, evil) {
			t.Fatal("unauthenticated packet accepted")
		}
	}
	if to, _ := s.destinations(); to != sdpAddr {
		t.Fatalf("latched to %v on unauthenticated packets", to)
	}
	if n := s.Stats().AuthFailed; n != 6 {
		t.Errorf("AuthFailed %d, want 6", n)
	}
	// The real peer, from behind its NAT, with the same sequence numbers.
	for seq := uint16(1); seq <= 5; seq++ {
		if !feed(protect(&peer, seq), natA) {
			t.Fatalf("peer's packet %d refused after the forgeries: %+v", seq, s.Stats())
		}
	}
	if to, _ := s.destinations(); to != natA {
		t.Errorf("sending to %v, want the authenticated source %v", to, natA)
	}
	// While the peer's media flows, a stranger is refused before SRTP is
	// tried: foreign, not an authentication failure (no HMAC spent on it).
	st0 := s.Stats()
	for seq := uint16(100); seq < 110; seq++ {
		feed(protect(&forger, seq), evil)
	}
	if st := s.Stats(); st.Foreign-st0.Foreign != 10 || st.AuthFailed != st0.AuthFailed {
		t.Errorf("stranger during the call: foreign +%d, auth failed +%d; want +10, +0",
			st.Foreign-st0.Foreign, st.AuthFailed-st0.AuthFailed)
	}
	// A replayed authentic packet is refused, also from a new source after
	// the peer fell silent (when a stranger may be heard again).
	replay := protect(&peer, 6)
	if !feed(bytes.Clone(replay), natA) || feed(bytes.Clone(replay), natA) {
		t.Error("replayed packet accepted, or the original refused")
	}
	now = now.Add(3 * time.Second)
	if feed(bytes.Clone(replay), evil) || feed(replay, evil) {
		t.Error("replay from another source accepted after silence")
	}
	if to, _ := s.destinations(); to != natA {
		t.Errorf("replays moved the destination to %v", to)
	}
}

// TestLatchRandomBytesNever: random datagrams never latch. With SRTP any
// bytes (even a well-formed header with a negotiated payload type) fail
// authentication; without it, random bytes that are not RTP v2 with a
// negotiated payload type and a full header are refused.
func TestLatchRandomBytesNever(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, srtpOn := range []bool{false, true} {
		s, logs := latchSession(t, net.UDPAddrFromAddrPort(sdpAddr))
		if srtpOn {
			if err := s.SetSRTP(testKey(1), testKey(2)); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now()
		for i := range 20000 {
			b := make([]byte, rng.IntN(300))
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
			if len(b) >= 12 && i%2 == 0 { // make the header look right half the time
				b[0] = 0x80
				b[1] = []byte{0, 101, 13}[rng.IntN(3)]
			}
			if !srtpOn && len(b) >= 12 && b[0]>>6 == 2 {
				switch b[1] & 0x7f {
				case 0, 101, 13:
					b[1] = 8 // valid plain RTP of a negotiated type is not garbage; make it an unknown type
				}
			}
			from := netip.AddrPortFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(rng.Uint32())}), uint16(rng.Uint32()))
			s.handleRTP(b, from, now.Add(time.Duration(i)*time.Millisecond))
			s.handleRTCP(b, from, now)
		}
		st := s.Stats()
		if to, _ := s.destinations(); to != sdpAddr || st.PacketsReceived != 0 || strings.Contains(logs.String(), "latched") {
			t.Errorf("srtp=%v: random bytes latched to %v; stats %+v", srtpOn, to, st)
		}
	}
}

// FuzzSRTPNeverLatches: whatever a stranger sends to an SRTP session that has
// heard nothing yet (the most permissive state), the destination stays put.
func FuzzSRTPNeverLatches(f *testing.F) {
	f.Add(rtpBytes(0, 1, 7))
	f.Add(append(rtpBytes(0, 1, 7), make([]byte, 10)...))
	f.Add(rtpBytes(101, 1, 7))
	f.Add([]byte{0x80, 0xc8, 0, 6, 0, 0, 0, 7})
	s, err := Listen(SessionConfig{LocalIP: "127.0.0.1"})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	if err := s.SetSRTP(testKey(1), testKey(2)); err != nil {
		f.Fatal(err)
	}
	s.Start(PCMU{}, 0, 101, net.UDPAddrFromAddrPort(sdpAddr))
	f.Fuzz(func(t *testing.T, data []byte) {
		s.handleRTP(data, evil, time.Now())
		s.handleRTCP(data, evil, time.Now())
		if to, rtcpTo := s.destinations(); to != sdpAddr || rtcpTo.Port() != sdpAddr.Port()+1 {
			t.Fatalf("stranger moved the destination to %v / %v", to, rtcpTo)
		}
	})
}

// TestSameSDPKeepsLatch: a re-INVITE naming the same address keeps sending
// to the latched source; a new address starts over from it.
func TestSameSDPKeepsLatch(t *testing.T) {
	s, _ := latchSession(t, net.UDPAddrFromAddrPort(sdpAddr))
	s.handleRTP(rtpBytes(0, 1, 7), natA, time.Now())
	if err := s.Start(PCMU{}, 0, 101, net.UDPAddrFromAddrPort(sdpAddr)); err != nil {
		t.Fatal(err)
	}
	if to, _ := s.destinations(); to != natA {
		t.Errorf("after a re-INVITE with the same address sending to %v, want %v", to, natA)
	}
	other := netip.MustParseAddrPort("192.168.1.10:4010")
	s.SetRemote(net.UDPAddrFromAddrPort(other))
	if to := s.RemoteAddr(); to.AddrPort() != other {
		t.Errorf("after a new address sending to %v, want %v", to, other)
	}
}

// udpOn binds a UDP socket on ip (any port) for the test.
func udpOn(t *testing.T, ip string) *net.UDPConn {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Skipf("cannot bind %s: %v", ip, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readFrom waits for one datagram on c.
func readFrom(t *testing.T, c *net.UDPConn, what string) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 2048)
	n, _, err := c.ReadFromUDP(buf)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return buf[:n]
}

// TestLatchOverUDP: a far end behind NAT (SDP names one address, packets come
// from 127.0.0.2) gets our RTP and RTCP at the address its packets come from;
// its RTCP from another port moves our RTCP there; the SDP address gets nothing.
func TestLatchOverUDP(t *testing.T) {
	sdpSock := udpOn(t, "127.0.0.1") // what the SDP says; the far end never sends from it
	natRTP, natRTCP, err := bindPair("127.0.0.2", 0, 0)
	if err != nil {
		t.Skipf("no 127.0.0.2: %v", err)
	}
	defer natRTP.Close()
	defer natRTCP.Close()
	natRTCP2 := udpOn(t, "127.0.0.2") // the far end's RTCP as its NAT maps it

	logs := &lockedBuffer{}
	s := listenLocal(t, SessionConfig{RTCPInterval: 20 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err := s.Start(PCMU{}, 0, 101, sdpSock.LocalAddr().(*net.UDPAddr)); err != nil {
		t.Fatal(err)
	}
	rtcpPort := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: s.LocalAddr().Port + 1}
	if _, err := natRTP.WriteToUDP(rtpBytes(0, 1, 7), s.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the first packet", func() bool { return s.Stats().PacketsReceived == 1 })
	if to := s.RemoteAddr(); to.String() != natRTP.LocalAddr().String() {
		t.Fatalf("sending to %v, want %v", to, natRTP.LocalAddr())
	}
	if err := s.WriteFrame(make([]int16, FrameSamples)); err != nil {
		t.Fatal(err)
	}
	var p rtp.Packet
	if err := p.Unmarshal(readFrom(t, natRTP, "our RTP at the latched address")); err != nil || p.SSRC != s.ssrc {
		t.Fatalf("got %v %+v at the latched address", err, p.Header)
	}
	// RTCP follows to the latched port+1 ...
	if b := readFrom(t, natRTCP, "our RTCP at the latched port+1"); !isRTCP(b) {
		t.Fatalf("not RTCP: % x", b)
	}
	// ... and to where the far end's RTCP comes from once it sends some.
	rr := []byte{0x80, 201, 0, 1, 0, 0, 0, 7}
	if _, err := natRTCP2.WriteToUDP(rr, rtcpPort); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the far end's RTCP", func() bool { return s.Stats().RTCPReceived == 1 })
	if b := readFrom(t, natRTCP2, "our RTCP where the far end's comes from"); !isRTCP(b) {
		t.Fatalf("not RTCP: % x", b)
	}
	// A stranger's RTCP is foreign.
	stranger := udpOn(t, "127.0.0.3")
	stranger.WriteToUDP(rr, rtcpPort)
	eventually(t, "the stranger's RTCP refused", func() bool { return s.Stats().Foreign == 1 })
	if _, rtcpTo := s.destinations(); rtcpTo.String() != natRTCP2.LocalAddr().String() {
		t.Errorf("RTCP to %v, want %v", rtcpTo, natRTCP2.LocalAddr())
	}
	sdpSock.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, _, err := sdpSock.ReadFromUDP(make([]byte, 2048)); err == nil {
		t.Errorf("the SDP address got a %d-byte packet after the latch", n)
	}
	if log := logs.String(); !strings.Contains(log, "rtp latched to media source") || !strings.Contains(log, "rtcp latched to media source") {
		t.Errorf("latches not logged:\n%s", log)
	}
}

// TestLatchRTCPMux: with rtcp-mux RTCP goes to the latched RTP address from
// the RTP socket, and RTCP arriving on the RTP socket is taken as RTCP.
func TestLatchRTCPMux(t *testing.T) {
	nat := udpOn(t, "127.0.0.2")
	s := listenLocal(t, SessionConfig{RTCPInterval: 20 * time.Millisecond})
	s.SetRTCPMux(true)
	if err := s.Start(PCMU{}, 0, 0, net.UDPAddrFromAddrPort(sdpAddr)); err != nil {
		t.Fatal(err)
	}
	if _, rtcpTo := s.destinations(); rtcpTo != sdpAddr {
		t.Fatalf("rtcp-mux RTCP to %v, want %v", rtcpTo, sdpAddr)
	}
	nat.WriteToUDP(rtpBytes(0, 1, 7), s.LocalAddr())
	eventually(t, "the first packet", func() bool { return s.Stats().PacketsReceived == 1 })
	if rtpTo, rtcpTo := s.destinations(); rtpTo != rtcpTo || rtpTo.String() != nat.LocalAddr().String() {
		t.Fatalf("RTP to %v, RTCP to %v, want both %v", rtpTo, rtcpTo, nat.LocalAddr())
	}
	eventually(t, "our RTCP on the RTP address", func() bool { return isRTCP(readFrom(t, nat, "RTCP")) })
	nat.WriteToUDP([]byte{0x80, 201, 0, 1, 0, 0, 0, 7}, s.LocalAddr())
	eventually(t, "muxed RTCP received", func() bool { return s.Stats().RTCPReceived == 1 })
	if st := s.Stats(); st.UnknownPT != 0 || st.Malformed != 0 {
		t.Errorf("muxed RTCP taken as RTP: %+v", st)
	}
}
