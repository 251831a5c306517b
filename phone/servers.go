package phone

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Server selection (RFC 3263 without NAPTR): the phone's servers are serveraddressfirst, then
// the comma-separated serveraddress list. An entry with a port is used as host:port (a host
// name resolved to its A/AAAA addresses); an entry without a port that is a name is looked up
// as DNS SRV (_sip._udp or _sip._tcp, per transport), targets ordered by priority and, within
// one priority, by a weighted random draw (RFC 2782); when SRV answers nothing, A/AAAA :5060.
//
// NAPTR is not used: Go's net package cannot query it and no DNS library is in go.sum; a
// provider's NAPTR records normally point at the same _sip._udp/_sip._tcp SRV names we ask
// for directly.
//
// The registrar goroutine decides which server is in use (it fails over on timeout, transport
// error or 5xx) and records it with setServerInUse; account.outbound, which calls, MESSAGE,
// SUBSCRIBE and PUBLISH use, reads it from there. That is the one place that answers "where
// do requests go now".

// srvResolver is the part of *net.Resolver that server selection uses (tests inject a fake).
type srvResolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// hop is one resolved address of a server entry.
type hop struct {
	entry string // the entry as configured, e.g. "pbx.example.com" or "10.0.0.1:5070"
	addr  string // IP:port where requests go
	how   string // how addr was found, for events ("SRV _sip._udp.example.com", "A", "literal")
}

// serverInUse is the server the registrar currently uses.
type serverInUse struct {
	entry string // the configured entry: the account's domain when registered there
	addr  string // resolved IP:port
}

// serverState holds the server in use; read from any goroutine.
type serverState struct {
	mu  sync.RWMutex
	cur serverInUse
}

func (s *serverState) get() serverInUse {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur
}

func (s *serverState) set(v serverInUse) {
	s.mu.Lock()
	s.cur = v
	s.mu.Unlock()
}

// serverEntries is the ordered, de-duplicated list of configured servers.
func serverEntries(first, list string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range append(splitList(first), splitList(list)...) {
		k := strings.ToLower(e)
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// resolveServer turns one configured entry into the addresses to try, in order.
func resolveServer(ctx context.Context, res srvResolver, rnd *rand.Rand, entry, transport string) ([]hop, error) {
	host, port, err := splitEntry(entry)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip != nil {
		return []hop{{entry: entry, addr: net.JoinHostPort(ip.String(), strconv.Itoa(portFor(transport, port))), how: "literal"}}, nil
	}
	if service, proto := srvName(transport); port == 0 && service != "" {
		_, srvs, serr := res.LookupSRV(ctx, service, proto, host)
		if serr == nil && len(srvs) > 0 {
			if len(srvs) == 1 && srvs[0].Target == "." {
				return nil, fmt.Errorf("DNS SRV _%s._%s.%s says the service is not offered (target \".\")", service, proto, host)
			}
			var hops []hop
			var lastErr error
			for _, s := range orderSRV(srvs, rnd) {
				target := strings.TrimSuffix(s.Target, ".")
				addrs, lerr := res.LookupHost(ctx, target)
				if lerr != nil {
					lastErr = lerr
					continue
				}
				for _, a := range preferIPv4(addrs) {
					hops = append(hops, hop{entry: entry, addr: net.JoinHostPort(a, strconv.Itoa(int(s.Port))),
						how: fmt.Sprintf("SRV _%s._%s.%s -> %s:%d", service, proto, host, target, s.Port)})
				}
			}
			if len(hops) == 0 {
				return nil, fmt.Errorf("DNS SRV _%s._%s.%s names targets that do not resolve: %v", service, proto, host, lastErr)
			}
			return hops, nil
		}
	}
	port = portFor(transport, port)
	addrs, err := res.LookupHost(ctx, host)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return nil, fmt.Errorf("cannot resolve server name %q (DNS: %v)", host, dnsErr.Err)
		}
		return nil, fmt.Errorf("cannot resolve server name %q: %v", host, err)
	}
	var hops []hop
	for _, a := range preferIPv4(addrs) {
		hops = append(hops, hop{entry: entry, addr: net.JoinHostPort(a, strconv.Itoa(port)), how: "A/AAAA"})
	}
	if len(hops) == 0 {
		return nil, fmt.Errorf("server name %q has no address", host)
	}
	return hops, nil
}

// splitEntry splits a configured entry into host and port (0 when absent) and checks it.
func splitEntry(entry string) (string, int, error) {
	e := strings.TrimSpace(entry)
	if e == "" {
		return "", 0, fmt.Errorf("empty server entry")
	}
	host, port := e, 0
	if h, p, err := net.SplitHostPort(e); err == nil {
		n, perr := strconv.Atoi(p)
		if perr != nil || n <= 0 || n > 65535 {
			return "", 0, fmt.Errorf("server %q: port %q is not a number from 1 to 65535", entry, p)
		}
		host, port = h, n
	} else if strings.Count(e, ":") == 1 {
		return "", 0, fmt.Errorf("server %q: %v", entry, err)
	}
	host = strings.Trim(host, "[]")
	if host == "" || strings.ContainsAny(host, " /@;?") {
		return "", 0, fmt.Errorf("server %q: not a host name or IP address", entry)
	}
	return host, port, nil
}

// orderSRV orders SRV records per RFC 2782: ascending priority; within a priority, repeatedly
// draw one record with probability proportional to its weight (zero-weight records get a
// small chance, placed first as the RFC's selection algorithm does).
func orderSRV(in []*net.SRV, rnd *rand.Rand) []*net.SRV {
	recs := append([]*net.SRV(nil), in...)
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Priority < recs[j].Priority })
	out := make([]*net.SRV, 0, len(recs))
	for i := 0; i < len(recs); {
		j := i
		for j < len(recs) && recs[j].Priority == recs[i].Priority {
			j++
		}
		group := recs[i:j]
		// RFC 2782: zero-weight records first, then the running-sum draw.
		sort.SliceStable(group, func(a, b int) bool { return group[a].Weight == 0 && group[b].Weight != 0 })
		for len(group) > 0 {
			total := 0
			for _, r := range group {
				total += int(r.Weight)
			}
			pick := 0
			if total > 0 {
				n := rnd.IntN(total + 1)
				sum := 0
				for k, r := range group {
					sum += int(r.Weight)
					if sum >= n {
						pick = k
						break
					}
				}
			}
			out = append(out, group[pick])
			group = append(group[:pick:pick], group[pick+1:]...)
		}
		i = j
	}
	return out
}

// preferIPv4 puts IPv4 addresses before IPv6 ones (the listener is IPv4 unless localip says
// otherwise), keeping DNS order within each family.
func preferIPv4(addrs []string) []string {
	var v4, v6 []string
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip != nil && ip.To4() == nil {
			v6 = append(v6, a)
		} else {
			v4 = append(v4, a)
		}
	}
	return append(v4, v6...)
}

// srvName is the DNS SRV service and protocol of transport (RFC 3263 section 4.1):
// _sips._tcp for TLS, _sip._udp and _sip._tcp for the others; "" for ws and wss, which have
// none (RFC 7118).
func srvName(transport string) (service, proto string) {
	t := transportOrUDP(transport)
	return t.srvService, t.srvProto
}

// portFor maps an absent port (0) to the transport's default: 5061 for TLS, 80 for ws, 443
// for wss, else 5060.
func portFor(transport string, p int) int {
	if p != 0 {
		return p
	}
	return transportOrUDP(transport).defaultPort
}
