package phone

import "testing"

// TestRportModes: what each use_rport value makes of the registrar's received/rport, for a
// phone at 10.0.0.5 listening on 5060 (UDP) whose NAT maps it to 198.51.100.7:40000, and over
// TCP from the same host with the connection's own port 51000.
func TestRportModes(t *testing.T) {
	natUDP := viaSeen{host: "10.0.0.5", port: 5060, received: "198.51.100.7", rport: 40000}
	noNAT := viaSeen{host: "10.0.0.5", port: 5060, received: "10.0.0.5", rport: 5060}
	tcpFlow := viaSeen{host: "10.0.0.5", port: 5060, received: "10.0.0.5", rport: 51000}
	silent := viaSeen{host: "10.0.0.5", port: 5060}
	cases := []struct {
		name      string
		mode      string
		transport string
		via       viaSeen
		natted    bool
		host      string
		port      int
	}{
		{"0 keeps the local address behind NAT", "0", "udp", natUDP, false, "10.0.0.5", 5060},
		{"9 keeps the local address behind NAT", "9", "udp", natUDP, false, "10.0.0.5", 5060},
		{"1 takes the public address behind NAT", "1", "udp", natUDP, true, "198.51.100.7", 40000},
		{"1 without NAT stays local", "1", "udp", noNAT, false, "10.0.0.5", 5060},
		{"1 over TCP ignores the connection's port", "1", "tcp", tcpFlow, false, "10.0.0.5", 5060},
		{"2 over TCP takes the connection's port", "2", "tcp", tcpFlow, true, "10.0.0.5", 51000},
		{"3 behind NAT takes the public address", "3", "udp", natUDP, true, "198.51.100.7", 40000},
		{"2 without NAT stays local", "2", "udp", noNAT, false, "10.0.0.5", 5060},
		{"2 when the registrar says nothing stays local", "2", "udp", silent, false, "10.0.0.5", 5060},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := rportParam(tc.mode)
			d := m.decide(decideContact(tc.transport, "10.0.0.5", 5060, tc.via), tc.via, "10.0.0.5", 5060)
			if d.natted != tc.natted || d.host != tc.host || d.port != tc.port {
				t.Fatalf("use_rport=%s: natted=%v %s:%d, want natted=%v %s:%d", tc.mode, d.natted, d.host, d.port, tc.natted, tc.host, tc.port)
			}
		})
	}
	for mode, want := range map[string]bool{"0": true, "1": true, "2": true, "3": true, "9": false} {
		if got := rportParam(mode).asksRport(); got != want {
			t.Errorf("use_rport=%s: rport in Via %v, want %v", mode, got, want)
		}
	}
}
