package testpeer

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Addresses of the StartNet topology (TEST-NET-2 on the public side, RFC
// 5737; RFC 1918 on the LANs). doc.go draws the picture.
const (
	PublicIP      = "198.51.100.1"  // the test process, on the bridge
	PBXIP         = "198.51.100.10" // kamailio's host
	StrangerIP    = "198.51.100.66" // a public host that is nobody's server
	FarRouterIP   = "198.51.100.20" // FarRouter's wan address (Far's public face)
	PhoneRouterIP = "198.51.100.30" // PhoneRouter's wan address
	FarLANIP      = "192.168.1.1"   // FarRouter's lan address, Far's gateway
	FarIP         = "192.168.1.10"
	PhoneLANGWIP  = "192.168.2.1" // PhoneRouter's lan address, PhoneLAN's gateway
	PhoneLANIP    = "192.168.2.10"
)

// Host is one machine of the StartNet topology: a named network namespace,
// or the test process's own (isolated) namespace for Net.Public.
type Host struct {
	// Name is the role ("public", "pbx", "stranger", "farrouter", "far",
	// "phonerouter", "phonelan").
	Name string
	// NS is the network namespace (`ip netns` name); "" for Net.Public.
	NS string
	// IP is the host's own address: the public address for public hosts
	// and routers (their wan side), the private one for LAN hosts.
	IP string
	// Dev is the interface that carries IP ("eth0", "wan", or the bridge
	// for Net.Public).
	Dev string
	// LANIP is a router's address on its LAN (the LAN hosts' gateway);
	// "" for other hosts.
	LANIP string
}

// Net is the namespace topology built by StartNet.
type Net struct {
	// Public is the test process itself (198.51.100.1 on the bridge).
	Public *Host
	// PBX (198.51.100.10) runs kamailio: StartKamailio(t, users, OnHost(n.PBX)).
	PBX *Host
	// Stranger (198.51.100.66) is a public host that is nobody's server.
	Stranger *Host
	// FarRouter masquerades Far's LAN (wan 198.51.100.20, lan 192.168.1.1).
	FarRouter *Host
	// Far (192.168.1.10) is a LAN host behind FarRouter.
	Far *Host
	// PhoneRouter masquerades PhoneLAN's LAN (wan 198.51.100.30, lan 192.168.2.1).
	PhoneRouter *Host
	// PhoneLAN (192.168.2.10) is a LAN host behind PhoneRouter, where a
	// phone runs as its own process.
	PhoneLAN *Host

	links []string // interfaces in the test namespace, deleted by cleanup
	nss   []string // named namespaces, deleted by cleanup
}

// Hosts returns every host of the topology, Public first.
func (n *Net) Hosts() []*Host {
	return []*Host{n.Public, n.PBX, n.Stranger, n.FarRouter, n.Far, n.PhoneRouter, n.PhoneLAN}
}

// netMu lets one topology at a time exist in a test process: the addresses
// are fixed, so a second bridge with the same subnet would break routing.
var (
	netMu  sync.Mutex
	netSeq atomic.Int64
)

// netWait bounds how long StartNet waits for a previous topology of the
// same process to be torn down (parallel tests take turns).
const netWait = 10 * time.Minute

// StartNet builds the test topology in the test process's private network
// namespace (see IsolatedMain; it refuses to run anywhere else) and tears it
// down with t.Cleanup: every namespace and link it made is deleted by name,
// after killing any process still running in its namespaces. It returns
// once every host can send a UDP packet to Public. Only one topology exists
// per process at a time; a second StartNet waits for the first's cleanup.
func StartNet(t testing.TB) *Net {
	t.Helper()
	if err := checkIsolated(); err != nil {
		t.Fatalf("testpeer: StartNet: %v", err)
	}
	for _, bin := range []string{"ip", "iptables", "sysctl"} {
		lookBinary(t, bin, map[string]string{"ip": "iproute2", "iptables": "iptables", "sysctl": "procps"}[bin])
	}
	deadline := time.Now().Add(netWait)
	for !netMu.TryLock() {
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: StartNet: another topology of this process is still up after %v (one at a time)", netWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
	seq := netSeq.Add(1)
	n := &Net{}
	t.Cleanup(func() {
		n.teardown(t)
		netMu.Unlock()
	})
	sweepStaleNamespaces(t)
	prefix := fmt.Sprintf("%s%d-%d-", nsPrefix, os.Getpid(), seq)
	k := strconv.FormatInt(seq, 10)
	bridge := "pub" + k

	// Public side: the bridge, with the test process on it.
	n.Public = &Host{Name: "public", IP: PublicIP, Dev: bridge}
	n.links = append(n.links, bridge)
	mustIP(t, "", "link", "add", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0")
	mustIP(t, "", "addr", "add", PublicIP+"/24", "dev", bridge)
	mustIP(t, "", "link", "set", bridge, "up")

	newNS := func(name string) string {
		ns := prefix + name
		mustRun(t, "ip", "netns", "add", ns)
		n.nss = append(n.nss, ns)
		mustIP(t, ns, "link", "set", "lo", "up")
		return ns
	}
	// public attaches a new namespace to the bridge through a veth pair
	// whose inside end is dev.
	public := func(name, short, dev, ip string) *Host {
		h := &Host{Name: name, NS: newNS(name), IP: ip, Dev: dev}
		outside := "v" + k + short
		n.links = append(n.links, outside)
		mustIP(t, "", "link", "add", outside, "type", "veth", "peer", "name", dev, "netns", h.NS)
		mustIP(t, "", "link", "set", outside, "master", bridge)
		mustIP(t, "", "link", "set", outside, "up")
		mustIP(t, h.NS, "addr", "add", ip+"/24", "dev", dev)
		mustIP(t, h.NS, "link", "set", dev, "up")
		return h
	}
	n.PBX = public("pbx", "pbx", "eth0", PBXIP)
	n.Stranger = public("stranger", "str", "eth0", StrangerIP)
	n.FarRouter = n.router(t, public("farrouter", "frw", "wan", FarRouterIP), FarLANIP)
	n.Far = n.lanHost(t, n.FarRouter, newNS("far"), "far", FarIP)
	n.PhoneRouter = n.router(t, public("phonerouter", "prw", "wan", PhoneRouterIP), PhoneLANGWIP)
	n.PhoneLAN = n.lanHost(t, n.PhoneRouter, newNS("phonelan"), "phonelan", PhoneLANIP)

	n.waitReady(t, 10*time.Second)
	return n
}

// router turns h into a home NAT router: a LAN interface "lan" with lanIP,
// forwarding on, MASQUERADE out of wan, and only replies let in from wan
// (conntrack), as a consumer router does. Unsolicited packets to the router
// itself are dropped too: otherwise the kernel keeps a conntrack entry for
// them, and the LAN host's later packets to that sender get another public
// port (a clash), which breaks the hole punching STUN and ICE rely on.
func (n *Net) router(t testing.TB, h *Host, lanIP string) *Host {
	t.Helper()
	h.LANIP = lanIP
	mustRun(t, "ip", "netns", "exec", h.NS, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
	for _, rule := range [][]string{
		{"-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE"},
		{"-A", "FORWARD", "-i", "lan", "-o", "wan", "-j", "ACCEPT"},
		{"-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"},
		{"-P", "FORWARD", "DROP"},
		{"-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP"},
	} {
		mustRun(t, "ip", append([]string{"netns", "exec", h.NS, "iptables", "-w"}, rule...)...)
	}
	return h
}

// lanHost makes a host on router's LAN with ip and a default route through
// the router.
func (n *Net) lanHost(t testing.TB, router *Host, ns, name, ip string) *Host {
	t.Helper()
	h := &Host{Name: name, NS: ns, IP: ip, Dev: "eth0"}
	mustIP(t, router.NS, "link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", ns)
	mustIP(t, router.NS, "addr", "add", router.LANIP+"/24", "dev", "lan")
	mustIP(t, router.NS, "link", "set", "lan", "up")
	mustIP(t, ns, "addr", "add", ip+"/24", "dev", "eth0")
	mustIP(t, ns, "link", "set", "eth0", "up")
	mustIP(t, ns, "route", "add", "default", "via", router.LANIP)
	return h
}

// waitReady polls until a UDP packet from every host reaches Public,
// from the expected source address (the router's for LAN hosts).
func (n *Net) waitReady(t testing.TB, timeout time.Duration) {
	t.Helper()
	sink, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.ParseIP(PublicIP)})
	if err != nil {
		t.Fatalf("testpeer: StartNet: %v", err)
	}
	defer sink.Close()
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 64)
	for _, h := range n.Hosts()[1:] {
		want := h.IP
		if h == n.Far {
			want = n.FarRouter.IP
		} else if h == n.PhoneLAN {
			want = n.PhoneRouter.IP
		}
		c, err := h.ListenPacket("udp4", ":0")
		if err != nil {
			t.Fatalf("testpeer: StartNet: %s: %v", h.Name, err)
		}
		for {
			if time.Now().After(deadline) {
				c.Close()
				t.Fatalf("testpeer: StartNet: no UDP from %s (%s) reached %s within %v", h.Name, h.IP, PublicIP, timeout)
			}
			_, _ = c.WriteTo([]byte("ready "+h.Name), sink.LocalAddr())
			_ = sink.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			nr, from, err := sink.ReadFromUDP(buf)
			if err == nil && string(buf[:nr]) == "ready "+h.Name && from.IP.String() == want {
				break
			}
		}
		c.Close()
	}
}

// teardown kills what still runs in the namespaces and deletes every
// namespace and link by name.
func (n *Net) teardown(t testing.TB) {
	t.Helper()
	for _, ns := range n.nss {
		if out, err := exec.Command("ip", "netns", "pids", ns).Output(); err == nil {
			for _, f := range strings.Fields(string(out)) {
				if pid, err := strconv.Atoi(f); err == nil && pid != os.Getpid() {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		}
	}
	for i := len(n.nss) - 1; i >= 0; i-- {
		if out, err := exec.Command("ip", "netns", "del", n.nss[i]).CombinedOutput(); err != nil {
			t.Errorf("testpeer: StartNet cleanup: ip netns del %s: %v: %s", n.nss[i], err, out)
		}
	}
	for i := len(n.links) - 1; i >= 0; i-- {
		if _, err := net.InterfaceByName(n.links[i]); err != nil {
			continue // a veth goes with its peer's namespace
		}
		out, err := exec.Command("ip", "link", "del", n.links[i]).CombinedOutput()
		if err != nil && !strings.Contains(string(out), "Cannot find device") {
			// The kernel removes a veth whose peer's namespace is gone asynchronously, so it may
			// vanish between the check above and the delete: that is the outcome wanted.
			t.Errorf("testpeer: StartNet cleanup: ip link del %s: %v: %s", n.links[i], err, out)
		}
	}
}

// nsPrefix starts the name of every namespace StartNet makes:
// sptest<pid>-<seq>-<role>.
const nsPrefix = "sptest"

// staleNSRE matches StartNet's namespace names and captures the pid.
var staleNSRE = regexp.MustCompile(`^` + nsPrefix + `([0-9]+)-[0-9]+-[a-z]+$`)

// sweepStaleNamespaces deletes namespaces that StartNet made in a test
// process that no longer exists (killed before its cleanup ran), so they do
// not pile up in the machine-wide /run/netns.
func sweepStaleNamespaces(t testing.TB) {
	t.Helper()
	entries, err := os.ReadDir("/run/netns")
	if err != nil {
		return
	}
	for _, e := range entries {
		m := staleNSRE.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		if out, err := exec.Command("ip", "netns", "del", e.Name()).CombinedOutput(); err != nil {
			t.Logf("testpeer: StartNet: stale namespace %s of gone pid %d: %v: %s", e.Name(), pid, err, out)
		} else {
			t.Logf("testpeer: StartNet: deleted stale namespace %s of gone pid %d", e.Name(), pid)
		}
	}
}

// mustIP runs `ip [-n ns] args...` or fails the test.
func mustIP(t testing.TB, ns string, args ...string) {
	t.Helper()
	if ns != "" {
		args = append([]string{"-n", ns}, args...)
	}
	mustRun(t, "ip", args...)
}

// mustRun runs a command to completion or fails the test with its output.
func mustRun(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("testpeer: %s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Command returns a command that runs name with args on h: through
// `ip netns exec NS` for a namespace host, a plain exec for Net.Public.
func (h *Host) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if h == nil || h.NS == "" {
		return exec.CommandContext(ctx, name, args...)
	}
	return exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", h.NS, name}, args...)...)
}

// Run runs name with args on h to completion and returns its combined
// output, failing the test if it fails (e.g. h.Run(t, "ip", "addr")).
func (h *Host) Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := h.Command(context.Background(), name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("testpeer: on %s: %s %s: %v: %s", h.label(), name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Netem impairs traffic leaving dev on h with tc netem (args as for
// `tc qdisc ... netem`, e.g. "delay", "50ms", "loss", "5%"), replacing any
// earlier impairment; t.Cleanup removes it. The kernel needs sch_netem.
func (h *Host) Netem(t testing.TB, dev string, args ...string) {
	t.Helper()
	lookBinary(t, "tc", "iproute2")
	tcArgs := append([]string{"qdisc", "replace", "dev", dev, "root", "netem"}, args...)
	out, err := h.Command(context.Background(), "tc", tcArgs...).CombinedOutput()
	if err != nil {
		hint := ""
		if strings.Contains(string(out), "qdisc kind is unknown") {
			hint = " (this kernel has no sch_netem: modprobe sch_netem, or run where it exists)"
		}
		t.Fatalf("testpeer: on %s: tc %s: %v: %s%s", h.label(), strings.Join(tcArgs, " "), err, out, hint)
	}
	t.Cleanup(func() { _ = h.Command(context.Background(), "tc", "qdisc", "del", "dev", dev, "root").Run() })
}

// label names h in messages.
func (h *Host) label() string {
	if h == nil {
		return "the test process"
	}
	if h.NS == "" {
		return h.Name
	}
	return h.Name + " (" + h.NS + ")"
}

// ip returns the host's IP, 127.0.0.1 for nil (the loopback peers).
func (h *Host) ip() string {
	if h == nil {
		return "127.0.0.1"
	}
	return h.IP
}

// In runs f on an OS thread that is in h's network namespace, so sockets
// f creates belong to h (they stay there after f returns). A nil h or
// Net.Public runs f directly.
func (h *Host) In(f func() error) error {
	if h == nil || h.NS == "" {
		return f()
	}
	errc := make(chan error, 1)
	go func() {
		// The thread stays locked (and is thrown away when the goroutine
		// ends) unless it is back in its own namespace.
		runtime.LockOSThread()
		self, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			errc <- err
			return
		}
		defer self.Close()
		target, err := os.Open(filepath.Join("/run/netns", h.NS))
		if err != nil {
			errc <- fmt.Errorf("testpeer: namespace of %s: %w", h.Name, err)
			return
		}
		defer target.Close()
		if err := setns(target); err != nil {
			errc <- fmt.Errorf("testpeer: enter %s: %w", h.label(), err)
			return
		}
		ferr := f()
		if setns(self) == nil {
			runtime.UnlockOSThread()
		}
		errc <- ferr
	}()
	return <-errc
}

// setns moves the calling thread into the network namespace f refers to.
func setns(f *os.File) error {
	_, _, e := syscall.Syscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0)
	if e != 0 {
		return e
	}
	return nil
}

// DialContext connects to addr from h's namespace (e.g. to a control
// socket on h's own 127.0.0.1, or to the phone's API from PhoneLAN).
func (h *Host) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var c net.Conn
	err := h.In(func() (err error) {
		var d net.Dialer
		c, err = d.DialContext(ctx, network, addr)
		return err
	})
	return c, err
}

// HTTPClient returns an HTTP client whose connections are made from h's
// namespace (e.g. to a phone's control API on PhoneLAN's 127.0.0.1).
func (h *Host) HTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: h.DialContext, DisableKeepAlives: true}}
}

// DialTimeout is DialContext with a timeout.
func (h *Host) DialTimeout(network, addr string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return h.DialContext(ctx, network, addr)
}

// ListenPacket opens a packet socket (e.g. "udp4", ":0") in h's namespace.
func (h *Host) ListenPacket(network, addr string) (net.PacketConn, error) {
	var c net.PacketConn
	err := h.In(func() (err error) {
		c, err = net.ListenPacket(network, addr)
		return err
	})
	return c, err
}

// Listen opens a stream listener (e.g. "tcp4", ":0") in h's namespace.
func (h *Host) Listen(network, addr string) (net.Listener, error) {
	var l net.Listener
	err := h.In(func() (err error) {
		l, err = net.Listen(network, addr)
		return err
	})
	return l, err
}

// FreePort returns a port free for both UDP and TCP on ip in h's namespace
// (ip "" means h.IP), as testpeer.FreePort does on 127.0.0.1.
func (h *Host) FreePort(t testing.TB, ip string) int {
	t.Helper()
	if ip == "" {
		ip = h.ip()
	}
	var port int
	if err := h.In(func() (err error) {
		port, err = freePortOn(net.ParseIP(ip), "udp")
		return err
	}); err != nil {
		t.Fatalf("testpeer: free port on %s %s: %v", h.label(), ip, err)
	}
	return port
}

// FreeSIPPort is FreePort for a peer that also listens for SIP over TLS on the next port, as
// baresip does (sip_listen port+1): port is free for UDP and TCP, port+1 for TCP.
func (h *Host) FreeSIPPort(t testing.TB, ip string) int {
	t.Helper()
	for range 50 {
		port := h.FreePort(t, ip)
		if ip == "" {
			ip = h.ip()
		}
		if err := h.In(func() error { _, err := probeTCP(net.ParseIP(ip), port+1); return err }); err == nil {
			return port
		}
	}
	t.Fatalf("testpeer: no SIP port on %s %s with the next one free for TLS", h.label(), ip)
	return 0
}

// PingSIP is testpeer.PingSIP sent from h.
func (h *Host) PingSIP(addr string, timeout time.Duration) (int, error) {
	return pingSIPFrom(h, addr, timeout)
}

// ExchangeUDP is testpeer.ExchangeUDP sent from h.
func (h *Host) ExchangeUDP(addr string, build func(local string) []byte, timeout time.Duration) ([]byte, error) {
	return exchangeUDPFrom(h, addr, build, timeout)
}
