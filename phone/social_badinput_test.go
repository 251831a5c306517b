package phone_test

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

// messageRequest builds an out-of-dialog MESSAGE to the phone at addr over transport.
func messageRequest(local, addr, transport, ctype, body string) []byte {
	return []byte("MESSAGE sip:1000@" + addr + " SIP/2.0\r\n" +
		"Via: SIP/2.0/" + transport + " " + local + ";branch=z9hG4bK" + fmt.Sprint(time.Now().UnixNano()) + "\r\n" +
		"Max-Forwards: 70\r\n" +
		"From: <sip:1001@" + local + ">;tag=bad1\r\n" +
		"To: <sip:1000@" + addr + ">\r\n" +
		"Call-ID: bad-" + fmt.Sprint(time.Now().UnixNano()) + "@test\r\n" +
		"CSeq: 1 MESSAGE\r\n" +
		"Content-Type: " + ctype + "\r\n" +
		"Content-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body)
}

// TestIntegrationSocialBadMessage: a MESSAGE over 64 KiB gets 413, an unknown Content-Type
// 415 (with Accept), and neither shows up as a chat; a good one afterwards still does.
func TestIntegrationSocialBadMessage(t *testing.T) {
	port := fixedSIPPort(t)
	tp := startPhone(t, kv("localport", port, "transport", "tcp"))
	addr := "127.0.0.1:" + port

	big := strings.Repeat("x", 64<<10+1)
	got, err := exchangeTCP(addr, func(local string) []byte {
		return messageRequest(local, addr, "TCP", "text/plain", big)
	})
	if err != nil || !strings.HasPrefix(got, "SIP/2.0 413 ") {
		t.Errorf("MESSAGE of %d bytes: %q (%v), want 413", len(big), firstLine(got), err)
	}
	got, err = exchangeTCP(addr, func(local string) []byte {
		return messageRequest(local, addr, "TCP", "application/x-unknown", "hello")
	})
	if err != nil || !strings.HasPrefix(got, "SIP/2.0 415 ") || !strings.Contains(strings.ToLower(got), "accept: text/plain") {
		t.Fatalf("MESSAGE with an unknown Content-Type: %q (%v), want 415 with Accept: text/plain", got, err)
	}
	got, err = exchangeTCP(addr, func(local string) []byte {
		return messageRequest(local, addr, "TCP", "text/plain;charset=UTF-8", "still here")
	})
	if err != nil || !strings.HasPrefix(got, "SIP/2.0 200 ") {
		t.Fatalf("good MESSAGE after bad ones: %q (%v), want 200", firstLine(got), err)
	}
	ev := tp.next("incoming chat", socialTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindChat && ev.Chat != nil && ev.Chat.Incoming
	})
	if ev.Chat.Text != "still here" {
		t.Fatalf("first chat event %q, want only the good message", ev.Chat.Text)
	}
}

// exchangeTCP sends one request built for the local address over a new TCP connection and
// returns the first final response's head.
func exchangeTCP(addr string, build func(local string) []byte) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.Write(build(conn.LocalAddr().String())); err != nil {
		return "", err
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	for {
		var head strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return head.String(), fmt.Errorf("reading the response from %s: %w", addr, err)
			}
			head.WriteString(line)
			if line == "\r\n" {
				break
			}
		}
		if !strings.HasPrefix(head.String(), "SIP/2.0 1") {
			return head.String(), nil
		}
	}
}
