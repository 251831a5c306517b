package phone

import "github.com/emiago/sipgo/sip"

// sipgo refuses to send a UDP message longer than sip.UDPMTUSize-200 bytes (1300: RFC 3261
// 18.1.1's rule for an unknown path MTU). An INVITE with ICE candidates and, after a 407,
// Proxy-Authorization passes that; the phone allows what an Ethernet path carries without
// fragmentation instead: 1472 bytes of UDP payload (1500 - 20 IP - 8 UDP). Set once, before
// any stack starts; nothing changes it at run time.
func init() { sip.UDPMTUSize = 1472 + 200 }
