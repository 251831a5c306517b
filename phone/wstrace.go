package phone

import (
	"bytes"
	"context"
	"net"
	"sync"

	"github.com/emiago/sipgo/sip"
	"github.com/gobwas/ws"
)

// The SIP trace over WebSocket (ws, wss). sipgo v1.7.2 offers two seams, not one:
//   - its ws transport dials through an exported DialerCreate, whose ws.Dialer takes a
//     NetDial: the phone dials the TCP connection there and wraps it (wsTraceConn), so
//     both directions are traced, from the WebSocket frames decoded to whole SIP messages;
//   - its wss transport dials TCP with a net.Dialer of its own and wraps TLS around it with
//     an unexported dialer, so no connection of it can be wrapped: what the phone sends over
//     wss reaches no hook. What it receives passes the transport layer's read filter
//     (decoded from the frames already), so the trace holds received messages over wss.

// wsDialer is the ws.Dialer sipgo's ws transport dials with when the trace is on: sipgo's
// own (subprotocol "sip", laddr when one is bound) with every connection traced.
func (t *sipTracer) wsDialer(laddr net.Addr) ws.Dialer {
	d := &net.Dialer{}
	if laddr != nil {
		d.LocalAddr = laddr
	}
	return ws.Dialer{
		Protocols: sip.WebSocketProtocols,
		NetDial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &wsTraceConn{Conn: c, tr: t}, nil
		},
	}
}

// readFilter traces the SIP messages sipgo received over wss (its only seam there); the
// other transports are traced at their connections, so they pass untraced here.
func (t *sipTracer) readFilter(props sip.TransportReadProps, data []byte) ([]byte, error) {
	if props.Transport == "WSS" {
		t.record(false, "WSS", props.LocalAddr, props.RemoteAddr, data)
	}
	return data, nil
}

// wsTraceConn traces the SIP messages in the WebSocket frames crossing a client connection
// (transport ws): the HTTP upgrade each way is skipped, then every data message is one SIP
// message (RFC 7118 section 5.3).
type wsTraceConn struct {
	net.Conn
	tr    *sipTracer
	inMu  sync.Mutex
	in    wsDeframer
	outMu sync.Mutex
	out   wsDeframer
}

// Read reads from the connection, tracing each complete message received.
func (c *wsTraceConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.inMu.Lock()
		for _, m := range c.in.feed(b[:n]) {
			c.tr.record(false, "WS", c.LocalAddr(), c.RemoteAddr(), m)
		}
		c.inMu.Unlock()
	}
	return n, err
}

// Write writes to the connection, tracing each complete message sent.
func (c *wsTraceConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		c.outMu.Lock()
		for _, m := range c.out.feed(b[:n]) {
			c.tr.record(true, "WS", c.LocalAddr(), c.RemoteAddr(), m)
		}
		c.outMu.Unlock()
	}
	return n, err
}

// wsDeframer cuts one direction of a WebSocket connection into its data messages: the HTTP
// upgrade head first (skipped), then frames, unmasked, fragments joined, control frames
// dropped.
type wsDeframer struct {
	upgraded bool   // the HTTP upgrade head has passed
	buf      []byte // bytes not yet a whole head or frame
	msg      []byte // the fragments of a data message so far
}

// feed adds data and returns the data messages it completed.
func (d *wsDeframer) feed(data []byte) [][]byte {
	d.buf = append(d.buf, data...)
	if !d.upgraded {
		end := bytes.Index(d.buf, []byte("\r\n\r\n"))
		if end < 0 {
			d.bound()
			return nil
		}
		d.buf, d.upgraded = d.buf[end+4:], true
	}
	var msgs [][]byte
	for len(d.buf) > 0 {
		h, err := ws.ReadHeader(bytes.NewReader(d.buf))
		if err != nil {
			break // a partial header; a malformed one grows the buffer until bound drops it
		}
		size := ws.HeaderSize(h)
		if h.Length > int64(maxTraceMessage) {
			d.buf, d.msg = nil, nil // not SIP: drop it from the trace
			break
		}
		if len(d.buf) < size+int(h.Length) {
			break
		}
		payload := append([]byte(nil), d.buf[size:size+int(h.Length)]...)
		d.buf = d.buf[size+int(h.Length):]
		if h.Masked {
			ws.Cipher(payload, h.Mask, 0)
		}
		if h.OpCode.IsControl() {
			continue
		}
		d.msg = append(d.msg, payload...)
		if h.Fin {
			msgs = append(msgs, d.msg)
			d.msg = nil
		}
	}
	d.bound()
	return msgs
}

// bound drops what a deframer holds once it exceeds maxTraceMessage (a stream that is not
// WebSocket), and lets an emptied buffer go.
func (d *wsDeframer) bound() {
	if len(d.buf)+len(d.msg) > maxTraceMessage {
		d.buf, d.msg = nil, nil
	}
	if len(d.buf) == 0 {
		d.buf = nil
	}
}
