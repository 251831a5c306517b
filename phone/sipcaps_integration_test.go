package phone_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

// sipHeader returns the value of the first header called name in a SIP message.
func sipHeader(msg, name string) string {
	head, _, _ := strings.Cut(msg, "\r\n\r\n")
	for _, l := range strings.Split(head, "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestIntegrationOptionsCapabilities: OPTIONS is answered 200 with our real capabilities
// (RFC 3261 11.2): Allow lists every method we take (PRACK, UPDATE, MESSAGE, ...), Accept and
// Allow-Events name the bodies and event packages we take, Supported lists 100rel, timer and
// replaces, and with Accept: application/sdp the body is SDP describing our codecs with
// audio port 0 (RFC 3264 section 9). Without the SDP in Accept there is no body.
func TestIntegrationOptionsCapabilities(t *testing.T) {
	port := fixedSIPPort(t)
	startPhone(t, kv("localport", port))
	addr := "127.0.0.1:" + port
	options := func(accept string) string {
		var b bytes.Buffer
		fmt.Fprintf(&b, "OPTIONS sip:1000@%s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-%d\r\n", addr, time.Now().UnixNano())
		fmt.Fprintf(&b, "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:1000@%s>\r\nCall-ID: opt-%d\r\n", addr, time.Now().UnixNano())
		fmt.Fprintf(&b, "CSeq: 1 OPTIONS\r\nAccept: %s\r\nContent-Length: 0\r\n\r\n", accept)
		return exchangeFinal(t, addr, b.Bytes())
	}
	got := options("application/sdp")
	if !strings.HasPrefix(got, "SIP/2.0 200") {
		t.Fatalf("OPTIONS answered %q", firstLine(got))
	}
	allow := sipHeader(got, "Allow")
	for _, m := range []string{"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO", "UPDATE", "PRACK", "REFER", "NOTIFY", "MESSAGE"} {
		if !strings.Contains(allow, m) {
			t.Errorf("Allow %q lacks %s", allow, m)
		}
	}
	accept := sipHeader(got, "Accept")
	for _, ct := range []string{"application/sdp", "text/plain", "message/sipfrag", "application/pidf+xml", "application/simple-message-summary"} {
		if !strings.Contains(accept, ct) {
			t.Errorf("Accept %q lacks %s", accept, ct)
		}
	}
	if ev := sipHeader(got, "Allow-Events"); !strings.Contains(ev, "refer") || !strings.Contains(ev, "message-summary") {
		t.Errorf("Allow-Events %q", ev)
	}
	sup := sipHeader(got, "Supported")
	for _, tag := range []string{"100rel", "timer", "replaces"} {
		if !strings.Contains(sup, tag) {
			t.Errorf("Supported %q lacks %s", sup, tag)
		}
	}
	_, body, _ := strings.Cut(got, "\r\n\r\n")
	if sipHeader(got, "Content-Type") != "application/sdp" || !strings.Contains(body, "m=audio 0 ") || !strings.Contains(body, "PCMU/8000") {
		t.Errorf("capability SDP: Content-Type %q body:\n%s", sipHeader(got, "Content-Type"), body)
	}
	t.Logf("OPTIONS 200: Allow: %s | Supported: %s | Accept: %s | SDP %d bytes", allow, sup, accept, len(body))

	got = options("text/plain")
	if _, body, _ := strings.Cut(got, "\r\n\r\n"); !strings.HasPrefix(got, "SIP/2.0 200") || body != "" {
		t.Errorf("OPTIONS without SDP in Accept: %q with body %q", firstLine(got), body)
	}
}

// TestIntegrationRefusedOfferTrace: INVITEs whose offer we cannot take get 488 with the
// RFC 3261 20.43 Warning (305 no common codec, 306 SRTP without a usable a=crypto or
// DTLS-SRTP without a usable a=fingerprint, 302 a transport profile we lack), and each leaves an error event "missed call from X: ...", a
// line in the log and a missed call in the history naming what was offered.
func TestIntegrationRefusedOfferTrace(t *testing.T) {
	port := fixedSIPPort(t)
	// why: the offers come over UDP; srtpsdesplain=1 lets SDES apply there (by default only over TLS),
	// so an RTP/SAVP offer without a=crypto is refused for the missing key (306), not for the profile.
	tp := startPhone(t, kv("localport", port, "srtpsdesplain", "1"))
	addr := "127.0.0.1:" + port
	const head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
	cases := []struct {
		name, from, sdp string
		warn            string // Warning code
		why             string // in the event and the history
	}{
		{"G729 only", "g729caller", head + "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n", "305", "no common codec (offered G729)"},
		{"SRTP without crypto", "savpcaller", head + "m=audio 4000 RTP/SAVP 0\r\n", "306", "unsupported media encryption (offered RTP/SAVP without a usable a=crypto)"},
		{"DTLS with a broken fingerprint", "dtlscaller", head + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=fingerprint:sha-256 00:11\r\n", "306",
			"unusable DTLS-SRTP offer (UDP/TLS/RTP/SAVPF without a usable a=fingerprint and a=setup)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			fmt.Fprintf(&b, "INVITE sip:1000@%s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-%d\r\n", addr, time.Now().UnixNano())
			fmt.Fprintf(&b, "Max-Forwards: 70\r\nFrom: <sip:%s@127.0.0.1>;tag=1\r\nTo: <sip:1000@%s>\r\nCall-ID: refused-%d\r\n", tc.from, addr, time.Now().UnixNano())
			fmt.Fprintf(&b, "CSeq: 1 INVITE\r\nContact: <sip:%s@127.0.0.1:9>\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s", tc.from, len(tc.sdp), tc.sdp)
			got := exchangeFinal(t, addr, b.Bytes())
			if !strings.HasPrefix(got, "SIP/2.0 488") {
				t.Fatalf("reply %q, want 488", firstLine(got))
			}
			if w := sipHeader(got, "Warning"); !strings.HasPrefix(w, tc.warn+" ") {
				t.Errorf("Warning %q, want code %s", w, tc.warn)
			}
			want := "missed call from " + tc.from + ": " + tc.why
			ev := tp.next("event "+want, 5*time.Second, func(ev control.Event) bool {
				return ev.Kind == control.KindError && ev.Message == want
			})
			t.Logf("488 Warning: %s | event: %s", sipHeader(got, "Warning"), ev.Notification)
		})
	}
	hist, err := tp.p.History(control.HistoryFilter{MissedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		found := false
		for _, h := range hist {
			if h.Peer == tc.from && h.Missed && h.Reason == tc.why && h.Direction == control.DirectionIncoming {
				found = true
			}
		}
		if !found {
			t.Errorf("no missed call from %s with reason %q in history %+v", tc.from, tc.why, hist)
		}
	}
	if n := len(tp.p.Status().Lines); n != 0 {
		t.Errorf("%d lines in use after refused INVITEs", n)
	}
}
