package phone_test

import (
	"fmt"
	"strconv"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// earlyCall calls a sipp UAS (testdata/peers/early_media_uas.xml) that sends an unreliable
// 183 with its SDP answer, then a 200 with two Record-Route headers; it returns the line
// states seen up to InCall, whether early media played and the RTP packets sent before the
// 200, and the first Route of the ACK and of the BYE.
func earlyCall(t *testing.T, sets ...string) (states []string, early bool, sent uint64, ackRoute, byeRoute string) {
	t.Helper()
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "early_media_uas.xml", "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	waitSippListening(t, port)
	tp := startPhone(t, kv(sets...))
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.next("line InCall", callTimeout, func(ev control.Event) bool {
		if ev.Kind != control.KindLine {
			return false
		}
		if n := len(states); n == 0 || states[n-1] != ev.Line.State {
			states = append(states, ev.Line.State)
		}
		return ev.Line.State == control.StateInCall
	})
	early, sent = tp.p.LineEarlyMedia(1)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	res := wait()
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	return states, early, sent, sippLogged(res, "ackroute"), sippLogged(res, "byeroute")
}

// TestIntegrationChangeSPToRing: changesptoring decides whether the 183 makes the line
// Ringing (0 no, 1 yes, 2 only without early media, 3 yes with our ringback tone instead of
// its early media).
func TestIntegrationChangeSPToRing(t *testing.T) {
	tests := []struct {
		mode    string
		ringing bool
		early   bool
	}{
		{"0", false, true},
		{"1", true, true},
		{"2", false, true},
		{"3", true, false},
	}
	for _, tt := range tests {
		t.Run("changesptoring="+tt.mode, func(t *testing.T) {
			t.Parallel()
			states, early, _, _, _ := earlyCall(t, "changesptoring", tt.mode)
			ringing := false
			for _, s := range states {
				ringing = ringing || s == control.StateRinging
			}
			t.Logf("states %v, early media %v", states, early)
			if ringing != tt.ringing || early != tt.early {
				t.Errorf("states %v, early media %v; want Ringing %v, early media %v", states, early, tt.ringing, tt.early)
			}
		})
	}
}

// TestIntegrationEarlyMedia: earlymedia decides whether the 183's answer starts media before
// the 200 and whether we send on it: 0 no media, 1 and 2 (the 183 is not reliable) listen
// only, 3 both ways (sipp echoes what we send, so RTP went out during the 2 s before its 200).
func TestIntegrationEarlyMedia(t *testing.T) {
	tests := []struct {
		mode  string
		early bool
		sends bool
	}{
		{"0", false, false},
		{"1", true, false},
		{"2", true, false},
		{"3", true, true},
	}
	for _, tt := range tests {
		t.Run("earlymedia="+tt.mode, func(t *testing.T) {
			t.Parallel()
			_, early, sent, _, _ := earlyCall(t, "earlymedia", tt.mode)
			t.Logf("early media %v, RTP sent before the 200: %d", early, sent)
			if early != tt.early || (sent > 0) != tt.sends {
				t.Errorf("early media %v with %d packets sent before the 200; want early %v, sending %v", early, sent, tt.early, tt.sends)
			}
		})
	}
}

// TestIntegrationInvRecordRoute: the 200 lists Record-Route rr=first, rr=second; the ACK and
// the BYE are routed by them reversed (first Route rr=second, RFC 3261 12.1.2), or with
// invrecordroute in the order received (first Route rr=first).
func TestIntegrationInvRecordRoute(t *testing.T) {
	for _, tt := range []struct{ value, first string }{{"false", "second"}, {"true", "first"}} {
		t.Run("invrecordroute="+tt.value, func(t *testing.T) {
			t.Parallel()
			_, _, _, ack, bye := earlyCall(t, "invrecordroute", tt.value)
			if ack != tt.first || bye != tt.first {
				t.Errorf("first Route of the ACK %q, of the BYE %q; want %q", ack, bye, tt.first)
			}
		})
	}
}

// TestIntegrationEarlyMediaOffReliable: with earlymedia=0 the answer in a reliable 183
// (testdata/peers/prack_uac.xml) plays nothing early, yet it is the answer (RFC 3262 section
// 5): the 200 without SDP connects the call on it and RTP flows both ways.
func TestIntegrationEarlyMediaOffReliable(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "prack_uac.xml", "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	waitSippListening(t, port)
	// why: sipp talks SIP over UDP; srtpsdesplain=1 lets SDES keys go over it (by default only over TLS)
	tp := startPhone(t, kv("srtpsdesplain", "1", "earlymedia", "0"))
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateInCall, callTimeout)
	if early, sent := tp.p.LineEarlyMedia(1); early || sent != 0 {
		t.Errorf("early media %v, %d packets sent before the 200; want none", early, sent)
	}
	rtpFlowing(t, tp, 1, "after the 200 without SDP, on the 183's answer")
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
}
