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

// Speech with many sibilants (energy between 4 and 8 kHz), for the bandwidth checks.
const (
	ourWideText   = "Six sisters sell fresh seashells. Seven swift ships sail past the shore."
	theirWideText = "Sharp scissors slice silk. Seventy six sheep sit in the sunshine, so still."
)

// TestIntegrationWidebandCodecs calls baresip (its g722 and opus modules) directly with
// codecs=G722, codecs=OPUS and codecs=PCMU: the call uses that codec, speech crosses both
// ways (level, length and correlation on the recordings), and what arrived on each side has
// energy above 4 kHz with G.722 and Opus but not with PCMU.
func TestIntegrationWidebandCodecs(t *testing.T) {
	tests := []struct {
		codecs, baresip, lineCodec string
		wide                       bool
	}{
		{"G722", "G722", "G722", true},
		{"OPUS", "opus", "opus", true},
		{"PCMU", "PCMU/8000/1", "PCMU", false},
	}
	for _, tc := range tests {
		t.Run(tc.codecs, func(t *testing.T) {
			ours := testpeer.SpeechWAV(t, ourWideText, 16000)
			theirs := testpeer.SpeechWAV(t, theirWideText, 16000)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true,
				AudioCodecs: tc.baresip})
			tp := startPhone(t, kv("audioinput", "file:"+ours, "codecs", tc.codecs))
			tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
			if l := tp.waitLine(control.StateInCall, callTimeout); !strings.EqualFold(l.Codec, tc.lineCodec) {
				t.Errorf("call uses %q, want %s", l.Codec, tc.lineCodec)
			}
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, " over "+tc.codecs)
			received, _ := b.Recordings()
			checkBand(t, "baresip heard us", ours, received, tc.wide)
			checkBand(t, "we heard baresip", theirs, tp.out, tc.wide)
		})
	}
}

// checkBand measures the share of energy above 4 kHz in what was sent and in what arrived:
// a wideband call keeps most of it, a narrowband (8 kHz) call none.
func checkBand(t *testing.T, label, sent, got string, wide bool) {
	t.Helper()
	const rate = 16000
	s, g := loadSentGot(t, label, sent, got, rate)
	sentDB, gotDB := audiocheck.HighBandDB(s, rate, 4000), audiocheck.HighBandDB(g, rate, 4000)
	t.Logf("%s: energy above 4 kHz %.1f dB of the total sent, %.1f dB arrived", label, sentDB, gotDB)
	switch {
	case wide && gotDB < sentDB-10:
		t.Errorf("%s: %.1f dB above 4 kHz arrived, sent %.1f dB: the wideband part was lost", label, gotDB, sentDB)
	case !wide && gotDB > -40:
		t.Errorf("%s: %.1f dB above 4 kHz arrived over a narrowband codec, want below -40 dB", label, gotDB)
	}
}

// TestIntegrationAnswerFollowsCodecs has baresip call us offering PCMU before G722; with
// codecs=G722,PCMU our answer picks G722 (our order, not the offerer's), and speech crosses
// both ways with its wideband part.
func TestIntegrationAnswerFollowsCodecs(t *testing.T) {
	ours := testpeer.SpeechWAV(t, ourWideText, 16000)
	theirs := testpeer.SpeechWAV(t, theirWideText, 16000)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AudioCodecs: "PCMU/8000/1,G722/16000/1",
		SIPTrace: true})
	port := testpeer.FreePort(t, "udp")
	tp := startPhone(t, kv("audioinput", "file:"+ours, "codecs", "G722,PCMU", "allowdirectcalls", "1", "localport", fmt.Sprint(port)))
	if err := b.Dial(fmt.Sprintf("sip:me@127.0.0.1:%d", port)); err != nil {
		t.Fatal(err)
	}
	tp.waitLine(control.StateRinging, callTimeout)
	tp.mustPost("accept", `{}`)
	if l := tp.waitLine(control.StateInCall, callTimeout); l.Codec != "G722" {
		t.Errorf("answered with %q, want G722 (first in codecs) although the offer put PCMU first", l.Codec)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	offer := b.WaitSIP(t, "baresip sending its INVITE", callTimeout, func(m testpeer.SIPMessage) bool { return !m.Received && m.Method == "INVITE" && m.Status == 0 })
	if !strings.Contains(offer.Body, " RTP/AVP 0 9 ") {
		t.Errorf("baresip's offer does not put PCMU before G722:\n%s", offer.Body)
	}
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	if err := b.Hangup(); err != nil {
		t.Fatal(err)
	}
	tp.waitLine(control.StateFinished, callTimeout)
	checkBothWays(t, tp, b, ours, theirs, " over G722 (answered)")
	received, _ := b.Recordings()
	checkBand(t, "baresip heard us", ours, received, true)
	checkBand(t, "we heard baresip", theirs, tp.out, true)
}
