package phone

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// The SIP trace: with loglevel=5 every SIP message the phone sends or receives is logged, and
// with siptrace=PATH it is appended to that file too (what a support desk asks a user for).
// Digest responses (Authorization, Proxy-Authorization) and SDES keys (a=crypto inline:) are
// masked first. Messages are seen at the sockets the phone owns: the UDP listener, the
// TCP/TLS listener's connections, the connection to the registrar and sipgo's ws connections
// (wstrace.go; over wss only what is received); a TCP or TLS connection sipgo dials by itself
// (a direct call to another host) is not traced.

// sipTracer records SIP messages; a nil *sipTracer records nothing.
type sipTracer struct {
	log  *slog.Logger // nil: not logged
	mu   sync.Mutex
	file io.WriteCloser // nil: no file
	path string
}

// newSIPTracer makes the tracer the parameters ask for, nil when none is asked for.
func newSIPTracer(logger *slog.Logger, loglevel int, path string) (*sipTracer, error) {
	t := &sipTracer{path: path}
	if loglevel >= 5 {
		t.log = logger
	}
	if path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("parameter siptrace=%q: %w", path, unwrapPath(err))
		}
		t.file = f
	}
	if t.log == nil && t.file == nil {
		return nil, nil
	}
	return t, nil
}

// record traces one message sent (out) or received over transport between local and remote.
func (t *sipTracer) record(out bool, transport string, local, remote net.Addr, msg []byte) {
	if t == nil || len(bytes.TrimSpace(msg)) == 0 {
		return
	}
	masked := maskSIP(msg)
	dir, arrow := "received", "<-"
	if out {
		dir, arrow = "sent", "->"
	}
	if t.log != nil {
		t.log.Info("SIP "+dir, "transport", transport, "local", addrString(local), "remote", addrString(remote),
			"message", string(masked))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.file == nil {
		return
	}
	fmt.Fprintf(t.file, "%s %s %s %s %s %s (%d bytes)\n%s\n\n", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		dir, transport, addrString(local), arrow, addrString(remote), len(msg), bytes.TrimRight(masked, "\r\n"))
}

// close closes the trace file.
func (t *sipTracer) close() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.file != nil {
		t.file.Close()
		t.file = nil
	}
}

func addrString(a net.Addr) string {
	if a == nil {
		return "?"
	}
	return a.String()
}

var (
	// authHeaderRE finds the Authorization and Proxy-Authorization header lines.
	authHeaderRE = regexp.MustCompile(`(?im)^(?:proxy-)?authorization[ \t]*:.*$`)
	// digestResponseRE finds the response parameter of a digest credential.
	digestResponseRE = regexp.MustCompile(`(?i)(\bresponse[ \t]*=[ \t]*)("[^"\r\n]*"?|[^,\s]*)`)
	// cryptoLineRE finds SDES crypto attribute lines (RFC 4568) in any body.
	cryptoLineRE = regexp.MustCompile(`(?im)^a[ \t]*=[ \t]*crypto[ \t]*:.*$`)
	// inlineKeyRE finds the key material of an inline: key parameter, up to its lifetime/MKI.
	inlineKeyRE = regexp.MustCompile(`(?i)(inline[ \t]*:)([^|;\s]*)`)
)

// maskSIP returns msg with digest responses and SDES keys replaced by ***.
func maskSIP(msg []byte) []byte {
	// Most messages hold neither: look for the words before running the expressions.
	lower := bytes.ToLower(msg)
	if bytes.Contains(lower, []byte("authorization")) {
		msg = authHeaderRE.ReplaceAllFunc(msg, func(line []byte) []byte {
			return digestResponseRE.ReplaceAll(line, []byte(`${1}"***"`))
		})
	}
	if bytes.Contains(lower, []byte("crypto")) {
		msg = cryptoLineRE.ReplaceAllFunc(msg, func(line []byte) []byte {
			return inlineKeyRE.ReplaceAll(line, []byte(`${1}***`))
		})
	}
	return msg
}

// traceConn traces the SIP messages crossing a stream (TCP, TLS) connection.
type traceConn struct {
	net.Conn
	tr        *sipTracer
	transport string
	in, out   sipFramer
	inMu      sync.Mutex
	outMu     sync.Mutex
}

// traced wraps c so its messages are traced; c itself when t is nil.
func (t *sipTracer) traced(c net.Conn, transport string) net.Conn {
	if t == nil {
		return c
	}
	return &traceConn{Conn: c, tr: t, transport: transport}
}

// Read reads from the connection, tracing each complete message received.
func (c *traceConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.inMu.Lock()
		for _, m := range c.in.feed(b[:n]) {
			c.tr.record(false, c.transport, c.LocalAddr(), c.RemoteAddr(), m)
		}
		c.inMu.Unlock()
	}
	return n, err
}

// Write writes to the connection, tracing each complete message sent.
func (c *traceConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		c.outMu.Lock()
		for _, m := range c.out.feed(b[:n]) {
			c.tr.record(true, c.transport, c.LocalAddr(), c.RemoteAddr(), m)
		}
		c.outMu.Unlock()
	}
	return n, err
}

// sipFramer cuts a SIP byte stream into messages (headers up to the blank line, then
// Content-Length bytes of body), skipping CRLF keep-alives.
type sipFramer struct {
	buf []byte
}

// maxTraceMessage bounds what a framer buffers: a stream that never completes a message
// (not SIP) is dropped from the trace rather than held.
const maxTraceMessage = 1 << 20

// feed adds data and returns the messages it completed.
func (f *sipFramer) feed(data []byte) [][]byte {
	f.buf = append(f.buf, data...)
	var msgs [][]byte
	for {
		f.buf = bytes.TrimLeft(f.buf, "\r\n")
		end := bytes.Index(f.buf, []byte("\r\n\r\n"))
		if end < 0 {
			break
		}
		total := end + 4 + contentLength(f.buf[:end])
		if len(f.buf) < total {
			break
		}
		msgs = append(msgs, append([]byte(nil), f.buf[:total]...))
		f.buf = f.buf[total:]
	}
	if len(f.buf) > maxTraceMessage {
		f.buf = nil
	}
	if len(f.buf) == 0 {
		f.buf = nil // let a large buffer go
	}
	return msgs
}

// contentLengthRE finds the Content-Length header (or its compact form l).
var contentLengthRE = regexp.MustCompile(`(?im)^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$`)

// contentLength reads the Content-Length of a message head, 0 when absent or absurd.
func contentLength(head []byte) int {
	m := contentLengthRE.FindSubmatch(head)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil || n < 0 || n > maxTraceMessage {
		return 0
	}
	return n
}

// tracePacketConn traces the SIP datagrams of a UDP socket (one message each; CRLF
// keep-alives are skipped).
type tracePacketConn struct {
	net.PacketConn
	tr *sipTracer
}

// tracedPacket wraps pc so its datagrams are traced; pc itself when t is nil.
func (t *sipTracer) tracedPacket(pc net.PacketConn) net.PacketConn {
	if t == nil {
		return pc
	}
	return &tracePacketConn{PacketConn: pc, tr: t}
}

// ReadFrom reads a datagram, tracing it.
func (c *tracePacketConn) ReadFrom(b []byte) (int, net.Addr, error) {
	n, addr, err := c.PacketConn.ReadFrom(b)
	if n > 0 {
		c.tr.record(false, "UDP", c.LocalAddr(), addr, b[:n])
	}
	return n, addr, err
}

// WriteTo sends a datagram, tracing it.
func (c *tracePacketConn) WriteTo(b []byte, addr net.Addr) (int, error) {
	n, err := c.PacketConn.WriteTo(b, addr)
	if n > 0 {
		c.tr.record(true, "UDP", c.LocalAddr(), addr, b[:n])
	}
	return n, err
}
