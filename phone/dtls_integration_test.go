package phone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// DTLS-SRTP (RFC 5763/5764) and rtcp-mux against baresip with its dtls_srtp module and
// rtcp_mux on, both directions of call, over plain UDP signalling (DTLS keys never travel
// in the SDP, so no srtpsdesplain is needed): speech crosses both ways, a capture of the
// loopback shows no speech in the RTP payloads, and RTCP reports arrive on the RTP port
// (the quality figures get an RTT from them).

// TestIntegrationDTLSSRTPCallOut: with dtlssrtp=2 we offer UDP/TLS/RTP/SAVP to baresip.
func TestIntegrationDTLSSRTPCallOut(t *testing.T) {
	dtlsCall(t, true)
}

// TestIntegrationDTLSSRTPCallIn: baresip offers DTLS-SRTP; the default dtlssrtp=1 accepts.
func TestIntegrationDTLSSRTPCallIn(t *testing.T) {
	dtlsCall(t, false)
}

func dtlsCall(t *testing.T, out bool) {
	t.Helper()
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: out,
		MediaEnc: "dtls_srtp", RTCPMux: true})
	capture := captureUDP(t)
	sets := kv("audioinput", "file:"+ours)
	port := testpeer.FreePort(t, "udp")
	if out {
		sets["dtlssrtp"] = "2"
	} else {
		// why: baresip calls us directly (no registrar), so it needs our port in advance.
		sets["allowdirectcalls"], sets["localport"] = "1", fmt.Sprint(port)
	}
	tp := startPhone(t, sets)
	how := " over DTLS-SRTP (we call)"
	if out {
		tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	} else {
		how = " over DTLS-SRTP (they call)"
		if err := b.Dial(fmt.Sprintf("sip:me@127.0.0.1:%d", port)); err != nil {
			t.Fatal(err)
		}
		tp.waitLine(control.StateRinging, callTimeout)
		tp.mustPost("accept", `{}`)
	}
	tp.pollLine(1, "encrypted in call", callTimeout, func(l control.Line) bool {
		return l.State == control.StateInCall && l.Encrypted
	})
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	// RTCP multiplexed on the RTP port: its reports give the quality figures an RTT.
	l := tp.pollLine(1, "given an RTT by RTCP", 60*time.Second, func(l control.Line) bool { return l.Quality.RTTMS > 0 })
	t.Logf("quality from RTCP: %+v", l.Quality)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	if out {
		tp.mustPost("hangup", `{}`)
	} else if err := b.Hangup(); err != nil {
		t.Fatal(err)
	}
	tp.waitLine(control.StateFinished, callTimeout)
	checkBothWays(t, tp, b, ours, theirs, how)

	capture.close()
	pkts := capture.packets()
	checkRTCPMuxed(t, pkts)
	checkNoPlainSpeech(t, capture, 200, load8k(t, ours), load8k(t, theirs))
}

// checkRTCPMuxed proves RTCP shared the RTP ports: every RTCP datagram (packet type
// 200-204 after an RTP version byte) went between ports that also carried RTP, and DTLS
// did too (RFC 7983 demultiplexing on one port).
func checkRTCPMuxed(t *testing.T, pkts []udpPacket) {
	t.Helper()
	rtpPorts := map[uint16]bool{}
	for _, p := range pkts {
		if b := p.payload; len(b) >= 12 && b[0]>>6 == 2 && (b[1] < 192 || b[1] > 223) {
			rtpPorts[p.src], rtpPorts[p.dst] = true, true
		}
	}
	rtcp, dtls, strays := 0, 0, 0
	for _, p := range pkts {
		b := p.payload
		switch {
		case len(b) >= 8 && b[0]>>6 == 2 && b[1] >= 200 && b[1] <= 204:
			rtcp++
			if !rtpPorts[p.src] || !rtpPorts[p.dst] {
				strays++
			}
		case len(b) > 13 && b[0] >= 20 && b[0] <= 63 && rtpPorts[p.src] && rtpPorts[p.dst]:
			dtls++
		}
	}
	t.Logf("capture: %d RTCP datagrams (%d off the RTP ports), %d DTLS datagrams on the RTP ports", rtcp, strays, dtls)
	if rtcp < 2 || strays > 0 {
		t.Errorf("RTCP: %d datagrams, %d of them off the RTP ports; want reports both ways, all on the RTP ports", rtcp, strays)
	}
	if dtls < 4 {
		t.Errorf("%d DTLS datagrams on the RTP ports, want a handshake (>= 4)", dtls)
	}
}

// TestIntegrationCaptureHearsPlainRTP is the control of checkNoPlainSpeech: on a plain
// RTP call with baresip the capture's streams, decoded as PCMU, do hold both sides'
// speech, so the encrypted calls' low correlations mean something.
func TestIntegrationCaptureHearsPlainRTP(t *testing.T) {
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true})
	capture := captureUDP(t)
	tp := startPhone(t, kv("audioinput", "file:"+ours))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	if l := tp.waitLine(control.StateInCall, callTimeout); l.Encrypted {
		t.Fatalf("plain call marked encrypted: %+v", l)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	capture.close()
	s1, s2 := load8k(t, ours), load8k(t, theirs)
	peaks := plainPeaks(capture, 200, s1, s2)
	t.Logf("plain call, best correlation per RTP source port: %v", peaks)
	if len(peaks) != 2 {
		t.Fatalf("capture holds %d RTP streams, want 2", len(peaks))
	}
	for port, peak := range peaks {
		if peak < plainSpeechPeak {
			t.Errorf("plain RTP from port %d correlates %.2f with the speech, want >= %.2f", port, peak, plainSpeechPeak)
		}
	}
}

// load8k loads a WAV at 8 kHz, the rate of PCMU.
func load8k(t *testing.T, path string) []int16 {
	t.Helper()
	s, err := audiocheck.Load(path, 8000)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestIntegrationDTLSSRTPHoldResume holds and resumes a DTLS-SRTP call with rtcp-mux (two
// re-INVITEs keeping UDP/TLS/RTP/SAVP, our fingerprint and our settled a=setup role): the
// DTLS association and its keys run on, and speech still gets through both ways after the
// resume. baresip loops back what it hears.
func TestIntegrationDTLSSRTPHoldResume(t *testing.T) {
	ours := talker(t, ourText, 90*time.Second)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Loopback: true, AutoAnswer: true,
		MediaEnc: "dtls_srtp", RTCPMux: true, SIPTrace: true})
	tp := startPhone(t, kv("audioinput", "file:"+ours, "dtlssrtp", "2"))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	tp.pollLine(1, "encrypted in call", callTimeout, func(l control.Line) bool {
		return l.State == control.StateInCall && l.Encrypted
	})
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitGrow(t, "baresip recording", 2, 30*time.Second, func() float64 { return b.RecordedSeconds("enc") })

	tp.mustPost("hold", `{"hold":true}`)
	tp.waitLine(control.StateHold, callTimeout)
	tp.mustPost("hold", `{"hold":false}`)
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("resumed line is not encrypted: %+v", l)
	}
	b.WaitAudioDirection(t, "sendrecv", callTimeout)
	reinvites := 0
	for _, m := range b.SIPMessages() {
		if m.Received && m.Status == 0 && m.Method == "INVITE" {
			reinvites++
			if !strings.Contains(m.Body, "UDP/TLS/RTP/SAVP") || !strings.Contains(m.Body, "a=fingerprint:sha-256") ||
				(reinvites > 1 && !strings.Contains(m.Body, "a=setup:passive")) {
				t.Errorf("INVITE %d does not keep DTLS-SRTP and our role (passive: baresip answered active):\n%s", reinvites, m.Body)
			}
		}
	}
	if reinvites != 3 {
		t.Errorf("baresip saw %d INVITEs, want the call and two re-INVITEs", reinvites)
	}
	checkSpeechAfterResume(t, tp, b, ours)
}

// TestIntegrationSRTPRequiredTakesEither: with srtp=2 and dtlssrtp=2 our offer is
// UDP/TLS/RTP/SAVP with a=fingerprint and a=crypto; a DTLS-SRTP baresip answers with
// DTLS, an SDES-only one (which refuses the DTLS profile) is reached by the RTP/SAVP
// retry: both calls run encrypted with speech both ways.
func TestIntegrationSRTPRequiredTakesEither(t *testing.T) {
	for _, enc := range []string{"dtls_srtp", "srtp-mand"} {
		t.Run(enc, func(t *testing.T) {
			ours, theirs := speechPair(t)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true,
				MediaEnc: enc, SIPTrace: true})
			tp := startPhone(t, kv("audioinput", "file:"+ours, "srtp", "2", "dtlssrtp", "2"))
			tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
			inv := b.WaitSIP(t, "our INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
				return m.Received && m.Status == 0 && m.Method == "INVITE"
			})
			for _, want := range []string{"UDP/TLS/RTP/SAVP", "a=fingerprint:sha-256", "a=setup:actpass", "a=crypto:1 "} {
				if !strings.Contains(inv.Body, want) {
					t.Errorf("first INVITE lacks %q:\n%s", want, inv.Body)
				}
			}
			tp.pollLine(1, "encrypted in call", callTimeout, func(l control.Line) bool {
				return l.State == control.StateInCall && l.Encrypted
			})
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, " (srtp=2 dtlssrtp=2, far end "+enc+")")
			var offers []string
			for _, m := range b.SIPMessages() {
				if m.Method == "INVITE" && m.Received == (m.Status == 0) {
					t.Logf("%s %d: %s", m.Method, m.Status, lineWith(m.Body, "m=audio"))
					if m.Status == 0 {
						offers = append(offers, lineWith(m.Body, "m=audio"))
					}
				}
			}
			if retried := len(offers) == 2 && strings.Contains(offers[1], " RTP/SAVP "); retried != (enc == "srtp-mand") {
				t.Errorf("offers %q: want one DTLS offer, and for the SDES-only peer the RTP/SAVP retry", offers)
			}
		})
	}
}

// lineWith returns the first line of body starting with prefix, "" when none does.
func lineWith(body, prefix string) string {
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
