package phone

import (
	"context"
	"io"
	"net"
	"time"

	"github.com/emiago/sipgo/sip"
)

// Watching the WebSocket connection to the registrar. sipgo dials it (wsconf.go) and, like
// its TCP transport, reports no connection's end; it drops a connection that ended from its
// pool. So the registrar takes the connection sipgo holds to the server after a REGISTER
// succeeded as its flow (tcpflow.go): keep-alives are written on it (a double CRLF, in a
// WebSocket text frame), closing the flow closes the connection, and the flow ends when the
// connection is no longer in sipgo's pool, found within wsWatchInterval. The registrar then
// registers again at once, over a new connection, as it does when a TCP or TLS flow ends.

// wsWatchInterval is how often the registrar looks whether sipgo still holds the WebSocket
// connection to its server.
const wsWatchInterval = time.Second

// watchWS returns the WebSocket connection sipgo holds to addr as a flow that ends when the
// connection does, or nil when sipgo holds none. The watch stops with ctx or the flow.
func (s *sipStack) watchWS(ctx context.Context, clk clock, addr string) *flow {
	pool := s.ua.TransportLayer().Pool(s.transport)
	if pool == nil {
		return nil
	}
	peek := func() sip.Connection {
		c := pool.Get(addr)
		if c != nil {
			c.Ref(-1) // Get took a reference; a look takes none
		}
		return c
	}
	c := peek()
	nc, ok := c.(net.Conn) // sipgo's *sip.WSConnection: its Write sends one text frame
	if !ok {
		return nil
	}
	f := newFlow(nc)
	go func() {
		for {
			select {
			case <-clk.After(wsWatchInterval):
			case <-f.lost:
				return
			case <-ctx.Done():
				return
			}
			if peek() != c {
				f.end(io.EOF)
				return
			}
		}
	}()
	return f
}
