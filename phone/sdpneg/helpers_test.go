package sdpneg

import (
	"net"
	"strings"
	"testing"
)

// sdpOf joins SDP lines with CRLF.
func sdpOf(lines ...string) []byte {
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

// head is a session-level prefix with c= at session level.
func head(ip string) []string {
	t := "IP4"
	if strings.Contains(ip, ":") {
		t = "IP6"
	}
	return []string{"v=0", "o=bob 7 1 IN " + t + " " + ip, "s=call", "c=IN " + t + " " + ip, "t=0 0"}
}

// offerOf is head(ip) followed by the given media lines.
func offerOf(ip string, media ...string) []byte {
	return sdpOf(append(head(ip), media...)...)
}

// mLines returns the m= lines of an SDP body.
func mLines(body []byte) []string {
	var out []string
	for _, line := range strings.Split(string(body), "\r\n") {
		if strings.HasPrefix(line, "m=") {
			out = append(out, line)
		}
	}
	return out
}

// attrsOf returns the a= lines following the n-th m= line.
func attrsOf(t *testing.T, body []byte, n int) []string {
	t.Helper()
	idx := -1
	var out []string
	for _, line := range strings.Split(string(body), "\r\n") {
		if strings.HasPrefix(line, "m=") {
			idx++
			continue
		}
		if idx == n && strings.HasPrefix(line, "a=") {
			out = append(out, line)
		}
	}
	return out
}

// testLocal prefers PCMA over PCMU, wants DTMF and sends and receives.
func testLocal() Local {
	return Local{
		IP: "192.0.2.10", Port: 5000, DTMF: true, SessionID: 42, Version: 1, Ptime: 20,
		Formats: []Format{
			{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
			{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			{PT: 9, Name: "G722", Rate: 8000, Channels: 1},
			{PT: 111, Name: "opus", Rate: 48000, Channels: 2, Fmtp: "useinbandfec=1"},
		},
	}
}

func parseIP(s string) net.IP { return net.ParseIP(s) }
