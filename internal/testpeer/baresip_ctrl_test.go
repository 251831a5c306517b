package testpeer

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }

// fakeBaresip is a scripted ctrl_tcp far end.
type fakeBaresip struct {
	conn net.Conn
	r    *bufio.Reader
}

func newFakePair(t *testing.T) (*ctrlConn, *fakeBaresip) {
	t.Helper()
	a, b := net.Pipe()
	c := newCtrlConn(a)
	t.Cleanup(func() { c.close(); b.Close() })
	return c, &fakeBaresip{conn: b, r: bufio.NewReader(b)}
}

func (f *fakeBaresip) send(t *testing.T, v map[string]any) {
	t.Helper()
	b, _ := json.Marshal(v)
	if _, err := f.conn.Write(appendNetstring(nil, b)); err != nil {
		t.Error(err)
	}
}

func (f *fakeBaresip) recvCommand(t *testing.T) map[string]string {
	t.Helper()
	frame, err := readNetstring(f.r)
	if err != nil {
		t.Error(err)
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(frame, &m); err != nil {
		t.Error(err)
	}
	return m
}

func TestCtrlCommand(t *testing.T) {
	tests := []struct {
		name     string
		ok       bool
		data     string
		token    func(string) string
		wantErr  error
		wantData string
	}{
		{"ok", true, "dialed", func(s string) string { return s }, nil, "dialed"},
		{"no token echoed", true, "fine", func(string) string { return "" }, nil, "fine"},
		{"failed", false, "command not found", func(s string) string { return s }, ErrCommandFailed, "command not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakePair(t)
			go func() {
				m := f.recvCommand(t)
				if m["command"] != "dial" || m["params"] != "sip:a@b" {
					t.Errorf("command %v", m)
				}
				// a stale answer with another token is skipped
				f.send(t, map[string]any{"response": true, "ok": true, "data": "stale", "token": "old"})
				f.send(t, map[string]any{"response": true, "ok": tc.ok, "data": tc.data, "token": tc.token(m["token"])})
			}()
			data, err := c.command("dial", "sip:a@b", 5*time.Second)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if data != tc.wantData {
				t.Errorf("data %q, want %q", data, tc.wantData)
			}
		})
	}
}

func TestCtrlEventsKeptAndConsumedOnce(t *testing.T) {
	c, f := newFakePair(t)
	go func() {
		for _, typ := range []string{"CALL_RINGING", "CALL_ESTABLISHED", "CALL_CLOSED", "CALL_ESTABLISHED"} {
			f.send(t, map[string]any{"event": true, "type": typ, "class": "call", "peeruri": "sip:1001@x", "id": "c1", "param": typ + "-p"})
		}
	}()
	// Waiting for a later event first must not lose the earlier one.
	want := []string{"CALL_CLOSED", "CALL_RINGING", "CALL_ESTABLISHED", "CALL_ESTABLISHED"}
	for _, typ := range want {
		ev, err := c.wait(typ, true, 5*time.Second)
		if err != nil {
			t.Fatalf("wait %s: %v", typ, err)
		}
		if ev.Type != typ || ev.PeerURI != "sip:1001@x" || ev.ID != "c1" || ev.Param != typ+"-p" || ev.Class != "call" {
			t.Errorf("event %+v", ev)
		}
	}
	if _, err := c.wait("CALL_ESTABLISHED", true, 50*time.Millisecond); err == nil {
		t.Errorf("third CALL_ESTABLISHED: want timeout, each event is returned once")
	}
	if got := len(c.eventTypes()); got != 4 {
		t.Errorf("%d events kept, want 4", got)
	}
}

func TestCtrlClosed(t *testing.T) {
	c, f := newFakePair(t)
	f.conn.Close()
	if _, err := c.wait("CALL_CLOSED", true, 5*time.Second); !errors.Is(err, ErrCtrlClosed) {
		t.Fatalf("error %v, want ErrCtrlClosed", err)
	}
}
