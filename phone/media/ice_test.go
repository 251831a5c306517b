package media

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// newTestAgent gathers host candidates only (no STUN or TURN server here).
func newTestAgent(t *testing.T, checkWait time.Duration) *ICEAgent {
	t.Helper()
	a, err := NewICEAgent(ICEConfig{CheckWait: checkWait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestICESessionsConnect: two agents run the checks against each other (one controlling,
// one controlled), select a host pair, and two sessions over their transports exchange RTP
// both ways with RTCP multiplexed.
func TestICESessionsConnect(t *testing.T) {
	a, b := newTestAgent(t, 0), newTestAgent(t, 0)
	type res struct {
		pair string
		err  error
	}
	da, db := make(chan res, 1), make(chan res, 1)
	au, ap := a.Credentials()
	bu, bp := b.Credentials()
	if err := a.Connect(true, bu, bp, b.Candidates(), func(p string, err error) { da <- res{p, err} }); err != nil {
		t.Fatal(err)
	}
	if err := b.Connect(false, au, ap, a.Candidates(), func(p string, err error) { db <- res{p, err} }); err != nil {
		t.Fatal(err)
	}
	for _, d := range []chan res{da, db} {
		r := <-d
		if r.err != nil {
			t.Fatal(r.err)
		}
		if !strings.HasPrefix(r.pair, "host ") {
			t.Errorf("selected pair %q, want a host pair", r.pair)
		}
		t.Logf("selected: %s (ours %q)", r.pair, a.Candidates())
	}
	sa, sb := ListenOn(SessionConfig{}, a.Transport()), ListenOn(SessionConfig{}, b.Transport())
	defer sa.Close()
	defer sb.Close()
	if err := sa.Start(PCMU{}, 0, 101, a.RemoteAddr()); err != nil {
		t.Fatal(err)
	}
	if err := sb.Start(PCMU{}, 0, 101, b.RemoteAddr()); err != nil {
		t.Fatal(err)
	}
	frames := sineFrames(20, 440, 8000)
	for _, f := range frames {
		if err := sa.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		if err := sb.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "RTP both ways over ICE", func() bool {
		return sa.ctr.packetsRecv.Load() >= 10 && sb.ctr.packetsRecv.Load() >= 10
	})
	if !sa.rtcpMux.Load() {
		t.Error("RTCP is not multiplexed on the ICE transport")
	}
}

// TestICEFailsBounded: candidates that never answer (the far agent is closed) end the
// checks with ErrICEFailed, reported once, within the agent's CheckWait.
func TestICEFailsBounded(t *testing.T) {
	a, b := newTestAgent(t, time.Second), newTestAgent(t, time.Second)
	bu, bp := b.Credentials()
	cands := b.Candidates()
	b.Close()
	done := make(chan error, 2)
	if err := a.Connect(true, bu, bp, cands, func(_ string, err error) { done <- err }); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, ErrICEFailed) {
			t.Fatalf("err %v, want ErrICEFailed", err)
		}
		t.Logf("reported: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("ICE failure was never reported")
	}
}

// TestICENoCandidates: an SDP whose candidates are all unusable (garbage, RTCP, TCP) or
// missing is refused at Connect, naming the cause.
func TestICENoCandidates(t *testing.T) {
	a := newTestAgent(t, time.Second)
	for _, cands := range [][]string{
		nil,
		{"garbage"},
		{"1 2 UDP 2130706431 192.0.2.1 5000 typ host"},
		{"1 1 TCP 2130706431 192.0.2.1 5000 typ host tcptype passive"},
	} {
		err := a.Connect(true, "ufrag", "passwordpasswordpassword", cands, nil)
		if !errors.Is(err, ErrNoCandidates) {
			t.Errorf("candidates %q: err %v, want ErrNoCandidates", cands, err)
		}
		a.start = false // try the next list on the same agent
	}
}

// FuzzParseCandidates: any a=candidate values are kept or skipped with a reason, never a
// crash, and every kept one is RTP over UDP/IPv4.
func FuzzParseCandidates(f *testing.F) {
	f.Add("1 1 UDP 2130706431 192.168.1.10 40000 typ host")
	f.Add("candidate:2 1 udp 1694498815 198.51.100.20 40000 typ srflx raddr 192.168.1.10 rport 40000")
	f.Add("3 1 UDP 16777215 198.51.100.10 50000 typ relay raddr 198.51.100.20 rport 40000")
	f.Add("1 1 UDP x 1.2.3.4 1 typ host")
	f.Add("")
	f.Fuzz(func(t *testing.T, v string) {
		keep, skipped := ParseCandidates([]string{v})
		if len(keep)+len(skipped) != 1 {
			t.Fatalf("%q: kept %d, skipped %d", v, len(keep), len(skipped))
		}
		for _, c := range keep {
			if c.Component() != 1 {
				t.Fatalf("%q: kept component %d", v, c.Component())
			}
		}
	})
}
