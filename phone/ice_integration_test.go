package phone_test

import (
	"fmt"
	"path/filepath"
	"softphone/internal/testpeer"
	"softphone/phone/control"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
)

// TestIntegrationICEBothBehindNAT: the phone behind PhoneRouter's NAT (icemode=always,
// stunserver coturn on the public side) calls a baresip with its ice module behind
// FarRouter's NAT. Our offer carries ufrag, pwd, host and server-reflexive candidates and
// end-of-candidates; the checks select a pair (logged, in an event) and audio crosses both
// ways over it.
func TestIntegrationICEBothBehindNAT(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		return []string{"icemode=always", "stunserver=" + coturn}
	})
	inv := np.callAndHear(t, " (both behind NAT, ICE)")
	for _, want := range []string{"a=ice-ufrag:", "a=ice-pwd:", "typ host", "typ srflx", "a=end-of-candidates"} {
		if !strings.Contains(inv.Body, want) {
			t.Errorf("our offer lacks %q:\n%s", want, inv.Body)
		}
	}
	pair := icePair(t, np)
	t.Logf("selected candidate pair: %s", pair)
}

// icePair returns the pair the phone's status named during the call, failing the test
// without one.
func icePair(t *testing.T, np *natPair) string {
	t.Helper()
	if np.pair == "" {
		t.Fatalf("the phone's status named no selected ICE pair during the call")
	}
	return np.pair
}

// blockDirect drops every packet between the two routers' public addresses, in both router
// namespaces: the phone and the far end can reach each other only through the TURN relay.
func blockDirect(t testing.TB, n *testpeer.Net) {
	t.Helper()
	for _, r := range []struct {
		h     *testpeer.Host
		other string
	}{{n.FarRouter, testpeer.PhoneRouterIP}, {n.PhoneRouter, testpeer.FarRouterIP}} {
		for _, chain := range []string{"FORWARD", "INPUT", "OUTPUT"} {
			for _, dir := range []string{"-s", "-d"} {
				r.h.Run(t, "iptables", "-w", "-I", chain, dir, r.other, "-j", "DROP")
			}
		}
	}
}

// internetRoute gives the PBX host, where coturn runs, a default route toward the test
// process (which forwards nothing). why: a TURN server on the internet has one, and what its
// relay sends to a peer's private host candidate is lost somewhere; without one such a send
// fails at once (network unreachable), after which coturn relays nothing more for that
// allocation and the relay pair never completes.
func internetRoute(t testing.TB, n *testpeer.Net) {
	t.Helper()
	n.PBX.Run(t, "ip", "route", "add", "default", "via", testpeer.PublicIP)
}

// TestIntegrationTURNRelay: with the direct paths between the two NATs blocked, the phone
// behind PhoneRouter (icemode=always, coturn as STUN and TURN server with a test user) calls
// a baresip with its ice module behind FarRouter: the offer carries a relay candidate, the
// checks select our relay candidate's pair, and audio crosses both ways through coturn.
func TestIntegrationTURNRelay(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		return []string{"icemode=always", "stunserver=" + coturn, "turnserver=" + coturn,
			"turnusername=" + turnUser, "turnpassword=" + turnPass}
	})
	internetRoute(t, np.n)
	blockDirect(t, np.n)
	inv := np.callAndHear(t, " (direct paths blocked, TURN relay)")
	if !strings.Contains(inv.Body, "typ relay") {
		t.Errorf("our offer has no relay candidate:\n%s", inv.Body)
	}
	pair := icePair(t, np)
	t.Logf("selected candidate pair: %s", pair)
	if !strings.HasPrefix(pair, "relay ") {
		t.Errorf("selected pair %q, want our relay candidate's", pair)
	}
}

// TestIntegrationTURNRelayPhoneToPhone: as TestIntegrationTURNRelay, with a second phone
// process behind FarRouter (the same parameters, answering by itself) as the far end: the
// pair goes through coturn (either phone's relay candidate) and audio crosses both ways.
func TestIntegrationTURNRelayPhoneToPhone(t *testing.T) {
	bin := phoneproc.Build(t)
	ours, theirs := speechPair(t)
	ours, theirs = padStart(t, ours, 6), padStart(t, theirs, 6)
	n := testpeer.StartNet(t)
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
	turn := testpeer.StartCoturn(t, testpeer.CoturnConfig{Host: n.PBX, Users: map[string]string{turnUser: turnPass}})
	internetRoute(t, n)
	start := func(h *testpeer.Host, user, mic, speaker string, extra ...string) *phoneproc.Phone {
		sets := append([]string{"serveraddress=" + k.Addr, "username=" + user, "password=secret" + user,
			"icemode=always", "stunserver=" + turn.Addr, "turnserver=" + turn.Addr, "turnusername=" + turnUser,
			"turnpassword=" + turnPass, "audioinput=file:" + mic, "audiooutput=file:" + speaker}, extra...)
		p := phoneproc.Start(t, bin, h, sets...)
		p.WaitStatus(t, user+" registered", regTimeout, func(s control.Status) bool { return s.Registered })
		return p
	}
	dir := t.TempDir()
	outA, outB := filepath.Join(dir, "a.wav"), filepath.Join(dir, "b.wav")
	a := start(n.PhoneLAN, "1000", ours, outA)
	b := start(n.Far, "1001", theirs, outB, "autoanswer=1")
	blockDirect(t, n)
	a.MustPost(t, "call", `{"number":"1001"}`)
	inCall := func(s control.Status) bool { return len(s.Lines) > 0 && s.Lines[0].State == control.StateInCall }
	a.WaitStatus(t, "the call connected", callTimeout, inCall)
	b.WaitStatus(t, "the far phone in the call", callTimeout, inCall)
	st := a.WaitStatus(t, "a selected ICE pair", callTimeout, func(s control.Status) bool {
		return len(s.Lines) > 0 && s.Lines[0].ICEPair != ""
	})
	pair := st.Lines[0].ICEPair
	t.Logf("selected candidate pair: %s", pair)
	if !strings.Contains(pair, "relay ") {
		t.Errorf("selected pair %q, want one through the relay", pair)
	}
	waitWAV(t, outB, 11*time.Second, 30*time.Second)
	waitWAV(t, outA, 11*time.Second, 30*time.Second)
	a.MustPost(t, "hangup", `{}`)
	b.WaitStatus(t, "the far phone hung up", callTimeout, func(s control.Status) bool { return !anyInUse(s) })
	a.Proc().Stop()
	b.Proc().Stop()
	checkSpeech(t, "the far phone heard us (TURN relay)", ours, outB)
	checkSpeech(t, "we heard the far phone (TURN relay)", theirs, outA)
}

// TestIntegrationTURNCredentialsRefused: a TURN server that refuses the credentials gives
// an event naming the server and "credentials refused"; the call goes on without a relay
// candidate (over the server-reflexive pair) and the phone stays registered.
func TestIntegrationTURNCredentialsRefused(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		return []string{"icemode=always", "stunserver=" + coturn, "turnserver=" + coturn,
			"turnusername=" + turnUser, "turnpassword=wrong-" + turnPass}
	})
	inv := np.callAndHear(t, " (TURN credentials refused)")
	if strings.Contains(inv.Body, "typ relay") {
		t.Errorf("our offer has a relay candidate though TURN refused us:\n%s", inv.Body)
	}
	found := ""
	for _, l := range strings.Split(np.p.Proc().LogTail(2000), "\n") {
		if strings.Contains(l, "TURN server "+np.turn.Addr) && strings.Contains(l, "credentials refused") {
			found = l
		}
	}
	if found == "" {
		t.Fatalf("no event names the TURN server %s and \"credentials refused\":\n%s", np.turn.Addr, np.p.Proc().LogTail(40))
	}
	t.Logf("event: %s", found)
}

// TestIntegrationICEFails: with the direct paths between the NATs blocked and no TURN
// server, no candidate pair can work: within the bounded check time (10 s) the phone reports
// an event naming ICE's failure, ends the call with a BYE, and stays registered.
func TestIntegrationICEFails(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		return []string{"icemode=always", "stunserver=" + coturn}
	})
	blockDirect(t, np.n)
	np.p.MustPost(t, "call", `{"number":"1001"}`)
	np.b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	np.b.WaitEvent(t, "CALL_CLOSED", callTimeout) // our BYE once the checks gave up
	st := np.p.WaitStatus(t, "the call ended", callTimeout, func(s control.Status) bool { return !anyInUse(s) })
	if !st.Registered {
		t.Errorf("not registered after ICE failed: %+v", st)
	}
	found := ""
	for _, l := range strings.Split(np.p.Proc().LogTail(2000), "\n") {
		if strings.Contains(l, "ICE with 1001 failed") && strings.Contains(l, "connectivity checks") {
			found = l
		}
	}
	if found == "" {
		t.Fatalf("no event says ICE failed and why:\n%s", np.p.Proc().LogTail(40))
	}
	t.Logf("event: %s", found)
}

// TestIntegrationICERequiredRefused: with icemode=always, an incoming offer without ICE
// candidates (a baresip without its ice module) is refused with 488 and an event naming the
// cause; the phone stays registered.
func TestIntegrationICERequiredRefused(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr, SIPTrace: true})
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000", "icemode", "always"))
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	if err := b.Dial("sip:1000@" + k.Addr); err != nil {
		t.Fatal(err)
	}
	ev := tp.next("an event naming the missing ICE", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "icemode=always")
	})
	t.Logf("event: %s", ev.Message)
	b.WaitSIP(t, "our 488", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "INVITE" && m.Status == 488
	})
	if st := tp.p.Status(); !st.Registered || anyInUse(st) {
		t.Errorf("status after the refusal: %+v", st)
	}
}

// TestIntegrationICEIncoming: a baresip with its ice module behind FarRouter calls the phone
// behind PhoneRouter, which has icemode=offered (ICE because the offer carries it) and
// coturn as STUN server. The phone answers with its candidates, its agent is the controlled
// one, a pair is selected (the line's icepair) and audio crosses both ways.
func TestIntegrationICEIncoming(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		return []string{"icemode=offered", "stunserver=" + coturn}
	})
	ok := np.answerAndHear(t, " (incoming, ICE)")
	t.Logf("selected candidate pair: %s", icePair(t, np))
	for _, want := range []string{"a=ice-ufrag:", "typ srflx", "a=end-of-candidates"} {
		if !strings.Contains(ok.Body, want) {
			t.Errorf("our answer lacks %q:\n%s", want, ok.Body)
		}
	}
}

// answerAndHear has baresip call the phone, which accepts; it waits for a selected ICE
// pair and until baresip has heard 8 s, has baresip hang up and proves audio crossed both
// ways (baresip's recording, then the phone's speaker WAV once the phone process has ended).
// It returns the 200 OK baresip received.
func (np *natPair) answerAndHear(t *testing.T, how string) testpeer.SIPMessage {
	t.Helper()
	if err := np.b.Dial("sip:1000@" + np.k.Addr); err != nil {
		t.Fatal(err)
	}
	st := np.p.WaitStatus(t, "a ringing line", callTimeout, func(s control.Status) bool {
		return len(s.Lines) == 1 && s.Lines[0].State == control.StateRinging
	})
	np.p.MustPost(t, "accept", fmt.Sprintf(`{"line":%d}`, st.Lines[0].Line))
	np.b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	np.p.WaitStatus(t, "a selected ICE pair", callTimeout, func(s control.Status) bool {
		return len(s.Lines) == 1 && s.Lines[0].State == control.StateInCall && s.Lines[0].ICEPair != ""
	})
	inv := np.b.WaitSIP(t, "baresip's INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
		return !m.Received && m.Method == "INVITE" && m.Status == 0
	})
	ok := np.b.WaitSIP(t, "our 200 OK", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "INVITE" && m.Status == 200
	})
	t.Logf("baresip's offer:\n%s\nour answer:\n%s", inv.Body, ok.Body)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("baresip's ice log:\n%s", strings.Join(np.b.LogLines("ice"), "\n"))
		}
	})
	np.b.WaitReceived(t, 8*time.Second, 30*time.Second)
	np.noteLine()
	if err := np.b.Hangup(); err != nil {
		t.Fatal(err)
	}
	checkPeerHeard(t, np.b, np.ours, "baresip heard us"+how)
	np.p.Proc().Stop()
	checkSpeech(t, "we heard baresip"+how, np.theirs, np.out)
	return ok
}
