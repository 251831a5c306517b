package phone_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// SIP over WebSocket on the namespace topology, as a browser WebRTC phone reaches a PBX:
// Kamailio on the PBX host with its websocket module (ws, and wss with a certificate from
// the test's own CA), the phone registering over ws or wss, and the far end a baresip
// behind a NAT router registered over UDP, so every call crosses from WebSocket to UDP in
// Kamailio.

// wsNet starts the topology and returns the CA, Kamailio (WSAddr, WSSAddr) and baresip 1001
// (mediaEnc as in BaresipConfig).
func wsNet(t *testing.T, theirs string, autoAnswer bool, mediaEnc string) (*testpeer.CA, *testpeer.Kamailio, *testpeer.Baresip) {
	t.Helper()
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: autoAnswer, Host: n.Far, MediaEnc: mediaEnc})
	k.WaitRegistered(t, "1001", regTimeout)
	return ca, k, b
}

// wsServer is Kamailio's listener for transport (ws or wss).
func wsServer(k *testpeer.Kamailio, transport string) string {
	if transport == "wss" {
		return k.WSSAddr
	}
	return k.WSAddr
}

// TestIntegrationWebSocketCall: over ws and over wss (trusting the test's CA with
// tlscafile), the phone registers to Kamailio's websocket module (its binding names the
// transport), calls baresip and is called by it, with speech measured both ways. Over wss
// the signalling is encrypted, so the default srtp=1 offers SDES keys: baresip requires
// SRTP there and the call is encrypted; over ws it is plain RTP. The loglevel=5 log and the
// siptrace file hold the INVITE and its 200 OK with no password, digest response or key:
// over ws both ways, over wss the messages received only (sipgo has no hook on what it
// sends there, wstrace.go).
func TestIntegrationWebSocketCall(t *testing.T) {
	for _, transport := range []string{"ws", "wss"} {
		for _, dir := range []string{"we call", "they call"} {
			t.Run(transport+"/"+dir, func(t *testing.T) {
				ours, theirs := speechPair(t)
				mediaEnc := ""
				if transport == "wss" {
					mediaEnc = "srtp-mand"
				}
				ca, k, b := wsNet(t, theirs, dir == "we call", mediaEnc)
				trace := filepath.Join(t.TempDir(), "siptrace.txt")
				tp, logged := startPhoneLogged(t, kv("serveraddress", wsServer(k, transport), "username", "1000", "password", "secret1000",
					"transport", transport, "tlscafile", ca.CertFile, "audioinput", "file:"+ours, "loglevel", "5", "siptrace", trace))
				tp.waitReg(control.RegRegistered, regTimeout)
				k.WaitRegistered(t, "1000", regTimeout)
				if bs := k.Location(t, "1000"); len(bs) != 1 || !strings.Contains(bs[0].Contact, "transport=ws") {
					t.Errorf("kamailio's binding %+v, want one Contact with transport=ws (RFC 7118 names wss so too)", bs)
				}
				if dir == "we call" {
					if l := callBaresip(t, tp, b, "1001"); l.Encrypted != (transport == "wss") {
						t.Errorf("call over %s: encrypted %v, want %v", transport, l.Encrypted, transport == "wss")
					}
				} else {
					callFromBaresip(t, tp, b, "sip:1000@"+k.Addr)
				}
				checkBothWays(t, tp, b, ours, theirs, " over "+transport+" ("+dir+")")
				file, err := os.ReadFile(trace)
				if err != nil {
					t.Fatal(err)
				}
				want := traceWant{sent: transport == "ws", keys: transport == "wss"}
				proto := strings.ToUpper(transport)
				checkTrace(t, "siptrace file", proto, string(file), true, dir == "we call", want)
				checkTrace(t, "loglevel=5 log", proto, logged(), false, dir == "we call", want)
			})
		}
	}
}

// TestIntegrationWebSocketRegistrarRestart: the WebSocket connection to the registrar is
// watched like a TLS one (restartRegistrar): when Kamailio dies the phone says the
// connection was lost, and once Kamailio is back it registers again over a new WebSocket
// connection, so a MESSAGE routed through Kamailio reaches it.
func TestIntegrationWebSocketRegistrarRestart(t *testing.T) {
	for _, transport := range []string{"ws", "wss"} {
		t.Run(transport, func(t *testing.T) {
			ca, k, _ := wsNet(t, testpeer.SpeechWAV(t, "one two three", 16000), true, "")
			tp := startPhone(t, kv("serveraddress", wsServer(k, transport), "transport", transport, "tlscafile", ca.CertFile,
				"username", "1000", "password", "secret1000"))
			restartRegistrar(t, tp, k, wsServer(k, transport), transport)
		})
	}
}

// TestIntegrationWebSocketBadServer: a server that refuses the WebSocket upgrade (Kamailio's
// plain SIP TCP port, which answers HTTP with 403), one that accepts the connection and
// never answers (a stalled upgrade or TLS handshake), and a wss server whose certificate the
// phone refuses (tlscafile names another CA) each end in an error event naming the server
// (and for the certificate its subject, the reason and the parameters that would change it)
// within a bounded time; the phone goes on and registers once pointed at Kamailio's
// WebSocket listener, or given the right CA.
func TestIntegrationWebSocketBadServer(t *testing.T) {
	ca, k, _ := wsNet(t, testpeer.SpeechWAV(t, "one two three", 16000), true, "")
	other := testpeer.NewCA(t, "Some Other CA")
	staller := testpeer.StallingListener(t, testpeer.PublicIP+":0")
	cases := []struct {
		name, transport, server, cafile string
		want                            []string // in the event, besides the server
		fix                             [2]string
	}{
		{"refused upgrade", "ws", k.Addr, ca.CertFile, []string{"HTTP 403"}, [2]string{"serveraddress", k.WSAddr}},
		{"stalled upgrade", "ws", staller.Addr().String(), ca.CertFile, []string{"did not finish"}, [2]string{"serveraddress", k.WSAddr}},
		{"stalled handshake", "wss", staller.Addr().String(), ca.CertFile, []string{"did not finish"}, [2]string{"serveraddress", k.WSSAddr}},
		{"wrong CA", "wss", k.WSSAddr, other.CertFile, []string{"certificate", "CN=" + testpeer.PBXIP, "unknown authority", ca.Name, "tlscafile", "tlsverify=0"},
			[2]string{"tlscafile", ca.CertFile}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			tp := startPhone(t, kv("serveraddress", tc.server, "username", "1000", "password", "secret1000",
				"transport", tc.transport, "tlscafile", tc.cafile))
			ev := tp.next(tc.name+" event", 30*time.Second, func(ev control.Event) bool {
				return ev.Kind == control.KindError && strings.Contains(ev.Message, tc.want[0])
			})
			t.Logf("after %v: %s", time.Since(start).Round(100*time.Millisecond), ev.Message)
			for _, want := range append(tc.want, tc.server) {
				if !strings.Contains(ev.Message, want) {
					t.Errorf("event %q does not name %q", ev.Message, want)
				}
			}
			tp.waitReg(control.RegFailed, regTimeout)
			if k.Registered(t, "1000") {
				t.Errorf("kamailio has a binding for 1000")
			}
			tp.mustPost("setparameter", `{"name":"`+tc.fix[0]+`","value":"`+tc.fix[1]+`"}`)
			tp.waitReg(control.RegRegistered, regTimeout)
			k.WaitRegistered(t, "1000", regTimeout)
			tp.p.Close() // unregisters: the next case starts without a binding
		})
	}
}

// TestIntegrationWebRTCServerAddress: the seed's webrtcserveraddress, a wss:// URL with a
// path, is all a user sets besides the account (no transport; serveraddress names the SIP
// domain: Kamailio's address, with the port because the test's Kamailio does not listen on
// 5060): the phone registers over wss at that URL and calls baresip, speech measured both
// ways.
func TestIntegrationWebRTCServerAddress(t *testing.T) {
	ours, theirs := speechPair(t)
	ca, k, b := wsNet(t, theirs, true, "")
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"webrtcserveraddress", "wss://"+k.WSSAddr+"/sip", "tlscafile", ca.CertFile, "audioinput", "file:"+ours))
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	if bs := k.Location(t, "1000"); len(bs) != 1 || !strings.Contains(bs[0].Contact, "transport=ws") {
		t.Errorf("kamailio's binding %+v, want one Contact with transport=ws", bs)
	}
	callBaresip(t, tp, b, "1001")
	checkBothWays(t, tp, b, ours, theirs, " over webrtcserveraddress (wss)")
}

// TestIntegrationWebSocketHoldDTMF: over wss, in-dialog requests in both directions cross
// Kamailio's WebSocket-to-UDP route: the phone holds and resumes a call to baresip (the
// re-INVITEs with a=sendonly and a=sendrecv arrive, and baresip's answers come back) and
// sends digits as SIP INFO (dtmfmode=info, so they travel in the signalling), which baresip
// reports; then, in a call from baresip, the phone holds it and hangs up (its requests as
// the called side, routed by Kamailio's Record-Route).
func TestIntegrationWebSocketHoldDTMF(t *testing.T) {
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		AutoAnswer: true, Host: n.Far, SIPTrace: true})
	k.WaitRegistered(t, "1001", regTimeout)
	tp := startPhone(t, kv("serveraddress", k.WSSAddr, "username", "1000", "password", "secret1000",
		"transport", "wss", "tlscafile", ca.CertFile, "dtmfmode", "info"))
	tp.waitReg(control.RegRegistered, regTimeout)

	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	mark := len(b.SIPMessages())
	tp.mustPost("hold", `{"line":1,"hold":true}`)
	b.WaitSIPFrom(t, "re-INVITE with a=sendonly", mark, callTimeout, isInvite("a=sendonly"))
	tp.pollLine(1, "held", callTimeout, func(l control.Line) bool { return l.Hold && l.State == control.StateHold })
	mark = len(b.SIPMessages())
	tp.mustPost("hold", `{"line":1,"hold":false}`)
	b.WaitSIPFrom(t, "re-INVITE with a=sendrecv", mark, callTimeout, isInvite("a=sendrecv"))
	tp.pollLine(1, "resumed", callTimeout, func(l control.Line) bool { return !l.Hold && l.State == control.StateInCall })

	const digits = "1#9*"
	mark = len(b.SIPMessages())
	tp.mustPost("dtmf", `{"digits":"`+digits+`","line":1}`)
	if got := b.WaitDTMF(t, len(digits), callTimeout); got != digits {
		t.Errorf("baresip received digits %q over SIP INFO, want %q", got, digits)
	}
	infos := 0
	for _, m := range b.SIPMessages()[mark:] {
		if m.Received && m.Method == "INFO" && strings.HasPrefix(m.Header("Content-Type"), "application/dtmf-relay") {
			infos++
		}
	}
	if infos != len(digits) {
		t.Errorf("baresip received %d SIP INFO with digits, want %d", infos, len(digits))
	}
	tp.mustPost("hangup", `{}`)
	tp.waitState(1, control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)

	if err := b.Dial("sip:1000@" + k.Addr); err != nil {
		t.Fatal(err)
	}
	l := tp.waitLine(control.StateRinging, callTimeout)
	tp.mustPost("accept", `{}`)
	tp.waitLineN(l.Line, "in call", callTimeout, func(l control.Line) bool { return l.State == control.StateInCall })
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	mark = len(b.SIPMessages())
	tp.mustPost("hold", fmt.Sprintf(`{"line":%d,"hold":true}`, l.Line))
	b.WaitSIPFrom(t, "re-INVITE with a=sendonly from the called phone", mark, callTimeout, isInvite("a=sendonly"))
	tp.pollLine(l.Line, "held", callTimeout, func(l control.Line) bool { return l.Hold })
	tp.mustPost("hangup", fmt.Sprintf(`{"line":%d}`, l.Line))
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
}
