package phone

import (
	"net/netip"
	"testing"
	"time"

	"softphone/phone/params"
)

func TestScreeningDecisionTable(t *testing.T) {
	ps := params.Standard()
	for k, v := range map[string]string{
		"serveraddress":  "192.0.2.10:5080",
		"proxyaddress":   "198.51.100.5", // no port: 5060
		"allowedsources": "203.0.113.0/24, 2001:db8::7",
	} {
		if err := ps.Set(k, v, params.CommandLine); err != nil {
			t.Fatal(err)
		}
	}
	p := New(ps) // not started: trust() reads only the parameters
	tbl := p.trust()
	ap := netip.MustParseAddrPort
	for _, tc := range []struct {
		name   string
		in     screenInput
		accept bool
	}{
		{"not registered: anyone", screenInput{transport: "udp", src: ap("10.9.9.9:5060")}, true},
		{"allowdirectcalls: anyone", screenInput{registered: true, allowDirect: true, transport: "udp", src: ap("10.9.9.9:5060")}, true},
		{"udp: the server's address and port", screenInput{registered: true, transport: "UDP", src: ap("192.0.2.10:5080")}, true},
		{"udp: the server's address, another port", screenInput{registered: true, transport: "udp", src: ap("192.0.2.10:5060")}, false},
		{"udp: the proxy at 5060", screenInput{registered: true, transport: "udp", src: ap("198.51.100.5:5060")}, true},
		{"udp: the proxy's host, another port", screenInput{registered: true, transport: "udp", src: ap("198.51.100.5:40000")}, false},
		{"udp: the server, IPv4-mapped", screenInput{registered: true, transport: "udp", src: ap("[::ffff:192.0.2.10]:5080")}, true},
		{"tcp: a connection from the server's address", screenInput{registered: true, transport: "TCP", src: ap("192.0.2.10:41234")}, true},
		{"tcp: another host", screenInput{registered: true, transport: "tcp", src: ap("192.0.2.11:5080")}, false},
		{"allowedsources prefix", screenInput{registered: true, transport: "udp", src: ap("203.0.113.77:9")}, true},
		{"allowedsources single IPv6", screenInput{registered: true, transport: "udp", src: ap("[2001:db8::7]:5060")}, true},
		{"allowedsources: outside the prefix", screenInput{registered: true, transport: "udp", src: ap("203.0.114.1:5060")}, false},
		{"a stranger", screenInput{registered: true, transport: "udp", src: ap("198.51.100.66:5060")}, false},
		{"no source at all", screenInput{registered: true, transport: "udp"}, false},
	} {
		if got := decide(tc.in, tbl) == verdictAccept; got != tc.accept {
			t.Errorf("%s: accept = %v, want %v", tc.name, got, tc.accept)
		}
	}
	// The table follows the parameters, and is not rebuilt while they stay the same.
	if p.trust() != tbl {
		t.Error("trust table rebuilt without a change")
	}
	if err := ps.Set("allowedsources", "", params.CommandLine); err != nil {
		t.Fatal(err)
	}
	if decide(screenInput{registered: true, transport: "udp", src: ap("203.0.113.77:9")}, p.trust()) != verdictStranger {
		t.Error("allowedsources emptied, yet its old prefix is still trusted")
	}
}

func TestStrangerBucket(t *testing.T) {
	var s screening
	now := time.Unix(1000, 0)
	n := 0
	for s.allow(now) {
		n++
	}
	if n != strangerBurst {
		t.Fatalf("burst = %d, want %d", n, strangerBurst)
	}
	if s.allow(now) {
		t.Fatal("empty bucket allowed an answer")
	}
	now = now.Add(100 * time.Millisecond)
	n = 0
	for s.allow(now) {
		n++
	}
	if n != strangerRate/10 {
		t.Fatalf("after 100 ms: %d answers, want %d", n, strangerRate/10)
	}
}
