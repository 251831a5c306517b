package media

import (
	"errors"
	"math"
	"net"
	"net/netip"
	"testing"
	"time"
)

// eventually polls cond until it holds or 5 s pass. It waits for real
// network delivery; no pass/fail decision depends on how long that takes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func listenLocal(t testing.TB, cfg SessionConfig) *Session {
	t.Helper()
	cfg.LocalIP = "127.0.0.1"
	s, err := Listen(cfg)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pair returns two started sessions on loopback sending to each other with
// PCMU and telephone-event 101.
func pair(t testing.TB, cfg SessionConfig) (a, b *Session) {
	t.Helper()
	a, b = listenLocal(t, cfg), listenLocal(t, cfg)
	if err := a.Start(PCMU{}, 0, 101, b.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(PCMU{}, 0, 101, a.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func sineFrames(n int, freq, amp float64) [][]int16 {
	out := make([][]int16, n)
	for f := range out {
		out[f] = make([]int16, FrameSamples)
		for i := range out[f] {
			k := f*FrameSamples + i
			out[f][i] = int16(amp * math.Sin(2*math.Pi*freq*float64(k)/InternalRate))
		}
	}
	return out
}

// bestCorrelation is the highest normalised cross-correlation of got against
// want over lags 0..maxLag samples.
func bestCorrelation(want, got []int16, maxLag int) float64 {
	best := 0.0
	for lag := 0; lag <= maxLag; lag++ {
		var xy, xx, yy float64
		for i := 0; i+lag < len(got) && i < len(want); i++ {
			x, y := float64(want[i]), float64(got[i+lag])
			xy += x * y
			xx += x * x
			yy += y * y
		}
		if xx > 0 && yy > 0 {
			best = max(best, xy/math.Sqrt(xx*yy))
		}
	}
	return best
}

func TestSessionsExchangeSine(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	frames := sineFrames(100, 440, 8000)
	var sent, got []int16
	out := make([]int16, FrameSamples)
	for i, f := range frames {
		if err := a.WriteFrame(f); err != nil {
			t.Fatalf("WriteFrame: %v", err)
		}
		sent = append(sent, f...)
		eventually(t, "packet delivery", func() bool { return b.Stats().PacketsReceived >= uint64(i+1) })
		b.ReadFrame(out)
		got = append(got, out...)
	}
	if c := bestCorrelation(sent[:len(sent)/2], got, 10*FrameSamples); c < 0.95 {
		t.Errorf("received audio correlates %.3f with what was sent, want >= 0.95", c)
	}
	st := b.Stats()
	if st.Lost != 0 || st.Codec != "PCMU" || st.BytesReceived != 100*160 {
		t.Errorf("receiver stats %+v", st)
	}
}

func TestSetDirection(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	frame := make([]int16, FrameSamples)
	a.SetDirection(false, true)
	for range 10 {
		if err := a.WriteFrame(frame); err != nil {
			t.Fatal(err)
		}
	}
	if n := a.Stats().PacketsSent; n != 0 {
		t.Fatalf("sent %d packets on hold, want 0", n)
	}
	// Receiving switched off: packets arrive but are not played out.
	a.SetDirection(true, true)
	b.SetDirection(true, false)
	for range 5 {
		a.WriteFrame(frame)
	}
	eventually(t, "delivery", func() bool { return b.Stats().PacketsReceived == 5 })
	if n := b.jb.Load().Stats().Received; n != 0 {
		t.Errorf("jitter buffer got %d packets with recv off, want 0", n)
	}
}

func TestInactivityFires(t *testing.T) {
	s := listenLocal(t, SessionConfig{InactivityTimeout: 100 * time.Millisecond})
	fired := make(chan time.Duration, 2)
	s.OnInactive(func(idle time.Duration) { fired <- idle })
	if err := s.Start(PCMU{}, 0, 0, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}); err != nil {
		t.Fatal(err)
	}
	select {
	case idle := <-fired:
		if idle < 100*time.Millisecond {
			t.Errorf("fired after %v idle, want >= 100ms", idle)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("inactivity callback never fired")
	}
}

func TestDTMFBetweenSessions(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	got := make(chan rune, 32)
	b.OnDTMF(func(d rune) { got <- d })
	const digits = "159#*a0"
	for _, d := range digits {
		if err := a.SendDTMF(d, 60*time.Millisecond); err != nil {
			t.Fatalf("SendDTMF(%q): %v", d, err)
		}
	}
	var recv []rune
	for len(recv) < len(digits) {
		select {
		case d := <-got:
			recv = append(recv, d)
		case <-time.After(5 * time.Second):
			t.Fatalf("got %q, want %q", string(recv), "159#*A0")
		}
	}
	if string(recv) != "159#*A0" {
		t.Errorf("got %q, want %q", string(recv), "159#*A0")
	}
	// Every event has 3 end packets: make sure they were not reported again.
	eventually(t, "all event packets", func() bool { return b.Stats().PacketsReceived == a.Stats().PacketsSent })
	if n := b.Stats().DTMFReceived; n != uint64(len(digits)) {
		t.Errorf("DTMFReceived %d, want %d", n, len(digits))
	}
}

func TestSendDTMFErrors(t *testing.T) {
	s := listenLocal(t, SessionConfig{})
	if err := s.SendDTMF('1', 0); !errors.Is(err, ErrNotStarted) {
		t.Errorf("before Start: %v, want ErrNotStarted", err)
	}
	s.Start(PCMU{}, 0, 0, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9})
	if err := s.SendDTMF('1', 0); !errors.Is(err, ErrNoDTMF) {
		t.Errorf("no PT: %v, want ErrNoDTMF", err)
	}
	s.Start(PCMU{}, 0, 101, nil)
	if err := s.SendDTMF('x', 0); !errors.Is(err, ErrBadDigit) {
		t.Errorf("bad digit: %v, want ErrBadDigit", err)
	}
}

func TestRTCPReceiverReportGivesRTT(t *testing.T) {
	a, b := pair(t, SessionConfig{RTCPInterval: 30 * time.Millisecond})
	b.SetDirection(false, true) // b only receives, so it sends RRs
	frame := make([]int16, FrameSamples)
	eventually(t, "RTT from RR", func() bool {
		a.WriteFrame(frame)
		time.Sleep(5 * time.Millisecond) // pace the sender a little
		return a.Stats().RTTKnown
	})
	st := a.Stats()
	if st.RTT < 0 || st.RTT > time.Second {
		t.Errorf("RTT %v on loopback", st.RTT)
	}
	if st.RTCPReceived == 0 || b.Stats().RTCPReceived == 0 {
		t.Errorf("RTCP received a=%d b=%d", st.RTCPReceived, b.Stats().RTCPReceived)
	}
}

func TestLatchingAndForeignSources(t *testing.T) {
	a := listenLocal(t, SessionConfig{})
	b := listenLocal(t, SessionConfig{})
	if err := a.Start(PCMU{}, 0, 0, nil); err != nil { // remote unknown
		t.Fatal(err)
	}
	b.Start(PCMU{}, 0, 0, a.LocalAddr())
	frame := make([]int16, FrameSamples)
	b.WriteFrame(frame)
	eventually(t, "a receives", func() bool { return a.Stats().PacketsReceived == 1 })
	a.WriteFrame(frame) // a latched to b
	eventually(t, "b receives", func() bool { return b.Stats().PacketsReceived == 1 })

	// A valid packet from another host is refused; garbage is counted.
	other, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 2)})
	if err != nil {
		t.Skipf("no 127.0.0.2: %v", err)
	}
	defer other.Close()
	pkt := []byte{0x80, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0xff}
	other.WriteToUDP(pkt, a.LocalAddr())
	other.WriteToUDP([]byte{1, 2, 3}, a.LocalAddr())
	eventually(t, "foreign and malformed counted", func() bool {
		st := a.Stats()
		return st.Foreign == 1 && st.Malformed == 1
	})
	if n := a.Stats().PacketsReceived; n != 1 {
		t.Errorf("PacketsReceived %d, want 1", n)
	}
}

func TestListenPortRange(t *testing.T) {
	tests := []struct {
		name     string
		min, max int
		wantErr  bool
	}{
		{"any", 0, 0, false},
		{"range", 40000, 40100, false},
		{"inverted", 40100, 40000, true},
		{"too high", 65535, 65535, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Listen(SessionConfig{LocalIP: "127.0.0.1", PortMin: tc.min, PortMax: tc.max})
			if tc.wantErr {
				if !errors.Is(err, ErrNoPort) {
					t.Fatalf("err %v, want ErrNoPort", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			p := s.LocalAddr().Port
			if p%2 != 0 || (tc.min != 0 && (p < tc.min || p > tc.max)) {
				t.Errorf("port %d, want even in [%d,%d]", p, tc.min, tc.max)
			}
		})
	}
}

func FuzzSessionReceive(f *testing.F) {
	f.Add([]byte{0x80, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0xff})
	f.Add([]byte{0x80, 101, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 1, 0x8a, 0, 160})
	f.Add([]byte{0x81, 201, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	s, err := Listen(SessionConfig{LocalIP: "127.0.0.1"})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	from := netip.MustParseAddrPort("127.0.0.1:9")
	s.Start(PCMU{}, 0, 101, net.UDPAddrFromAddrPort(from))
	out := make([]int16, FrameSamples)
	f.Fuzz(func(t *testing.T, data []byte) {
		now := time.Now()
		s.handleRTP(data, from, now)
		s.handleRTCP(data, from, now)
		s.ReadFrame(out)
	})
}
