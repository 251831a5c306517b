package phone_test

import (
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// natPair is the topology of the tests across two NATs: Kamailio and coturn on the public
// side, a baresip behind FarRouter (medianat as asked, with coturn as its STUN/TURN server)
// and the phone as its own process behind PhoneRouter.
type natPair struct {
	n      *testpeer.Net
	k      *testpeer.Kamailio
	turn   *testpeer.Coturn
	b      *testpeer.Baresip
	p      *phoneproc.Phone
	ours   string // the phone's microphone WAV
	theirs string // baresip's microphone WAV
	out    string // the phone's speaker WAV
	pair   string // ICE's selected pair from the phone's status during the call ("" without ICE)
	enc    bool   // the phone's status said the line was encrypted during the call
}

// Test TURN user of coturn.
const turnUser, turnPass = "turnuser", "turnsecret"

// startNATPair builds natPair with baresip's medianat (and scheme: "stun" or "turn") and the
// phone started with the user's parameters sets returns for coturn's address (server, user,
// password and the audio files are added).
func startNATPair(t *testing.T, bin, medianat, scheme string, sets func(coturn string) []string) *natPair {
	t.Helper()
	return startNATPairEnc(t, bin, medianat, scheme, "", sets)
}

// startNATPairEnc is startNATPair with baresip's mediaenc set to mediaenc ("" for none).
func startNATPairEnc(t *testing.T, bin, medianat, scheme, mediaenc string, sets func(coturn string) []string) *natPair {
	t.Helper()
	np := &natPair{}
	np.ours, np.theirs = speechPair(t)
	if medianat != "stun" {
		np.ours = padStart(t, np.ours, 6) // baresip itself starts its source once ICE is through
	}
	np.n = testpeer.StartNet(t)
	np.k = testpeer.StartKamailio(t, users, testpeer.OnHost(np.n.PBX))
	np.turn = testpeer.StartCoturn(t, testpeer.CoturnConfig{Host: np.n.PBX, Users: map[string]string{turnUser: turnPass}})
	np.b = testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: np.k.Addr,
		Source: np.theirs, AutoAnswer: true, Host: np.n.Far, SIPTrace: true, MediaEnc: mediaenc,
		MediaNAT: medianat, STUNServer: scheme + ":" + np.turn.Addr, STUNUser: turnUser, STUNPass: turnPass})
	np.k.WaitRegistered(t, "1001", regTimeout)
	np.out = filepath.Join(t.TempDir(), "speaker.wav")
	list := append([]string{"serveraddress=" + np.k.Addr, "username=1000", "password=secret1000",
		"audioinput=file:" + np.ours, "audiooutput=file:" + np.out}, sets(np.turn.Addr)...)
	np.p = phoneproc.Start(t, bin, np.n.PhoneLAN, list...)
	np.p.WaitStatus(t, "registered", regTimeout, func(s control.Status) bool { return s.Registered })
	return np
}

// callAndHear has the phone call baresip, waits until baresip has heard 8 s, hangs up and
// proves audio crossed both ways (baresip's recording, then the phone's speaker WAV once the
// phone process has ended). It returns the INVITE baresip received.
func (np *natPair) callAndHear(t *testing.T, how string) testpeer.SIPMessage {
	t.Helper()
	np.p.MustPost(t, "call", `{"number":"1001"}`)
	np.b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	np.p.WaitStatus(t, "the call connected", callTimeout, func(s control.Status) bool {
		return len(s.Lines) > 0 && s.Lines[0].State == control.StateInCall
	})
	inv := np.b.WaitSIP(t, "the INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "INVITE" && m.Status == 0
	})
	ok := np.b.WaitSIP(t, "baresip's 200 OK", callTimeout, func(m testpeer.SIPMessage) bool {
		return !m.Received && m.Method == "INVITE" && m.Status == 200
	})
	t.Logf("our offer:\n%s\nbaresip's answer:\n%s", inv.Body, ok.Body)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("baresip's ice log:\n%s", strings.Join(np.b.LogLines("ice"), "\n"))
		}
	})
	np.b.WaitReceived(t, 8*time.Second, 30*time.Second)
	np.noteLine()
	np.p.MustPost(t, "hangup", `{}`)
	checkPeerHeard(t, np.b, np.ours, "baresip heard us"+how)
	np.p.Proc().Stop() // SIGTERM: the phone hangs up and finishes its speaker WAV
	checkSpeech(t, "we heard baresip"+how, np.theirs, np.out)
	return inv
}

// noteLine records the selected ICE pair and whether the line is encrypted from the
// phone's status, in the middle of the call.
func (np *natPair) noteLine() {
	if st, err := np.p.Status(); err == nil && len(st.Lines) > 0 {
		np.pair, np.enc = st.Lines[0].ICEPair, st.Lines[0].Encrypted
	}
}

// sdpMedia returns the c= address and m=audio port of an SDP body.
func sdpMedia(body string) (addr string, port string) {
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "c=IN IP4 ") {
			addr = strings.TrimPrefix(l, "c=IN IP4 ")
		}
		if f := strings.Fields(l); len(f) > 1 && f[0] == "m=audio" {
			port = f[1]
		}
	}
	return addr, port
}

// TestIntegrationSTUNPublicAddress: the phone behind PhoneRouter's NAT, without ICE, with
// stunserver set (use_fast_stun at its default, 1: when behind NAT), calls a baresip behind
// FarRouter's NAT that uses the same STUN server. The INVITE's SDP names the phone's public
// mapping (the router's address), and both sides hear each other: each sends to the other's
// public address, which opens both NATs.
func TestIntegrationSTUNPublicAddress(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "stun", "stun", func(coturn string) []string { return []string{"stunserver=" + coturn} })
	inv := np.callAndHear(t, " (both behind NAT, STUN)")
	addr, port := sdpMedia(inv.Body)
	t.Logf("the phone's SDP: c=%s m=audio %s", addr, port)
	if addr != testpeer.PhoneRouterIP {
		t.Errorf("the INVITE's SDP names %s, want the phone's public address %s:\n%s", addr, testpeer.PhoneRouterIP, inv.Body)
	}
}

// TestIntegrationSTUNNoAnswer: a STUN server that does not answer (a bound socket that
// reads nothing) costs a bounded wait: the phone reports an event naming the server and the
// call goes on with the local address, audio both ways.
func TestIntegrationSTUNNoAnswer(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: true, SIPTrace: true})
	silent, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	server := silent.LocalAddr().String()
	// use_fast_stun=2: on loopback the phone is not behind NAT, and 1 would not ask at all.
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "file:"+ours, "stunserver", server, "use_fast_stun", "2"))
	tp.waitReg(control.RegRegistered, regTimeout)
	tp.mustPost("call", `{"number":"1001"}`)
	ev := tp.next("an event naming the STUN server", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, server)
	})
	t.Logf("event: %s", ev.Message)
	if !strings.Contains(ev.Message, "stunserver") || !strings.Contains(ev.Message, "did not answer") {
		t.Errorf("event %q: want the parameter and that the server did not answer", ev.Message)
	}
	tp.waitLine(control.StateInCall, callTimeout)
	inv := b.WaitSIP(t, "the INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "INVITE" && m.Status == 0
	})
	if addr, _ := sdpMedia(inv.Body); addr != "127.0.0.1" {
		t.Errorf("SDP address %q, want the local 127.0.0.1", addr)
	}
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	if st := tp.p.Status(); !st.Registered {
		t.Errorf("not registered after the call: %+v", st)
	}
	checkBothWays(t, tp, b, ours, theirs, " (STUN server silent)")
}

// padStart returns a copy of a WAV with secs of silence before it. why: with ICE the media
// path exists only once the checks are through, a few seconds after the answer (baresip
// starts its checks after the ACK); the microphone file plays from the answer on, and what
// it says before the path exists is lost, as on any phone.
func padStart(t *testing.T, wav string, secs int) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "padded.wav")
	if b, err := exec.Command("sox", wav, out, "pad", fmt.Sprint(secs), "0").CombinedOutput(); err != nil {
		t.Fatalf("sox pad: %v: %s", err, b)
	}
	return out
}
