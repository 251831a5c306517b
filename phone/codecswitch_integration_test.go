package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationUnavailableCodecSwitches calls baresip (PCMU and PCMA) with the seed's
// usgsm=2 and use_g729=3, codecs this build does not have, and use_pcma=3: a warning names
// each missing codec as not available in this build, the call goes on with PCMA (put first
// by use_pcma=3) and speech crosses both ways.
func TestIntegrationUnavailableCodecSwitches(t *testing.T) {
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true,
		AudioCodecs: "PCMU/8000/1,PCMA/8000/1"})
	tp := startPhone(t, kv("audioinput", "file:"+ours, "usgsm", "2", "use_g729", "3", "use_pcma", "3"))
	l := callBaresip(t, tp, b, b.URI())
	if l.Codec != "PCMA" {
		t.Errorf("call uses %q, want PCMA (use_pcma=3 puts it first)", l.Codec)
	}
	for _, want := range []string{"Codec GSM (usgsm=2) is not available in this build",
		"Codec G.729 (use_g729=3) is not available in this build"} {
		found := false
		for _, ev := range tp.seen {
			if ev.Kind == control.KindWarning && strings.Contains(ev.Message, want) &&
				strings.HasPrefix(ev.Notification, "EVENT,WARNING,") {
				found = true
			}
		}
		if !found {
			t.Errorf("no warning event %q among %d events", want, len(tp.seen))
		}
	}
	checkBothWays(t, tp, b, ours, theirs, " with usgsm=2 use_g729=3")
}

// TestIntegrationSetFinalCodec calls baresip, which answers with both PCMU and PCMA. With
// setfinalcodec=1 the phone sends a re-INVITE offering only PCMU, the codec in use, and
// speech crosses both ways; with the default 0 baresip receives one INVITE only.
func TestIntegrationSetFinalCodec(t *testing.T) {
	for _, final := range []string{"1", "0"} {
		t.Run("setfinalcodec="+final, func(t *testing.T) {
			ours, theirs := speechPair(t)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true,
				AudioCodecs: "PCMU/8000/1,PCMA/8000/1", SIPTrace: true})
			sets := kv("audioinput", "file:"+ours, "codecs", "PCMU,PCMA")
			if final == "1" {
				sets["setfinalcodec"] = "1"
			}
			tp := startPhone(t, sets)
			tp.mustPost("call", `{"number":"`+b.URI()+`"}`)
			if l := tp.waitLine(control.StateInCall, callTimeout); l.Codec != "PCMU" {
				t.Errorf("call uses %q, want PCMU", l.Codec)
			}
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			answer := b.WaitSIP(t, "baresip's 200 OK to our INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
				return !m.Received && m.Method == "INVITE" && m.Status == 200
			})
			if mline(answer.Body) != "0 8 101" {
				t.Fatalf("baresip answered %q, the test needs PCMU and PCMA in its answer:\n%s", mline(answer.Body), answer.Body)
			}
			if final == "1" {
				re := b.WaitSIP(t, "our re-INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
					return m.Received && m.Method == "INVITE" && m.Status == 0 && m.Header("To") != "" && strings.Contains(m.Header("To"), "tag=")
				})
				if got := mline(re.Body); got != "0 101" {
					t.Errorf("re-INVITE offers %q, want only PCMU and telephone-event (0 101):\n%s", got, re.Body)
				}
			}
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, " with setfinalcodec="+final)
			invites := 0
			for _, m := range b.SIPMessages() {
				if m.Received && m.Method == "INVITE" && m.Status == 0 {
					invites++
				}
			}
			if want := map[string]int{"1": 2, "0": 1}[final]; invites != want {
				t.Errorf("baresip received %d INVITEs, want %d", invites, want)
			}
		})
	}
}

// mline returns the formats of an SDP body's audio m-line, e.g. "0 8 101".
func mline(body string) string {
	for _, l := range strings.Split(body, "\n") {
		if f := strings.Fields(l); strings.HasPrefix(l, "m=audio ") && len(f) > 3 {
			return strings.Join(f[3:], " ")
		}
	}
	return ""
}
