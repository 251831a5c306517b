package phone

import (
	"bytes"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gobwas/ws"
)

const traceBody = "v=0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32\r\n"

var traceInvite = "INVITE sip:1001@pbx.example.com SIP/2.0\r\n" +
	"Via: SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bK1\r\n" +
	"Proxy-Authorization: Digest username=\"1000\", realm=\"pbx\", nonce=\"abc\", uri=\"sip:1001@pbx.example.com\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5\r\n" +
	"Content-Type: application/sdp\r\n" +
	"Content-Length: " + strconv.Itoa(len(traceBody)) + "\r\n\r\n" + traceBody

// TestMaskSIP checks that digest responses and SDES keys are masked and nothing else changes.
func TestMaskSIP(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"proxy authorization", traceInvite[:strings.Index(traceInvite, "Content-Type")],
			strings.Replace(traceInvite[:strings.Index(traceInvite, "Content-Type")], `response="0123456789abcdef0123456789abcdef"`, `response="***"`, 1)},
		{"authorization, unquoted, lower case", "authorization: Digest username=a,response=deadbeef,nonce=x\r\n",
			"authorization: Digest username=a,response=\"***\",nonce=x\r\n"},
		{"crypto with lifetime and MKI", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:S3cr3tKeyMaterial0123456789abcdefABCDEFGH|2^20|1:32\r\n",
			"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:***|2^20|1:32\r\n"},
		{"crypto with two keys", "a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:AAAA;inline:BBBB\r\n",
			"a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:***;inline:***\r\n"},
		{"no secrets", "OPTIONS sip:a@b SIP/2.0\r\nSubject: response=keep inline:keep\r\n\r\n",
			"OPTIONS sip:a@b SIP/2.0\r\nSubject: response=keep inline:keep\r\n\r\n"},
	}
	for _, tt := range tests {
		if got := string(maskSIP([]byte(tt.in))); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// secretRE finds what maskSIP must never leave: a digest response or an inline key that is
// not ***.
var (
	leftResponseRE = regexp.MustCompile(`(?im)^(?:proxy-)?authorization[ \t]*:.*\bresponse[ \t]*=[ \t]*("[^*"]|[^"*,\s])`)
	leftKeyRE      = regexp.MustCompile(`(?im)^a[ \t]*=[ \t]*crypto[ \t]*:.*inline[ \t]*:[^*|;\s]`)
)

// FuzzMaskSIP: for any message, the masked one holds no digest response and no inline key,
// and masking again changes nothing.
func FuzzMaskSIP(f *testing.F) {
	f.Add([]byte(traceInvite))
	f.Add([]byte("Authorization: Digest response=\"x\"\r\na=crypto:1 X inline:k|1\r\n"))
	f.Add([]byte("a=crypto:\r\nAuthorization:response="))
	f.Fuzz(func(t *testing.T, msg []byte) {
		m := maskSIP(msg)
		if leftResponseRE.Match(m) {
			t.Fatalf("digest response left in %q", m)
		}
		if leftKeyRE.Match(m) {
			t.Fatalf("inline key left in %q", m)
		}
		if again := maskSIP(m); !bytes.Equal(again, m) {
			t.Fatalf("masking twice changed %q to %q", m, again)
		}
	})
}

// TestSIPFramer cuts a stream into messages however the reads split it, skipping CRLF
// keep-alives.
func TestSIPFramer(t *testing.T) {
	ok := "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n"
	stream := "\r\n\r\n" + traceInvite + "\r\n\r\n" + ok
	for step := 1; step <= len(stream); step += 7 {
		var f sipFramer
		var got []string
		for i := 0; i < len(stream); i += step {
			for _, m := range f.feed([]byte(stream[i:min(i+step, len(stream))])) {
				got = append(got, string(m))
			}
		}
		if len(got) != 2 || got[0] != traceInvite || got[1] != ok {
			t.Fatalf("reads of %d bytes: got %q", step, got)
		}
	}
}

// TestSIPTracer: at loglevel 5 a message is logged, and with siptrace written to the file,
// masked in both; below 5 without a file nothing is made.
func TestSIPTracer(t *testing.T) {
	if tr, err := newSIPTracer(slog.New(slog.DiscardHandler), 4, ""); tr != nil || err != nil {
		t.Fatalf("loglevel 4, no file: tracer %v, err %v; want none", tr, err)
	}
	var logged bytes.Buffer
	path := filepath.Join(t.TempDir(), "trace.txt")
	tr, err := newSIPTracer(slog.New(slog.NewTextHandler(&logged, nil)), 5, path)
	if err != nil {
		t.Fatal(err)
	}
	local := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 2), Port: 5061}
	remote := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: 5061}
	tr.record(true, "TLS", local, remote, []byte(traceInvite))
	tr.record(false, "TLS", local, remote, []byte("\r\n\r\n")) // keep-alive: not traced
	tr.close()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"log": logged.String(), "file": string(file)} {
		if !strings.Contains(out, "INVITE sip:1001@pbx.example.com") || !strings.Contains(out, `response=\"***\"`) &&
			!strings.Contains(out, `response="***"`) || !strings.Contains(out, "inline:***") {
			t.Errorf("%s does not hold the masked INVITE:\n%s", name, out)
		}
		if strings.Contains(out, "0123456789abcdef") || strings.Contains(out, "WVNfX19z") {
			t.Errorf("%s holds a secret:\n%s", name, out)
		}
	}
	if !strings.Contains(string(file), "sent TLS 10.0.0.2:5061 -> 10.0.0.1:5061") || strings.Count(string(file), " bytes)") != 1 {
		t.Errorf("trace file:\n%s", file)
	}
	if _, err := newSIPTracer(nil, 1, filepath.Join(t.TempDir(), "missing", "trace.txt")); err == nil ||
		!strings.Contains(err.Error(), "parameter siptrace=") {
		t.Errorf("unwritable siptrace: err %v, want one naming the parameter", err)
	}
}

// BenchmarkMaskSIP measures masking an INVITE with credentials and a key, and a response
// with neither (the cost per traced message).
func BenchmarkMaskSIP(b *testing.B) {
	for name, msg := range map[string]string{"invite": traceInvite, "plain": "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"} {
		b.Run(name, func(b *testing.B) {
			m := []byte(msg)
			for b.Loop() {
				maskSIP(m)
			}
		})
	}
}

// TestWSDeframer feeds a client's side of a WebSocket connection (the upgrade, then the
// INVITE masked and in two fragments, a ping and a CRLF keep-alive in between) in small
// pieces: the deframer gives back the INVITE whole and the keep-alive, nothing else.
func TestWSDeframer(t *testing.T) {
	var stream bytes.Buffer
	stream.WriteString("GET / HTTP/1.1\r\nHost: pbx\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: sip\r\n\r\n")
	half := len(traceInvite) / 2
	for _, f := range []ws.Frame{
		ws.NewFrame(ws.OpText, false, []byte(traceInvite[:half])),
		ws.NewPingFrame([]byte("p")),
		ws.NewFrame(ws.OpContinuation, true, []byte(traceInvite[half:])),
		ws.NewTextFrame([]byte("\r\n\r\n")),
	} {
		if err := ws.WriteFrame(&stream, ws.MaskFrame(f)); err != nil {
			t.Fatal(err)
		}
	}
	var d wsDeframer
	var got []string
	data := stream.Bytes()
	for len(data) > 0 {
		n := min(7, len(data))
		for _, m := range d.feed(data[:n]) {
			got = append(got, string(m))
		}
		data = data[n:]
	}
	if len(got) != 2 || got[0] != traceInvite || got[1] != "\r\n\r\n" {
		t.Fatalf("messages %q, want the INVITE and the keep-alive", got)
	}
}
