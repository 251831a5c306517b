package phone_test

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// fixedSIPPort picks a free port for the phone's SIP listener (the localport parameter), so
// tests can send it raw datagrams.
func fixedSIPPort(t *testing.T) string {
	return fmt.Sprint(testpeer.FreePort(t, "udp"))
}

// exchange sends one datagram to addr and returns the first reply (or "" after timeout).
func exchange(t *testing.T, addr string, msg []byte, timeout time.Duration) string {
	t.Helper()
	conn, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write(msg); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(timeout))
	buf := make([]byte, 65535)
	n, err := conn.Read(buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

// options builds a well-formed OPTIONS to addr from a local UDP socket address.
func optionsRequest(local, addr string) []byte {
	return []byte(strings.ReplaceAll(fmt.Sprintf("OPTIONS sip:%s SIP/2.0\r\n"+
		"Via: SIP/2.0/UDP %s;branch=z9hG4bK%d;rport\r\nMax-Forwards: 70\r\n"+
		"From: <sip:probe@%s>;tag=p1\r\nTo: <sip:%s>\r\nCall-ID: probe-%d\r\nCSeq: 1 OPTIONS\r\n"+
		"Content-Length: 0\r\n\r\n", addr, local, time.Now().UnixNano(), local, addr, time.Now().UnixNano()), "\n\n", "\n"))
}

// probe sends OPTIONS from a fresh socket bound on localIP and returns the status line.
func probe(t *testing.T, localIP, addr string) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", localIP+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	raddr, _ := net.ResolveUDPAddr("udp", addr)
	conn.WriteTo(optionsRequest(conn.LocalAddr().String(), addr), raddr)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 65535)
	n, _, err := conn.ReadFrom(buf)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(buf[:n]), "\r\n")
	return line
}

func TestIntegrationTortureMessages(t *testing.T) {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/emiago/sipgo").Output()
	if err != nil {
		t.Fatalf("locate sipgo's RFC 4475 torture messages: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "sip", "testdata", "torture", "*", "*.dat"))
	if len(files) < 20 {
		t.Fatalf("found only %d torture messages", len(files))
	}
	port := fixedSIPPort(t)
	tp := startPhone(t, kv("localport", port))
	addr := "127.0.0.1:" + port
	for _, f := range files {
		msg, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		exchange(t, addr, msg, 200*time.Millisecond)
	}
	if got := probe(t, "127.0.0.1", addr); got != "SIP/2.0 200 OK" {
		t.Fatalf("after %d torture messages OPTIONS got %q", len(files), got)
	}
	// Valid torture INVITEs may ring: every line must still be controllable.
	for _, l := range tp.p.Status().Lines {
		if err := tp.p.Hangup(l.Line); err != nil {
			t.Errorf("hang up line %d: %v", l.Line, err)
		}
	}
	t.Logf("sent %d RFC 4475 torture messages; the phone still answers", len(files))
}

func TestIntegrationMalformedSDPGets400(t *testing.T) {
	port := fixedSIPPort(t)
	tp := startPhone(t, kv("localport", port))
	addr := "127.0.0.1:" + port
	for _, tc := range []struct {
		name, ctype, body, want string
	}{
		{"garbage sdp", "application/sdp", "this is not SDP at all\r\n", "SIP/2.0 400"},
		{"no audio", "application/sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n", "SIP/2.0 488"},
		{"no common codec", "application/sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\n", "SIP/2.0 488"},
		{"wrong content type", "text/plain", "hello", "SIP/2.0 415"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			fmt.Fprintf(&b, "INVITE sip:1000@%s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-%d\r\n", addr, time.Now().UnixNano())
			fmt.Fprintf(&b, "Max-Forwards: 70\r\nFrom: <sip:bad@127.0.0.1>;tag=1\r\nTo: <sip:1000@%s>\r\nCall-ID: bad-%d\r\n", addr, time.Now().UnixNano())
			fmt.Fprintf(&b, "CSeq: 1 INVITE\r\nContact: <sip:bad@127.0.0.1:9>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", tc.ctype, len(tc.body), tc.body)
			got := exchangeFinal(t, addr, b.Bytes())
			if !strings.HasPrefix(got, tc.want) {
				t.Fatalf("reply %q, want %s", firstLine(got), tc.want)
			}
		})
	}
	if n := len(tp.p.Status().Lines); n != 0 {
		t.Fatalf("%d lines in use after refused INVITEs", n)
	}
}

// exchangeFinal sends a request and returns the first final (non-1xx) reply.
func exchangeFinal(t *testing.T, addr string, msg []byte) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:9") // the Via names port 9
	if err != nil {
		conn, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
	}
	defer conn.Close()
	raddr, _ := net.ResolveUDPAddr("udp", addr)
	conn.WriteTo(msg, raddr)
	deadline := time.Now().Add(5 * time.Second)
	buf := make([]byte, 65535)
	for time.Now().Before(deadline) {
		conn.SetReadDeadline(deadline)
		n, _, err := conn.ReadFrom(buf)
		if err != nil {
			break
		}
		if s := string(buf[:n]); !strings.HasPrefix(s, "SIP/2.0 1") {
			return s
		}
	}
	return ""
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\r\n"); return l }

func TestIntegrationInboundScreening(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	port := fixedSIPPort(t)
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000", "localport", port))
	tp.waitReg(control.RegRegistered, regTimeout)
	addr := "127.0.0.1:" + port
	if got := probe(t, "127.0.0.2", addr); !strings.HasPrefix(got, "SIP/2.0 403") {
		t.Fatalf("OPTIONS from a stranger while registered: %q, want 403", got)
	}
	// Over UDP the registrar is its address and port: its host from another port is a stranger.
	if got := probe(t, "127.0.0.1", addr); !strings.HasPrefix(got, "SIP/2.0 403") {
		t.Fatalf("OPTIONS from the registrar's host but another port: %q, want 403", got)
	}
	if err := tp.p.SetParameter("allowedsources", "127.0.0.2"); err != nil {
		t.Fatal(err)
	}
	if got := probe(t, "127.0.0.2", addr); got != "SIP/2.0 200 OK" {
		t.Fatalf("OPTIONS from an address in allowedsources: %q, want 200", got)
	}
	if got := probe(t, "127.0.0.3", addr); !strings.HasPrefix(got, "SIP/2.0 403") {
		t.Fatalf("OPTIONS from outside allowedsources: %q, want 403", got)
	}
	if err := tp.p.SetParameter("allowdirectcalls", "1"); err != nil {
		t.Fatal(err)
	}
	if got := probe(t, "127.0.0.2", addr); got != "SIP/2.0 200 OK" {
		t.Fatalf("OPTIONS from a stranger with allowdirectcalls=1: %q, want 200", got)
	}
}
