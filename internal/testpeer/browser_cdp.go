package testpeer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// cdpConn is a minimal client of Chromium's DevTools protocol on one page target: commands
// with ids and their replies, and the page's console output copied to a log.
type cdpConn struct {
	conn net.Conn
	wmu  sync.Mutex
	mu   sync.Mutex
	next int
	wait map[int]chan cdpReply
	log  io.Writer
	done chan struct{}
	err  error // why the read loop ended, set before done closes
}

// cdpReply is one message from the browser: a reply (ID set) or an event (Method set).
type cdpReply struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Params json.RawMessage `json:"params"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// dialCDP connects to a target's webSocketDebuggerUrl with dial (a Host's DialContext).
func dialCDP(ctx context.Context, url string, dial func(ctx context.Context, network, addr string) (net.Conn, error), log io.Writer) (*cdpConn, error) {
	d := ws.Dialer{NetDial: dial}
	conn, _, _, err := d.Dial(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("DevTools WebSocket %s: %w", url, err)
	}
	c := &cdpConn{conn: conn, wait: map[int]chan cdpReply{}, log: log, done: make(chan struct{})}
	go c.readLoop()
	return c, nil
}

func (c *cdpConn) readLoop() {
	var err error
	for {
		var data []byte
		if data, err = wsutil.ReadServerText(c.conn); err != nil {
			break
		}
		var r cdpReply
		if json.Unmarshal(data, &r) != nil {
			continue
		}
		if r.Method != "" {
			c.event(r)
			continue
		}
		c.mu.Lock()
		ch := c.wait[r.ID]
		delete(c.wait, r.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
	c.err = err
	close(c.done)
}

// event copies console messages and uncaught exceptions of the page to the log.
func (c *cdpConn) event(r cdpReply) {
	switch r.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(r.Params, &p) == nil {
			fmt.Fprintf(c.log, "%s console.%s:", time.Now().Format("15:04:05.000"), p.Type)
			for _, a := range p.Args {
				if a.Value != nil {
					fmt.Fprintf(c.log, " %v", a.Value)
				} else {
					fmt.Fprintf(c.log, " %s", a.Description)
				}
			}
			fmt.Fprintln(c.log)
		}
	case "Runtime.exceptionThrown":
		fmt.Fprintf(c.log, "%s exception: %s\n", time.Now().Format("15:04:05.000"), r.Params)
	}
}

// call sends method with params and returns the reply's result.
func (c *cdpConn) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan cdpReply, 1)
	c.wait[id] = ch
	c.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return nil, err
	}
	c.wmu.Lock()
	err = wsutil.WriteClientText(c.conn, msg)
	c.wmu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("DevTools %s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return nil, fmt.Errorf("DevTools %s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		return r.Result, nil
	case <-c.done:
		return nil, fmt.Errorf("DevTools %s: connection closed: %v", method, c.err)
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.wait, id)
		c.mu.Unlock()
		return nil, fmt.Errorf("DevTools %s: %w", method, ctx.Err())
	}
}

// evaluate runs expr in the page (awaiting a promise it returns) and unmarshals its value
// into out (nil: value ignored). An exception in the page is the error.
func (c *cdpConn) evaluate(ctx context.Context, expr string, out any) error {
	res, err := c.call(ctx, "Runtime.evaluate", map[string]any{
		"expression": expr, "awaitPromise": true, "returnByValue": true,
	})
	if err != nil {
		return err
	}
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return fmt.Errorf("evaluate %s: %w", expr, err)
	}
	if e := r.ExceptionDetails; e != nil {
		msg := e.Exception.Description
		if msg == "" {
			msg = e.Text
		}
		return errors.New(msg)
	}
	if out == nil || len(r.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(r.Result.Value, out)
}

func (c *cdpConn) close() { _ = c.conn.Close() }
