package testpeer

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// fakeDevTools answers Runtime.evaluate the way Chromium does: "1+1" gives 2, "boom" an
// exception, "hang" no reply; before each reply it sends a console event.
func fakeDevTools(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _, err := ws.UpgradeHTTP(r, w)
		if err != nil {
			return
		}
		defer conn.Close()
		for {
			data, err := wsutil.ReadClientText(conn)
			if err != nil {
				return
			}
			var req struct {
				ID     int `json:"id"`
				Params struct {
					Expression string `json:"expression"`
				} `json:"params"`
			}
			if json.Unmarshal(data, &req) != nil {
				return
			}
			_ = wsutil.WriteServerText(conn, []byte(`{"method":"Runtime.consoleAPICalled","params":{"type":"log","args":[{"value":"hi"}]}}`))
			var reply string
			switch req.Params.Expression {
			case "1+1":
				reply = `{"id":%d,"result":{"result":{"type":"number","value":2}}}`
			case "boom":
				reply = `{"id":%d,"result":{"result":{"type":"object"},"exceptionDetails":{"text":"Uncaught","exception":{"description":"Error: boom"}}}}`
			case "hang":
				continue
			default:
				reply = `{"id":%d,"error":{"code":-32000,"message":"unknown"}}`
			}
			_ = wsutil.WriteServerText(conn, []byte(strings.Replace(reply, "%d", itoa(req.ID), 1)))
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// TestCDPEvaluate: values come back, a page exception and a protocol error are errors
// naming them, a command without a reply ends with its context, and console output is
// logged.
func TestCDPEvaluate(t *testing.T) {
	log := &syncWriter{w: &bytes.Buffer{}}
	var d net.Dialer
	c, err := dialCDP(context.Background(), fakeDevTools(t), d.DialContext, log)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	ctx := context.Background()
	var n int
	if err := c.evaluate(ctx, "1+1", &n); err != nil || n != 2 {
		t.Errorf("evaluate 1+1 = %d, %v; want 2", n, err)
	}
	if err := c.evaluate(ctx, "boom", nil); err == nil || !strings.Contains(err.Error(), "Error: boom") {
		t.Errorf("evaluate boom: %v, want the page's exception", err)
	}
	if err := c.evaluate(ctx, "other", nil); err == nil || !strings.Contains(err.Error(), "unknown (-32000)") {
		t.Errorf("evaluate other: %v, want the protocol error", err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := c.evaluate(short, "hang", nil); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("evaluate hang: %v, want the context's deadline", err)
	}
	c.close()
	if err := c.evaluate(ctx, "1+1", nil); err == nil {
		t.Errorf("evaluate on a closed connection: no error")
	}
	if l := log.String(); !strings.Contains(l, "console.log: hi") {
		t.Errorf("page log %q, want the console message", l)
	}
}

// syncWriter lets the read loop write the log while the test reads it.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
