package testpeer

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIntegrationNetNAT: a UDP packet from Far reaches Public from
// FarRouter's wan address (MASQUERADE), the reply gets back through the
// NAT binding, and nobody on the public side reaches Far's private address
// unsolicited: not Public (no route), not Stranger with a route through
// FarRouter (the router forwards only replies inward).
func TestIntegrationNetNAT(t *testing.T) {
	n := StartNet(t)

	pub, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.ParseIP(n.Public.IP)})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	far, err := n.Far.ListenPacket("udp4", n.Far.IP+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer far.Close()
	farPort := far.LocalAddr().(*net.UDPAddr).Port

	// (a) Far -> Public: the source is the router's public address.
	if _, err := far.WriteTo([]byte("hello"), pub.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	_ = pub.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 100)
	nr, from, err := pub.ReadFromUDP(buf)
	if err != nil || string(buf[:nr]) != "hello" {
		t.Fatalf("Public read = %q, %v", buf[:nr], err)
	}
	if from.IP.String() != n.FarRouter.IP {
		t.Fatalf("packet from Far arrived from %v, want FarRouter's wan %s", from, n.FarRouter.IP)
	}
	// The binding carries the reply back to Far.
	if _, err := pub.WriteToUDP([]byte("back"), from); err != nil {
		t.Fatal(err)
	}
	_ = far.SetReadDeadline(time.Now().Add(5 * time.Second))
	if nr, _, err := far.ReadFrom(buf); err != nil || string(buf[:nr]) != "back" {
		t.Fatalf("reply through the NAT binding: %q, %v", buf[:nr], err)
	}

	// (b) Unsolicited packets to Far's private address.
	target := &net.UDPAddr{IP: net.ParseIP(n.Far.IP), Port: farPort}
	if _, err := pub.WriteToUDP([]byte("from public"), target); !errors.Is(err, syscall.ENETUNREACH) {
		t.Errorf("Public sent to %v: %v, want no route (ENETUNREACH)", target, err)
	}
	n.Stranger.Run(t, "ip", "route", "add", "192.168.1.0/24", "via", n.FarRouter.IP)
	str, err := n.Stranger.ListenPacket("udp4", n.Stranger.IP+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer str.Close()
	for range 5 {
		if _, err := str.WriteTo([]byte("from stranger"), target); err != nil {
			t.Fatalf("Stranger -> %v: %v", target, err)
		}
	}
	// A marker sent after the stranger's packets through the open binding
	// proves the path works; nothing from the stranger may precede it.
	if _, err := pub.WriteToUDP([]byte("marker"), from); err != nil {
		t.Fatal(err)
	}
	_ = far.SetReadDeadline(time.Now().Add(5 * time.Second))
	nr, src, err := far.ReadFrom(buf)
	if err != nil {
		t.Fatalf("Far read: %v", err)
	}
	if got := string(buf[:nr]); got != "marker" {
		t.Fatalf("Far received %q from %v before the marker: the router let an unsolicited packet in", got, src)
	}
}

// TestIntegrationNetKamailioOnPBX: kamailio on n.PBX listens on the PBX's
// address and answers OPTIONS from the test process (n.Public).
func TestIntegrationNetKamailioOnPBX(t *testing.T) {
	n := StartNet(t)
	k := StartKamailio(t, map[string]string{"1000": "pw0"}, OnHost(n.PBX))
	if k.Host != n.PBX.IP || k.On != n.PBX {
		t.Fatalf("kamailio on %s (%v), want %s", k.Host, k.On, n.PBX.IP)
	}
	code, err := PingSIP(k.Addr, 5*time.Second)
	if err != nil || code != 200 {
		t.Fatalf("OPTIONS from Public to %s: %d, %v", k.Addr, code, err)
	}
	// The stranger reaches it too; the far end behind NAT as well.
	for _, h := range []*Host{n.Stranger, n.Far} {
		if code, err := h.PingSIP(k.Addr, 5*time.Second); err != nil || code != 200 {
			t.Fatalf("OPTIONS from %s to %s: %d, %v", h.Name, k.Addr, code, err)
		}
	}
	// sipp from the stranger host, over UDP and TCP.
	for _, args := range [][]string{nil, {"-t", "t1"}} {
		res := RunSippOn(t, n.Stranger, Scenario(t, "options.xml"), k.Addr, args...)
		if res.ExitCode != 0 {
			t.Fatalf("sipp %v from Stranger: exit %d\n%s", args, res.ExitCode, res.Stderr)
		}
		if !strings.Contains(res.Messages, n.Stranger.IP+":"+strconv.Itoa(res.LocalPort)) {
			t.Errorf("sipp %v did not use %s:%d:\n%s", args, n.Stranger.IP, res.LocalPort, res.Messages)
		}
	}
}

// TestIntegrationNetBaresipBehindNAT: a baresip on n.Far (192.168.1.10,
// behind FarRouter) registers to kamailio on n.PBX; kamailio's location
// holds the router's public address as "received" (nathelper), and a call
// from a baresip on the public side reaches it through the NAT.
func TestIntegrationNetBaresipBehindNAT(t *testing.T) {
	n := StartNet(t)
	k := StartKamailio(t, map[string]string{"1000": "pw0", "1001": "pw1"}, OnHost(n.PBX))
	far := StartBaresip(t, BaresipConfig{User: "1001", Password: "pw1", Registrar: k.Addr, AutoAnswer: true, Host: n.Far})
	bs := k.Location(t, "1001")
	t.Logf("location of 1001: %+v", bs)
	if len(bs) != 1 {
		t.Fatalf("location of 1001: %+v", bs)
	}
	if !strings.Contains(bs[0].Contact, n.Far.IP) {
		t.Errorf("Contact %q: want baresip's own address %s (it picks it itself)", bs[0].Contact, n.Far.IP)
	}
	if !strings.Contains(bs[0].Received, n.FarRouter.IP+":") {
		t.Fatalf("Received %q: want FarRouter's public address %s (nathelper)", bs[0].Received, n.FarRouter.IP)
	}

	caller := StartBaresip(t, BaresipConfig{User: "1000", Password: "pw0", Registrar: k.Addr, Host: n.Stranger})
	if err := caller.Dial(far.AOR(k)); err != nil {
		t.Fatal(err)
	}
	far.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	caller.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	if err := caller.Hangup(); err != nil {
		t.Fatal(err)
	}
	far.WaitEvent(t, "CALL_CLOSED", 15*time.Second)
}

// TestIntegrationNetHostProcess: a program started on a host runs in its
// namespace (it sees the host's address) with its output in the log, and
// Host.DialContext reaches a listener on that host's own loopback.
func TestIntegrationNetHostProcess(t *testing.T) {
	n := StartNet(t)
	p := n.PhoneLAN.Start(t, ProcConfig{Name: "ipaddr", Bin: "ip", Args: []string{"-4", "-o", "addr", "show", "dev", "eth0"}})
	if err := p.Wait(10 * time.Second); !errors.Is(err, ErrExited) {
		t.Fatalf("ip addr: %v", err)
	}
	if out, _ := os.ReadFile(p.LogPath()); !strings.Contains(string(out), n.PhoneLAN.IP+"/24") {
		t.Fatalf("ip addr on PhoneLAN printed %q, want %s", out, n.PhoneLAN.IP)
	}
	l, err := n.PhoneLAN.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		if c, err := l.Accept(); err == nil {
			_, _ = c.Write([]byte("hi"))
			c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := n.PhoneLAN.DialContext(ctx, "tcp4", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 2)
	if _, err := c.Read(buf); err != nil || string(buf) != "hi" {
		t.Fatalf("read %q, %v", buf, err)
	}
	// The test process's own loopback is another one.
	if c2, err := net.DialTimeout("tcp4", l.Addr().String(), time.Second); err == nil {
		c2.Close()
		t.Fatalf("PhoneLAN's loopback listener reachable from the test process's loopback")
	}
}
