package phone

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock whose time moves only when the test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	changed chan struct{} // signalled when a waiter is added
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Unix(1_000_000, 0), changed: make(chan struct{}, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	c.changed <- struct{}{}
	return ch
}

// waitWaiters blocks until n timers are pending (the code under test is parked on them).
func (c *fakeClock) waitWaiters(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		c.mu.Lock()
		got := len(c.waiters)
		c.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-c.changed:
		case <-deadline:
			t.Fatalf("fake clock: %d timers pending, want %d", got, n)
		}
	}
}

// advance moves time forward by d, firing due timers.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var keep []fakeWaiter
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	c.mu.Unlock()
}

func TestKeepAliveSchedule(t *testing.T) {
	cases := []struct {
		name   string
		ival   time.Duration
		steps  []time.Duration // advance by each, in order
		pings  int             // pings expected after all steps
		pongs  bool            // the server answers each ping
		silent bool            // the server answered before, then stops
		dead   bool
	}{
		{name: "every 30 s", ival: 30 * time.Second, steps: []time.Duration{29 * time.Second, time.Second, 30 * time.Second, 30 * time.Second}, pings: 3},
		{name: "not before the interval", ival: 30 * time.Second, steps: []time.Duration{10 * time.Second, 19 * time.Second}, pings: 0},
		{name: "pong answered keeps going", ival: 10 * time.Second, steps: []time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second}, pings: 3, pongs: true},
		{name: "missing pong ends the flow", ival: 10 * time.Second, steps: []time.Duration{10 * time.Second, pongTimeout}, pings: 1, silent: true, dead: true},
		{name: "off", ival: 0, steps: []time.Duration{time.Hour}, pings: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			pings := 0
			pong := make(chan struct{}, 1)
			deadCh := make(chan error, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				keepAlive(ctx, clk, tc.ival, func() (<-chan struct{}, error) {
					mu.Lock()
					pings++
					mu.Unlock()
					if tc.pongs {
						pong <- struct{}{}
						return pong, nil
					}
					if tc.silent {
						return pong, nil
					}
					return nil, nil
				}, func(err error) { deadCh <- err })
			}()
			if tc.ival == 0 {
				<-done
				return
			}
			pending := 1
			for _, d := range tc.steps {
				clk.waitWaiters(t, pending)
				clk.advance(d)
				pending = 1
			}
			if tc.dead {
				select {
				case err := <-deadCh:
					if !errors.Is(err, errNoPong) {
						t.Fatalf("dead: %v", err)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("flow not declared dead after the pong timeout")
				}
			} else {
				clk.waitWaiters(t, 1) // parked on the next interval: every due ping was sent
			}
			mu.Lock()
			defer mu.Unlock()
			if pings != tc.pings {
				t.Fatalf("%d pings, want %d", pings, tc.pings)
			}
		})
	}
}

func TestWatchLocalAddr(t *testing.T) {
	clk := newFakeClock()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := []string{"10.0.0.5", "10.0.0.5", "192.168.1.7", "192.168.1.7"}
	var mu sync.Mutex
	i := 0
	changes := make(chan string, 4)
	go watchLocalAddr(ctx, clk, "10.0.0.5", func() string {
		mu.Lock()
		defer mu.Unlock()
		a := addrs[min(i, len(addrs)-1)]
		i++
		return a
	}, func(old, cur string) { changes <- old + "->" + cur })
	for range 4 {
		clk.waitWaiters(t, 1)
		clk.advance(addrPollIval)
	}
	clk.waitWaiters(t, 1)
	close(changes)
	var got []string
	for c := range changes {
		got = append(got, c)
	}
	if len(got) != 1 || got[0] != "10.0.0.5->192.168.1.7" {
		t.Fatalf("changes %v, want one 10.0.0.5->192.168.1.7", got)
	}
}

func TestDecideContact(t *testing.T) {
	cases := []struct {
		name      string
		transport string
		local     string
		port      int
		via       viaSeen
		natted    bool
		host      string
		cport     int
	}{
		{"udp no NAT, rport echoes our port", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, rport: 5060}, false, "192.168.1.10", 5060},
		{"udp NAT rewrites address and port", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, received: "203.0.113.7", rport: 40123}, true, "203.0.113.7", 40123},
		{"udp NAT keeps port", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, received: "203.0.113.7", rport: 5060}, true, "203.0.113.7", 5060},
		{"udp NAT rewrites port only", "udp", "10.0.0.2", 5062, viaSeen{host: "10.0.0.2", port: 5062, rport: 1024}, true, "10.0.0.2", 1024},
		{"udp registrar without rport support", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060}, false, "192.168.1.10", 5060},
		{"udp received without rport", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, received: "203.0.113.7"}, true, "203.0.113.7", 5060},
		{"tcp no NAT: ephemeral rport is not NAT", "tcp", "127.0.0.1", 5060, viaSeen{host: "127.0.0.1", port: 5060, rport: 43210}, false, "127.0.0.1", 5060},
		{"tcp NAT: the flow's public address", "tcp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, received: "203.0.113.7", rport: 61000}, true, "203.0.113.7", 61000},
		{"ws no NAT: the connection's port is not NAT", "ws", "198.51.100.1", 0, viaSeen{host: "198.51.100.1", port: 40001, rport: 40001}, false, "198.51.100.1", 0},
		{"wss NAT: the connection's public address", "wss", "192.168.1.10", 0, viaSeen{host: "192.168.1.10", port: 40001, received: "203.0.113.7", rport: 61000}, true, "203.0.113.7", 61000},
		{"via with a host name", "udp", "192.168.1.10", 5060, viaSeen{host: "phone.local", port: 5060}, false, "192.168.1.10", 5060},
		{"ipv6 received", "udp", "192.168.1.10", 5060, viaSeen{host: "192.168.1.10", port: 5060, received: "2001:db8::1", rport: 5060}, true, "2001:db8::1", 5060},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decideContact(tc.transport, tc.local, tc.port, tc.via)
			if d.natted != tc.natted || d.host != tc.host || d.port != tc.cport {
				t.Fatalf("got natted=%v %s:%d, want natted=%v %s:%d", d.natted, d.host, d.port, tc.natted, tc.host, tc.cport)
			}
		})
	}
}

// fakeResolver answers SRV and host lookups from tables.
type fakeResolver struct {
	srv   map[string][]*net.SRV // "_sip._udp.name" -> records
	hosts map[string][]string
}

func (f fakeResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := fmt.Sprintf("_%s._%s.%s", service, proto, name)
	if r, ok := f.srv[key]; ok {
		return key, r, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
}

func (f fakeResolver) LookupHost(_ context.Context, host string) ([]string, error) {
	if a, ok := f.hosts[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestResolveServer(t *testing.T) {
	res := fakeResolver{
		srv: map[string][]*net.SRV{
			"_sip._udp.example.com": {
				{Target: "backup.example.com.", Port: 5070, Priority: 20, Weight: 0},
				{Target: "sip1.example.com.", Port: 5060, Priority: 10, Weight: 100},
			},
			"_sip._tcp.example.com": {{Target: "tcp.example.com.", Port: 5080, Priority: 10}},
			"_sip._udp.none.com":    {{Target: ".", Port: 0}},
		},
		hosts: map[string][]string{
			"sip1.example.com":   {"2001:db8::5", "192.0.2.5"},
			"backup.example.com": {"192.0.2.9"},
			"tcp.example.com":    {"192.0.2.8"},
			"plain.example.com":  {"192.0.2.20"},
		},
	}
	cases := []struct {
		entry, transport string
		want             []string
		err              string
	}{
		{entry: "example.com", transport: "udp", want: []string{"192.0.2.5:5060", "[2001:db8::5]:5060", "192.0.2.9:5070"}},
		{entry: "example.com", transport: "tcp", want: []string{"192.0.2.8:5080"}},
		// A port given: no SRV lookup even where SRV exists.
		{entry: "example.com:5099", transport: "udp", err: "cannot resolve"},
		{entry: "plain.example.com", transport: "udp", want: []string{"192.0.2.20:5060"}}, // no SRV: A :5060
		{entry: "plain.example.com:5070", transport: "udp", want: []string{"192.0.2.20:5070"}},
		{entry: "198.51.100.4", transport: "udp", want: []string{"198.51.100.4:5060"}},
		{entry: "[2001:db8::7]:5062", transport: "tcp", want: []string{"[2001:db8::7]:5062"}},
		{entry: "missing.example.com", transport: "udp", err: `cannot resolve server name "missing.example.com"`},
		{entry: "none.com", transport: "udp", err: "not offered"},
		{entry: "host:notaport", transport: "udp", err: "port"},
		{entry: "bad host", transport: "udp", err: "not a host name"},
		// ws and wss: no SRV (RFC 7118 defines none); without a port the HTTP ones.
		{entry: "example.com", transport: "wss", err: `cannot resolve server name "example.com"`},
		{entry: "plain.example.com", transport: "ws", want: []string{"192.0.2.20:80"}},
		{entry: "plain.example.com", transport: "wss", want: []string{"192.0.2.20:443"}},
		{entry: "198.51.100.4", transport: "wss", want: []string{"198.51.100.4:443"}},
		{entry: "198.51.100.4:8443", transport: "wss", want: []string{"198.51.100.4:8443"}},
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, tc := range cases {
		t.Run(tc.entry+"/"+tc.transport, func(t *testing.T) {
			hops, err := resolveServer(context.Background(), res, rnd, tc.entry, tc.transport)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hops {
				got = append(got, h.addr)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
		})
	}
}

// TestOrderSRVWeights checks RFC 2782 ordering: priority first, then within a priority the
// first pick follows the weights (3:1 here, so about 75 %), and zero-weight records come
// first only rarely.
func TestOrderSRVWeights(t *testing.T) {
	recs := []*net.SRV{
		{Target: "c", Priority: 20, Weight: 50},
		{Target: "a", Priority: 10, Weight: 30},
		{Target: "b", Priority: 10, Weight: 10},
		{Target: "z", Priority: 10, Weight: 0},
	}
	rnd := rand.New(rand.NewPCG(7, 9))
	first := map[string]int{}
	const n = 20000
	for range n {
		out := orderSRV(recs, rnd)
		if len(out) != 4 || out[3].Target != "c" {
			t.Fatalf("priority 20 must come last: %v", out)
		}
		first[out[0].Target]++
	}
	// P(first=a) = 30/41, P(b) = 10/41, P(z) = 1/41 (n drawn from 0..40, z wins only at 0).
	check := func(target string, want float64) {
		got := float64(first[target]) / n
		if got < want-0.02 || got > want+0.02 {
			t.Errorf("%s first %.3f of the time, want %.3f±0.02", target, got, want)
		}
	}
	check("a", 30.0/41)
	check("b", 10.0/41)
	check("z", 1.0/41)
}

func TestServerEntries(t *testing.T) {
	got := serverEntries("first.example.com:5070", "a.example.com, b.example.com:5080,,first.example.com:5070")
	want := []string{"first.example.com:5070", "a.example.com", "b.example.com:5080"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("entries %v, want %v", got, want)
	}
}

func TestSubBackoff(t *testing.T) {
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, 300 * time.Second, 300 * time.Second}
	for i, w := range want {
		if got := subBackoff(i + 1); got != w {
			t.Errorf("failure %d: wait %v, want %v", i+1, got, w)
		}
	}
	for code, want := range map[int]bool{405: true, 489: true, 404: true, 501: true, 500: false, 403: false, 481: false} {
		if notHere(code) != want {
			t.Errorf("notHere(%d) = %v", code, !want)
		}
	}
}
