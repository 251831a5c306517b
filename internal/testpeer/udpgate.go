package testpeer

import (
	"net"
	"sync"
	"testing"
)

// UDPGate is a UDP relay on 127.0.0.1 between a phone and a far end that holds back what the
// far end sends until Open: a test so decides, by events rather than by time, when the far
// end's answers reach the phone (e.g. a 180 only after the phone hung up). What the phone
// sends goes on to the far end at once and is also offered on Sent. With no far end the gate
// swallows everything: a far end that receives and never answers.
type UDPGate struct {
	pc   net.PacketConn // the phone sends here (Addr)
	up   *net.UDPConn   // to the far end; nil without one
	sent chan string
	open chan struct{}
	once sync.Once
	done chan struct{} // closed when the test ends

	mu    sync.Mutex
	phone net.Addr // where the phone's packets came from: the far end's go back there
	known chan struct{}
}

// StartUDPGate starts a gate to the far end at far ("127.0.0.1:port"; "" for none). It is
// closed when the test ends.
func StartUDPGate(t testing.TB, far string) *UDPGate {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testpeer: UDP gate: %v", err)
	}
	g := &UDPGate{pc: pc, sent: make(chan string, 64), open: make(chan struct{}), known: make(chan struct{}),
		done: make(chan struct{})}
	if far != "" {
		raddr, err := net.ResolveUDPAddr("udp", far)
		if err == nil {
			g.up, err = net.DialUDP("udp", nil, raddr)
		}
		if err != nil {
			pc.Close()
			t.Fatalf("testpeer: UDP gate to far end %q: %v", far, err)
		}
		go g.down()
	}
	go g.upward()
	t.Cleanup(func() {
		close(g.done)
		pc.Close()
		if g.up != nil {
			g.up.Close()
		}
	})
	return g
}

// Addr is the gate's address, where the phone sends ("127.0.0.1:port").
func (g *UDPGate) Addr() string { return g.pc.LocalAddr().String() }

// Sent offers each packet the phone sent through the gate, in order (the oldest are kept
// when a test does not read them: 64 at most).
func (g *UDPGate) Sent() <-chan string { return g.sent }

// Open lets what the far end sent so far, and everything after, through to the phone.
func (g *UDPGate) Open() { g.once.Do(func() { close(g.open) }) }

// upward relays the phone's packets to the far end.
func (g *UDPGate) upward() {
	buf := make([]byte, 65535)
	for {
		n, addr, err := g.pc.ReadFrom(buf)
		if err != nil {
			return
		}
		g.mu.Lock()
		if g.phone == nil {
			g.phone = addr
			close(g.known)
		}
		g.mu.Unlock()
		select {
		case g.sent <- string(buf[:n]):
		default:
		}
		if g.up != nil {
			_, _ = g.up.Write(buf[:n])
		}
	}
}

// down relays the far end's packets to the phone once the gate is open; until then the
// socket's receive buffer holds them.
func (g *UDPGate) down() {
	for _, wait := range []chan struct{}{g.open, g.known} {
		select {
		case <-wait:
		case <-g.done:
			return
		}
	}
	g.mu.Lock()
	phone := g.phone
	g.mu.Unlock()
	buf := make([]byte, 65535)
	for {
		n, err := g.up.Read(buf)
		if err != nil {
			return
		}
		_, _ = g.pc.WriteTo(buf[:n], phone)
	}
}
