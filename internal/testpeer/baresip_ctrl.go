package testpeer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
)

// ErrCommandFailed reports a ctrl_tcp command that baresip answered with
// "ok": false.
var ErrCommandFailed = errors.New("testpeer: baresip command failed")

// ErrCtrlClosed reports that the ctrl_tcp connection is gone.
var ErrCtrlClosed = errors.New("testpeer: baresip ctrl_tcp connection closed")

// BaresipEvent is one event baresip sent over ctrl_tcp.
type BaresipEvent struct {
	// Type is the event type, e.g. "CALL_ESTABLISHED" or "REGISTER_OK".
	Type string
	// Class is the event class, e.g. "call" or "register".
	Class string
	// Param is the event parameter (for CALL_CLOSED the reason).
	Param string
	// PeerURI is the far end of a call event.
	PeerURI string
	// ID is baresip's call id of a call event.
	ID string
	// Raw is the whole decoded JSON object.
	Raw map[string]any
	// At is when the event arrived.
	At time.Time
}

// ctrlResponse is baresip's answer to a command.
type ctrlResponse struct {
	OK    bool   `json:"ok"`
	Data  string `json:"data"`
	Token string `json:"token"`
}

// ctrlConn is a ctrl_tcp client: commands one at a time, events queued.
type ctrlConn struct {
	conn  net.Conn
	cmdMu sync.Mutex
	token int
	resp  chan ctrlResponse

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced when events or closed change
	events   []BaresipEvent
	consumed []bool
	closed   error
}

func newCtrlConn(conn net.Conn) *ctrlConn {
	c := &ctrlConn{conn: conn, resp: make(chan ctrlResponse, 4), changed: make(chan struct{})}
	go c.readLoop()
	return c
}

func (c *ctrlConn) readLoop() {
	r := bufio.NewReader(c.conn)
	var err error
	for {
		var frame []byte
		frame, err = readNetstring(r)
		if err != nil {
			break
		}
		var m map[string]any
		if json.Unmarshal(frame, &m) != nil {
			continue
		}
		if ev, _ := m["event"].(bool); ev {
			c.addEvent(eventFromMap(m))
			continue
		}
		if resp, _ := m["response"].(bool); resp {
			var cr ctrlResponse
			_ = json.Unmarshal(frame, &cr)
			select {
			case c.resp <- cr:
			default: // nobody waiting (timed out): drop
			}
		}
	}
	c.mu.Lock()
	c.closed = fmt.Errorf("%w: %w", ErrCtrlClosed, err)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

func eventFromMap(m map[string]any) BaresipEvent {
	s := func(k string) string { v, _ := m[k].(string); return v }
	return BaresipEvent{Type: s("type"), Class: s("class"), Param: s("param"), PeerURI: s("peeruri"), ID: s("id"), Raw: m,
		At: time.Now()}
}

func (c *ctrlConn) addEvent(ev BaresipEvent) {
	c.mu.Lock()
	c.events = append(c.events, ev)
	c.consumed = append(c.consumed, false)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

// next returns the oldest unconsumed event of typ, marking it consumed when
// consume is set. Otherwise it returns a channel closed on the next change.
func (c *ctrlConn) next(typ string, consume bool) (BaresipEvent, bool, <-chan struct{}, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, ev := range c.events {
		if !c.consumed[i] && ev.Type == typ {
			if consume {
				c.consumed[i] = true
			}
			return ev, true, nil, nil
		}
	}
	return BaresipEvent{}, false, c.changed, c.closed
}

// wait blocks until an unconsumed event of typ exists or timeout passes.
func (c *ctrlConn) wait(typ string, consume bool, timeout time.Duration) (BaresipEvent, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		ev, ok, changed, closed := c.next(typ, consume)
		if ok {
			return ev, nil
		}
		if closed != nil {
			return BaresipEvent{}, closed
		}
		select {
		case <-changed:
		case <-timer.C:
			return BaresipEvent{}, fmt.Errorf("testpeer: no %s event within %v", typ, timeout)
		}
	}
}

// eventTypes lists the types of all events seen so far, for diagnostics.
func (c *ctrlConn) eventTypes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, len(c.events))
	for i, ev := range c.events {
		out[i] = ev.Type
	}
	return out
}

// command sends one command and waits for its response.
func (c *ctrlConn) command(cmd, params string, timeout time.Duration) (string, error) {
	c.cmdMu.Lock()
	defer c.cmdMu.Unlock()
	for len(c.resp) > 0 { // stale answers of timed-out commands
		<-c.resp
	}
	c.token++
	tok := strconv.Itoa(c.token)
	payload, err := json.Marshal(map[string]string{"command": cmd, "params": params, "token": tok})
	if err != nil {
		return "", fmt.Errorf("testpeer: encode command %q: %w", cmd, err)
	}
	_ = c.conn.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := c.conn.Write(appendNetstring(nil, payload)); err != nil {
		return "", fmt.Errorf("testpeer: send command %q: %w", cmd, err)
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case r := <-c.resp:
			if r.Token != "" && r.Token != tok {
				continue
			}
			if !r.OK {
				return r.Data, fmt.Errorf("%w: %s %q: %s", ErrCommandFailed, cmd, params, r.Data)
			}
			return r.Data, nil
		case <-timer.C:
			return "", fmt.Errorf("testpeer: command %q: no response within %v", cmd, timeout)
		}
	}
}

func (c *ctrlConn) close() { _ = c.conn.Close() }
