package phone

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Watching the TCP connection to the registrar. sipgo has no connection-close callback (its
// transport's onConnClose is unexported and taken by the transaction layer), so the phone
// dials the connection to its registrar itself and hands it to sipgo through the listener
// sipgo serves: tcpMux.Accept returns both the real listener's connections and the injected
// ones. sipgo then keeps the injected connection in its pool under the registrar's address
// (requests to that address reuse it) and reads it; every read passes through flow.Read, so
// the phone learns at once when the connection ends (EOF, reset, or closed by sipgo after a
// framing error). This is RFC 5626's "flow": one connection, watched, with CRLF keep-alives.

// tcpMux is a net.Listener that merges accepted connections with injected ones.
type tcpMux struct {
	net.Listener
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
	trace func(net.Conn) net.Conn // wraps every connection handed to sipgo (the SIP trace)
}

// newTCPMux serves ln's connections, each passed through accept first when it is not nil
// (the TLS server side), and through trace (accepted and injected ones).
func newTCPMux(ln net.Listener, accept, trace func(net.Conn) net.Conn) *tcpMux {
	if trace == nil {
		trace = func(c net.Conn) net.Conn { return c }
	}
	m := &tcpMux{Listener: ln, conns: make(chan net.Conn), done: make(chan struct{}), trace: trace}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				m.Close()
				return
			}
			if accept != nil {
				c = accept(c)
			}
			c = trace(c)
			select {
			case m.conns <- c:
			case <-m.done:
				c.Close()
				return
			}
		}
	}()
	return m
}

// Accept returns the next accepted or injected connection.
func (m *tcpMux) Accept() (net.Conn, error) {
	select {
	case c := <-m.conns:
		return c, nil
	case <-m.done:
		return nil, net.ErrClosed
	}
}

// Close stops the listener.
func (m *tcpMux) Close() error {
	m.once.Do(func() { close(m.done) })
	return m.Listener.Close()
}

// inject hands c to sipgo as if it had been accepted.
func (m *tcpMux) inject(ctx context.Context, c net.Conn) error {
	select {
	case m.conns <- m.trace(c):
		return nil
	case <-m.done:
		return net.ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flow is a connection to the registrar that reports its end.
type flow struct {
	net.Conn
	reading  chan struct{} // closed at sipgo's first read: the connection is in its pool
	lost     chan struct{} // closed when the connection ended
	readOnce sync.Once
	lostOnce sync.Once
	err      atomic.Value  // error: why it ended
	pongs    chan struct{} // a CRLF pong arrived (RFC 5626 section 4.4.1)
	sawPong  atomic.Bool   // the server answers pings
}

func newFlow(c net.Conn) *flow {
	return &flow{Conn: c, reading: make(chan struct{}), lost: make(chan struct{}), pongs: make(chan struct{}, 1)}
}

// Read passes sipgo's reads through, noting pongs and the connection's end.
func (f *flow) Read(b []byte) (int, error) {
	f.readOnce.Do(func() { close(f.reading) })
	n, err := f.Conn.Read(b)
	if n == 2 && b[0] == '\r' && b[1] == '\n' {
		f.sawPong.Store(true)
		select {
		case f.pongs <- struct{}{}:
		default:
		}
	}
	if err != nil {
		f.end(err)
	}
	return n, err
}

// Close closes the connection.
func (f *flow) Close() error {
	f.end(net.ErrClosed)
	return f.Conn.Close()
}

func (f *flow) end(err error) {
	f.lostOnce.Do(func() {
		f.err.Store(err)
		close(f.lost)
	})
}

// cause says why the flow ended.
func (f *flow) cause() string {
	err, _ := f.err.Load().(error)
	switch {
	case err == nil:
		return "closed"
	case errors.Is(err, net.ErrClosed):
		return "closed by the phone"
	case err.Error() == "EOF":
		return "closed by the server"
	}
	return err.Error()
}

// ping sends an RFC 5626 double-CRLF keep-alive (one Write, so it never splits a message).
func (f *flow) ping() error {
	_, err := f.Conn.Write([]byte("\r\n\r\n"))
	return err
}

// flowDialTimeout bounds a TCP connect to the registrar: it is also the cheap probe that
// tells whether a lost registrar is back.
const flowDialTimeout = 5 * time.Second

// dialFlow connects to addr (IP:port) and hands the connection to sipgo, returning once
// sipgo reads it (so requests to addr reuse it). Over TLS it first completes the handshake
// (within tlsHandshakeTimeout), checking the certificate against name (the server's host as
// configured); server is how events name the server. Nothing is sent before the handshake
// succeeds, so a refused certificate never sees a request.
func (s *sipStack) dialFlow(ctx context.Context, addr, name, server string) (*flow, error) {
	if s.tcpMux == nil {
		return nil, fmt.Errorf("not a TCP or TLS stack")
	}
	d := net.Dialer{Timeout: flowDialTimeout}
	if s.bindIP != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(s.bindIP)}
	}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if s.transport == "tls" {
		tc, err := handshakeTLS(ctx, c, s.tlsConf, name, server)
		if err != nil {
			c.Close()
			return nil, err
		}
		c = tc
	}
	f := newFlow(c)
	if err := s.tcpMux.inject(ctx, f); err != nil {
		c.Close()
		return nil, err
	}
	select {
	case <-f.reading:
		return f, nil
	case <-time.After(2 * time.Second):
		c.Close()
		return nil, fmt.Errorf("SIP stack did not take the connection to %s", addr)
	case <-ctx.Done():
		c.Close()
		return nil, ctx.Err()
	}
}

// errHandshakeStalled marks a TLS server that accepted the connection but did not finish
// the handshake in time.
var errHandshakeStalled = errors.New("TLS handshake did not finish")

// handshakeTLS runs the client side of a TLS handshake on c within tlsHandshakeTimeout,
// checking the server's certificate against name. A refused certificate comes back as a
// *certRefusedError.
func handshakeTLS(ctx context.Context, c net.Conn, conf *tls.Config, name, server string) (*tls.Conn, error) {
	conf = conf.Clone()
	conf.ServerName = name
	tc := tls.Client(c, conf)
	hctx, cancel := context.WithTimeout(ctx, tlsHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		if hctx.Err() != nil && ctx.Err() == nil {
			return nil, fmt.Errorf("%w with %s within %v (the server accepted the connection, then stalled)",
				errHandshakeStalled, server, tlsHandshakeTimeout)
		}
		return nil, explainTLSError(server, name, err)
	}
	return tc, nil
}
