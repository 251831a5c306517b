package testpeer

import (
	"net"
	"testing"
	"time"
)

// SIP over WebSocket on kamailio (xhttp.so + websocket.so, apt: kamailio-websocket-modules),
// the way browser WebRTC phones reach it: WithWebSocket makes kamailio also listen for ws on
// WSAddr and, with WithTLS too, for wss on WSSAddr (TLS with the WithTLS certificate). A ws
// client is always treated as behind NAT (nathelper's nat_uac_test 64): its REGISTER source
// is saved as the contact's received address and the Contact of its other requests and
// replies gets an alias naming the connection (add_contact_alias; handle_ruri_alias turns
// it back into the destination of in-dialog requests), so kamailio reaches it on its own
// connection even when its Contact names no transport (a browser's GRUU) or says ws for wss.

// WithWebSocket makes kamailio also listen for SIP over WebSocket (ws; wss with WithTLS).
func WithWebSocket() KamailioOption {
	return func(o *kamailioOptions) { o.websocket = true }
}

// kamailioWSConfig picks the WebSocket ports and adds what the config template needs
// (WSPort, WSSPort) to data; without WithWebSocket both are 0. Call after the TLS config.
func kamailioWSConfig(t testing.TB, o *kamailioOptions, h *Host, ip string, data map[string]any) (ws, wss int) {
	t.Helper()
	data["WSPort"], data["WSSPort"] = 0, 0
	if !o.websocket {
		return 0, 0
	}
	ws = h.FreePort(t, ip)
	if o.tlsCert != "" {
		wss = h.FreePort(t, ip)
	}
	data["WSPort"], data["WSSPort"] = ws, wss
	return ws, wss
}

// waitListening polls until addr accepts TCP connections ("" returns at once).
func (k *Kamailio) waitListening(t testing.TB, what, addr string, timeout time.Duration) {
	t.Helper()
	if addr == "" {
		return
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := k.proc.exited(); err != nil {
			t.Fatalf("testpeer: kamailio: %v (log tail follows)", err)
		}
		if c, err := net.DialTimeout("tcp", addr, 500*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("testpeer: kamailio %s listener %s not accepting within %v (log tail follows)", what, addr, timeout)
}
