package phone_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/control"
)

// SIP over TLS on the namespace topology: Kamailio on the PBX host with tls.so and a
// certificate from the test's own CA; between the phone and Kamailio's TLS port a relay in
// the test process records every byte the phone sends and receives, so the tests can show
// that no SIP crossed the wire in plain text. Kamailio takes the relay's address as its own
// name (WithAlias), and the certificate names it, so for the phone the relay is the server.
// The far end is a baresip behind a NAT router registered over UDP.

// tapRelay forwards TCP connections to target and keeps what crossed it.
type tapRelay struct {
	ln     net.Listener
	mu     sync.Mutex
	target string
	wire   bytes.Buffer // both directions, as sent
	conns  int
}

// startTap listens on the test process's public address; Target is set before use.
func startTap(t *testing.T) *tapRelay {
	t.Helper()
	ln, err := net.Listen("tcp4", testpeer.PublicIP+":0")
	if err != nil {
		t.Fatal(err)
	}
	r := &tapRelay{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.relay(c)
		}
	}()
	return r
}

func (r *tapRelay) addr() string { return r.ln.Addr().String() }

func (r *tapRelay) setTarget(target string) {
	r.mu.Lock()
	r.target = target
	r.mu.Unlock()
}

func (r *tapRelay) relay(c net.Conn) {
	defer c.Close()
	r.mu.Lock()
	target := r.target
	r.conns++
	r.mu.Unlock()
	up, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		_, _ = io.Copy(io.MultiWriter(dst, r), src)
		dst.Close()
		done <- struct{}{}
	}
	go cp(up, c)
	go cp(c, up)
	<-done
	<-done
}

// Write records relayed bytes.
func (r *tapRelay) Write(b []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.wire.Write(b)
}

// captured returns what crossed the relay and how many connections it took.
func (r *tapRelay) captured() ([]byte, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]byte(nil), r.wire.Bytes()...), r.conns
}

// plainSIP finds SIP in clear text.
var plainSIP = regexp.MustCompile(`REGISTER sip:|INVITE sip:|SIP/2\.0|Via: |secret100`)

// startPhoneLogged is startPhone keeping the phone's log for the test to read.
func startPhoneLogged(t *testing.T, sets map[string]string) (*testPhone, func() string) {
	t.Helper()
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tp := startPhoneWith(t, sets, phone.WithLogger(logger)) // the last WithLogger wins
	return tp, func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

// tlsNet starts the topology: a CA, Kamailio with TLS behind the tap relay, and a baresip
// 1001 behind NAT registered over UDP.
func tlsNet(t *testing.T, theirs string, autoAnswer bool, mediaEnc string) (*testpeer.CA, *testpeer.Kamailio, *tapRelay, *testpeer.Baresip) {
	t.Helper()
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	tap := startTap(t)
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PublicIP, testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithAlias(tap.addr()))
	tap.setTarget(k.TLSAddr)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: autoAnswer, Host: n.Far, MediaEnc: mediaEnc})
	k.WaitRegistered(t, "1001", regTimeout)
	return ca, k, tap, b
}

// TestIntegrationTLSCall: the phone registers over TLS trusting the test's CA (tlscafile)
// and calls a baresip through Kamailio, then takes a call from it; each call is SRTP (SDES
// over TLS, the default srtp=1, against a baresip that requires SRTP) with speech measured
// both ways. What crossed the wire holds no SIP in clear text; the phone's loglevel=5 log
// and its siptrace file hold the INVITE and its 200 OK, with no password and no key.
func TestIntegrationTLSCall(t *testing.T) {
	for _, dir := range []string{"we call", "they call"} {
		t.Run(dir, func(t *testing.T) {
			ours, theirs := speechPair(t)
			ca, k, tap, b := tlsNet(t, theirs, dir == "we call", "srtp-mand")
			trace := filepath.Join(t.TempDir(), "siptrace.txt")
			tp, logged := startPhoneLogged(t, kv("serveraddress", tap.addr(), "username", "1000", "password", "secret1000",
				"transport", "tls", "tlscafile", ca.CertFile, "audioinput", "file:"+ours, "loglevel", "5", "siptrace", trace))
			tp.waitReg(control.RegRegistered, regTimeout)
			k.WaitRegistered(t, "1000", regTimeout)
			if bs := k.Location(t, "1000"); len(bs) != 1 || !strings.Contains(bs[0].Contact, "transport=tls") {
				t.Errorf("kamailio's binding %+v, want one Contact with transport=tls", bs)
			}
			if dir == "we call" {
				if l := callBaresip(t, tp, b, "1001"); !l.Encrypted {
					t.Errorf("call over TLS not encrypted: %+v", l)
				}
			} else {
				callFromBaresip(t, tp, b, "sip:1000@"+k.Addr)
			}
			checkBothWays(t, tp, b, ours, theirs, " over TLS ("+dir+")")

			wire, conns := tap.captured()
			if len(wire) < 1000 || wire[0] != 0x16 {
				t.Errorf("relay saw %d bytes over %d connections, first %#x: want a TLS stream", len(wire), conns, wire[:min(1, len(wire))])
			}
			if m := plainSIP.Find(wire); m != nil {
				t.Errorf("SIP in clear text on the wire: %q", m)
			}
			file, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			checkTrace(t, "siptrace file", "TLS", string(file), true, dir == "we call", traceWant{sent: true, keys: true})
			checkTrace(t, "loglevel=5 log", "TLS", logged(), false, dir == "we call", traceWant{sent: true, keys: true})
		})
	}
}

// traced is one message of a SIP trace.
type traced struct {
	sent bool
	text string
}

var (
	traceHeadRE = regexp.MustCompile(`(?m)^\S+ (sent|received) (\S+) \S+ (?:->|<-) \S+ \(\d+ bytes\)\n`)
	traceLogRE  = regexp.MustCompile(`(?m)msg="SIP (sent|received)" transport=(\S+) .* message=("(?:[^"\\]|\\.)*")$`)
)

// parseTrace reads the siptrace file format, or the log's "SIP sent"/"SIP received" lines,
// keeping the messages traced over transport (TLS, WS, WSS).
func parseTrace(t *testing.T, transport, trace string, file bool) []traced {
	t.Helper()
	var out []traced
	if file {
		heads := traceHeadRE.FindAllStringSubmatchIndex(trace, -1)
		for i, h := range heads {
			end := len(trace)
			if i+1 < len(heads) {
				end = heads[i+1][0]
			}
			if trace[h[4]:h[5]] == transport {
				out = append(out, traced{sent: trace[h[2]:h[3]] == "sent", text: trace[h[1]:end]})
			}
		}
		return out
	}
	for _, m := range traceLogRE.FindAllStringSubmatch(trace, -1) {
		text, err := strconv.Unquote(m[3])
		if err != nil {
			t.Fatalf("log message %s: %v", m[3], err)
		}
		if m[2] == transport {
			out = append(out, traced{sent: m[1] == "sent", text: text})
		}
	}
	return out
}

// traceWant is what checkTrace expects of a trace besides the INVITE and its 200 OK.
type traceWant struct {
	// sent: messages sent are traced too (not over wss: sipgo gives no hook on what it sends
	// there), so the sent one of the INVITE and its 200 and a masked digest response are due.
	sent bool
	// keys: the call's SDP carries SDES keys (a=crypto), so a masked key is due.
	keys bool
}

// checkTrace looks in a SIP trace for the INVITE and its 200 OK over transport (sent and
// received the right way round), the masked credentials and keys want says are due, and no
// secret.
func checkTrace(t *testing.T, name, transport, trace string, file, weCall bool, want traceWant) {
	t.Helper()
	msgs := parseTrace(t, transport, trace, file)
	invite, ok := !want.sent && weCall, !want.sent && !weCall
	for _, m := range msgs {
		switch {
		case m.sent == weCall && strings.HasPrefix(m.text, "INVITE sip:"):
			invite = true
		case m.sent != weCall && strings.HasPrefix(m.text, "SIP/2.0 200 ") &&
			regexp.MustCompile(`(?m)^CSeq: \d+ INVITE`).MatchString(m.text):
			ok = true
		}
	}
	if !invite || !ok {
		var firsts []string
		for _, m := range msgs {
			first, _, _ := strings.Cut(m.text, "\r\n")
			firsts = append(firsts, fmt.Sprintf("%v %q", m.sent, first))
		}
		t.Errorf("%s: INVITE (sent=%v) found %v, its 200 OK found %v; messages (sent, first line): %s",
			name, weCall, invite, ok, strings.Join(firsts, ", "))
	}
	if want.sent && !strings.Contains(trace, `response=\"***\"`) && !strings.Contains(trace, `response="***"`) {
		t.Errorf("%s: no masked digest response", name)
	}
	if want.keys && !strings.Contains(trace, "inline:***") {
		t.Errorf("%s: no masked SDES key", name)
	}
	if strings.Contains(trace, "secret1000") || regexp.MustCompile(`inline:[A-Za-z0-9+/]{8}`).MatchString(trace) ||
		regexp.MustCompile(`response=\\?"[0-9a-f]{32}`).MatchString(trace) {
		t.Errorf("%s holds a password, key or digest response", name)
	}
	if t.Failed() {
		t.Logf("%s (tail): %s", name, trace[max(0, len(trace)-4000):])
	}
}

// TestIntegrationTLSWrongCA: trusting another CA, the phone refuses Kamailio's certificate:
// an error event names the server, the certificate's subject, the reason and the parameter
// (tlscafile, tlsverify); registration fails; a call attempt fails too; and nothing but TLS
// handshakes crossed the wire (no REGISTER or INVITE in plain text). The phone stays usable:
// with the right CA set at run time it registers.
func TestIntegrationTLSWrongCA(t *testing.T) {
	ca, k, tap, _ := tlsNet(t, testpeer.SpeechWAV(t, "one two three", 16000), true, "")
	other := testpeer.NewCA(t, "Some Other CA")
	tp := startPhone(t, kv("serveraddress", tap.addr(), "username", "1000", "password", "secret1000",
		"transport", "tls", "tlscafile", other.CertFile))
	ev := tp.next("refused certificate event", regTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "certificate")
	})
	for _, want := range []string{tap.addr(), "CN=" + testpeer.PublicIP, "unknown authority", ca.Name, "tlscafile", "tlsverify=0"} {
		if !strings.Contains(ev.Message, want) {
			t.Errorf("event %q does not name %q", ev.Message, want)
		}
	}
	reg := tp.waitReg(control.RegFailed, regTimeout)
	t.Logf("event: %s | registration: %s", ev.Message, reg.Reason)
	tp.mustPost("call", `{"number":"1001"}`)
	l := tp.waitLine(control.StateFinished, callTimeout)
	t.Logf("call: %s", l.Reason)
	if k.Registered(t, "1000") {
		t.Errorf("kamailio has a binding for 1000")
	}
	wire, conns := tap.captured()
	if conns == 0 || len(wire) == 0 || wire[0] != 0x16 {
		t.Errorf("relay saw %d bytes over %d connections: want TLS handshakes", len(wire), conns)
	}
	if m := plainSIP.Find(wire); m != nil {
		t.Errorf("SIP in clear text on the wire: %q", m)
	}

	// The right CA, set at run time: the stack restarts and registers.
	tp.mustPost("setparameter", `{"name":"tlscafile","value":"`+ca.CertFile+`"}`)
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
}

// TestIntegrationTLSStalledHandshake: a server that accepts the TCP connection and never
// answers the handshake fails the registration within a bounded time with an error event
// saying so; the phone stays usable and registers once pointed at a real TLS server.
func TestIntegrationTLSStalledHandshake(t *testing.T) {
	ca, k, tap, _ := tlsNet(t, testpeer.SpeechWAV(t, "one two three", 16000), true, "")
	staller := testpeer.StallingListener(t, testpeer.PublicIP+":0")
	start := time.Now()
	tp := startPhone(t, kv("serveraddress", staller.Addr().String(), "username", "1000", "password", "secret1000",
		"transport", "tls", "tlscafile", ca.CertFile))
	ev := tp.next("stalled handshake event", 20*time.Second, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "handshake")
	})
	t.Logf("after %v: %s", time.Since(start).Round(100*time.Millisecond), ev.Message)
	if !strings.Contains(ev.Message, staller.Addr().String()) {
		t.Errorf("event %q does not name the server", ev.Message)
	}
	tp.waitReg(control.RegFailed, regTimeout)
	tp.mustPost("setparameter", `{"name":"serveraddress","value":"`+tap.addr()+`"}`)
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
}

// TestIntegrationTLSClientCertificate: Kamailio requires a client certificate signed by the
// test's CA (mutual TLS); the phone registers with tlsclientcert and tlsclientkey, and
// without them it does not.
func TestIntegrationTLSClientCertificate(t *testing.T) {
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithTLSClientCA(ca))
	ccert, ckey := ca.Issue(t, testpeer.Leaf{Names: []string{"1000"}, Client: true})
	account := []string{"serveraddress", k.TLSAddr, "username", "1000", "password", "secret1000",
		"transport", "tls", "tlscafile", ca.CertFile}

	without := startPhone(t, kv(account...))
	reg := without.waitReg(control.RegFailed, regTimeout)
	t.Logf("without a client certificate: %s", reg.Reason)
	if !strings.Contains(reg.Reason, "certificate") {
		t.Errorf("registration failure %q does not say a certificate is missing", reg.Reason)
	}
	without.p.Close()

	with := startPhone(t, kv(append(account, "tlsclientcert", ccert, "tlsclientkey", ckey)...))
	with.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
}

// TestIntegrationSIPSOverTLS: a phone registered over tls dials a sips: URI at Kamailio;
// the call connects over TLS and speech crosses both ways; a phone on udp refuses to dial
// a sips: URI, naming the parameter.
func TestIntegrationSIPSOverTLS(t *testing.T) {
	ours, theirs := speechPair(t)
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key))
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: true, Host: n.Far})
	k.WaitRegistered(t, "1001", regTimeout)

	udp := startPhone(t, kv("serveraddress", k.Addr, "username", "1002", "password", "secret1002"))
	udp.wantError("call", `{"number":"sips:1001@`+k.TLSAddr+`"}`, "transport=tls")

	tp := startPhone(t, kv("serveraddress", k.TLSAddr, "username", "1000", "password", "secret1000",
		"transport", "tls", "tlscafile", ca.CertFile, "audioinput", "file:"+ours))
	tp.waitReg(control.RegRegistered, regTimeout)
	tp.mustPost("call", `{"number":"sips:1001@`+k.TLSAddr+`"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	checkBothWays(t, tp, b, ours, theirs, " (sips: URI over TLS)")
}

// TestIntegrationTLSRegistrarRestart: the TLS connection to the registrar is watched like a
// TCP one: when Kamailio dies the phone says the connection was lost, probes, and once
// Kamailio is back it registers again over a new TLS connection, so a MESSAGE routed through
// Kamailio reaches it (restartRegistrar).
func TestIntegrationTLSRegistrarRestart(t *testing.T) {
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key))
	tp := startPhone(t, kv("serveraddress", k.TLSAddr, "transport", "tls", "tlscafile", ca.CertFile,
		"username", "1000", "password", "secret1000"))
	restartRegistrar(t, tp, k, k.TLSAddr, "tls")
}

// restartRegistrar kills Kamailio under a phone registered to it at server over a
// connection (tls, ws, wss): the phone must say the connection to server was lost and,
// once Kamailio is back, register again over a new connection, so a MESSAGE routed through
// Kamailio reaches it.
func restartRegistrar(t *testing.T, tp *testPhone, k *testpeer.Kamailio, server, transport string) {
	t.Helper()
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	reachable(t, k, "1000", 5*time.Second)

	k.Kill(t)
	tp.next("lost-connection event", 5*time.Second, func(ev control.Event) bool {
		return ev.Kind == control.KindInfo && strings.Contains(ev.Message, "Connection to "+server) && strings.Contains(ev.Message, "lost")
	})
	restarted := time.Now()
	k.Restart(t) // returns once kamailio answers OPTIONS
	back := time.Since(restarted)
	took := reachable(t, k, "1000", 15*time.Second)
	t.Logf("%s: kamailio restart took %v; a MESSAGE reached the phone %v after kamailio was back",
		transport, back.Round(time.Millisecond), took.Round(time.Millisecond))
}
