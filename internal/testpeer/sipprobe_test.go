package testpeer

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestParseStatusLine(t *testing.T) {
	tests := []struct {
		in         string
		wantCode   int
		wantReason string
		wantErr    error
	}{
		{"SIP/2.0 200 OK\r\nVia: x\r\n", 200, "OK", nil},
		{"SIP/2.0 404 Not Found\r\n", 404, "Not Found", nil},
		{"SIP/2.0 100\r\n", 100, "", nil},
		{"SIP/2.0 99 Low\r\n", 0, "", ErrNotSIPResponse},
		{"SIP/2.0 700 High\r\n", 0, "", ErrNotSIPResponse},
		{"SIP/2.0 2000 Long\r\n", 0, "", ErrNotSIPResponse},
		{"OPTIONS sip:a SIP/2.0\r\n", 0, "", ErrNotSIPResponse},
		{"", 0, "", ErrNotSIPResponse},
	}
	for _, tc := range tests {
		code, reason, err := ParseStatusLine([]byte(tc.in))
		if !errors.Is(err, tc.wantErr) || code != tc.wantCode || reason != tc.wantReason {
			t.Errorf("ParseStatusLine(%q) = %d %q %v, want %d %q %v", tc.in, code, reason, err, tc.wantCode, tc.wantReason, tc.wantErr)
		}
	}
}

func FuzzParseStatusLine(f *testing.F) {
	f.Add([]byte("SIP/2.0 200 OK\r\n"))
	f.Add([]byte("SIP/2.0 abc\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		code, _, err := ParseStatusLine(data)
		if err == nil && (code < 100 || code > 699) {
			t.Fatalf("accepted code %d", code)
		}
	})
}

// TestPingSIP answers OPTIONS from a fake UDP far end.
func TestPingSIP(t *testing.T) {
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		n, from, err := conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		got <- string(buf[:n])
		_, _ = conn.WriteToUDP([]byte("SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n"), from)
	}()
	code, err := PingSIP(conn.LocalAddr().String(), 2*time.Second)
	if err != nil || code != 486 {
		t.Fatalf("PingSIP = %d, %v; want 486", code, err)
	}
	req := <-got
	for _, h := range []string{"OPTIONS sip:" + conn.LocalAddr().String() + " SIP/2.0\r\n", "\r\nCSeq: 1 OPTIONS\r\n", "\r\nCall-ID: ", ";branch=z9hG4bK"} {
		if !strings.Contains(req, h) {
			t.Errorf("request lacks %q:\n%s", h, req)
		}
	}
}

func TestPingSIPNoAnswer(t *testing.T) {
	port := FreePort(t, "udp")
	if _, err := PingSIP(net.JoinHostPort("127.0.0.1", itoa(port)), 300*time.Millisecond); err == nil {
		t.Fatal("PingSIP to a closed port: want an error")
	}
}
