package phone

import "testing"

// TestNextTransport: detection moves udp -> tcp (or tcp -> udp), stops once both got no
// answer in a round, starts over after a round is reset, and never picks TLS or WebSocket.
func TestNextTransport(t *testing.T) {
	var d transportDetect
	if got := d.nextTransport("udp"); got != "tcp" {
		t.Fatalf("after udp: %q, want tcp", got)
	}
	if got := d.nextTransport("tcp"); got != "" {
		t.Fatalf("after udp and tcp: %q, want none (round over)", got)
	}
	d.tried = nil // a registration succeeded
	if got := d.nextTransport("tcp"); got != "udp" {
		t.Fatalf("new round after tcp: %q, want udp", got)
	}
	for _, configured := range []string{"tls", "ws", "wss"} {
		var d transportDetect
		if got := d.nextTransport(configured); got != "" {
			t.Errorf("after %s: %q, want none (only configured)", configured, got)
		}
	}
}
