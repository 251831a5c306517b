package testpeer

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// traceStart and traceEnd frame each SIP message in baresip's -s trace.
const (
	traceStart = "\x1b[36;1m#\n"
	traceEnd   = "\x1b[;m"
)

// SIPMessage is one SIP message from baresip's SIP trace (SIPTrace).
type SIPMessage struct {
	// Received is true for a message baresip received, false for one it sent.
	Received bool
	// Transport is "UDP", "TCP" or "TLS"; From and To are "ip:port".
	Transport, From, To string
	// Method is the request method, or the CSeq method of a response.
	Method string
	// Status is the response code, 0 for a request.
	Status int
	// StartLine is the first line, e.g. "INVITE sip:1001@... SIP/2.0".
	StartLine string
	// Headers holds the header lines in order, unfolded, "Name: value".
	Headers []string
	// Body is the message body (SDP, sipfrag, dtmf-relay ...).
	Body string
}

// Header returns the value of the first header called name (case
// insensitive, compact forms not expanded), or "".
func (m SIPMessage) Header(name string) string {
	for _, h := range m.Headers {
		k, v, ok := strings.Cut(h, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// String is a one-line summary for test logs.
func (m SIPMessage) String() string {
	dir := "sent"
	if m.Received {
		dir = "received"
	}
	return fmt.Sprintf("%s %s %s -> %s: %s", dir, m.Transport, m.From, m.To, m.StartLine)
}

// ParseSIPTrace extracts the SIP messages from a baresip log written with
// -s. A message is received when its destination port is sipPort. Text
// between messages (baresip's other log lines) is skipped; a frame that is
// cut off or not SIP is skipped too, so a partly written log parses.
func ParseSIPTrace(log []byte, sipPort int) []SIPMessage {
	var out []SIPMessage
	port := strconv.Itoa(sipPort)
	for {
		i := bytes.Index(log, []byte(traceStart))
		if i < 0 {
			return out
		}
		log = log[i+len(traceStart):]
		j := bytes.Index(log, []byte(traceEnd))
		if j < 0 {
			return out
		}
		frame := string(log[:j])
		log = log[j+len(traceEnd):]
		if m, ok := parseTraceFrame(frame); ok {
			_, dport, _ := net.SplitHostPort(m.To)
			m.Received = dport == port
			out = append(out, m)
		}
	}
}

// parseTraceFrame parses "UDP src -> dst\n" followed by one SIP message.
func parseTraceFrame(frame string) (SIPMessage, bool) {
	var m SIPMessage
	addrLine, msg, ok := strings.Cut(frame, "\n")
	if !ok {
		return m, false
	}
	f := strings.Fields(addrLine)
	if len(f) != 4 || f[2] != "->" {
		return m, false
	}
	m.Transport, m.From, m.To = f[0], f[1], f[3]
	head, body, _ := strings.Cut(msg, "\r\n\r\n")
	m.Body = body
	lines := strings.Split(head, "\r\n")
	m.StartLine = lines[0]
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && len(m.Headers) > 0 {
			m.Headers[len(m.Headers)-1] += " " + strings.TrimSpace(l)
			continue
		}
		m.Headers = append(m.Headers, l)
	}
	sl := strings.Fields(m.StartLine)
	switch {
	case len(sl) >= 2 && strings.HasPrefix(sl[0], "SIP/2.0"):
		code, err := strconv.Atoi(sl[1])
		if err != nil || code < 100 || code > 699 {
			return m, false
		}
		m.Status = code
		if cseq := strings.Fields(m.Header("CSeq")); len(cseq) == 2 {
			m.Method = cseq[1]
		}
	case len(sl) == 3 && sl[2] == "SIP/2.0":
		m.Method = sl[0]
	default:
		return m, false
	}
	return m, true
}

// SIPMessages returns the SIP messages baresip has sent and received so
// far, oldest first. It needs SIPTrace.
func (b *Baresip) SIPMessages() []SIPMessage {
	data, _ := os.ReadFile(b.proc.logPath)
	return ParseSIPTrace(data, b.sipPort)
}

// WaitSIP waits until baresip's SIP trace holds a message for which match
// is true and returns the first such message, or fails the test after
// timeout naming what. It needs SIPTrace (the test fails at once without).
func (b *Baresip) WaitSIP(t testing.TB, what string, timeout time.Duration, match func(SIPMessage) bool) SIPMessage {
	t.Helper()
	return b.WaitSIPFrom(t, what, 0, timeout, match)
}

// WaitSIPFrom is WaitSIP looking only at messages from index from on
// (len(SIPMessages()) taken before an action means "after the action").
func (b *Baresip) WaitSIPFrom(t testing.TB, what string, from int, timeout time.Duration, match func(SIPMessage) bool) SIPMessage {
	t.Helper()
	if !b.cfg.SIPTrace {
		t.Fatalf("testpeer: baresip %s: WaitSIP(%s) needs BaresipConfig.SIPTrace", b.cfg.User, what)
	}
	deadline := time.Now().Add(timeout)
	for {
		msgs := b.SIPMessages()
		for i, m := range msgs {
			if i >= from && match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, m := range msgs {
				seen = append(seen, m.String())
			}
			t.Fatalf("testpeer: baresip %s: no SIP message %s within %v; trace:\n%s (log tail follows)",
				b.cfg.User, what, timeout, strings.Join(seen, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
