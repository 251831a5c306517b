package testpeer

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kamailioModules is where Debian installs kamailio's modules.
const kamailioModules = "/usr/lib/x86_64-linux-gnu/kamailio/modules"

// Kamailio is a running kamailio registrar and proxy on 127.0.0.1, or on a
// StartNet host (OnHost).
type Kamailio struct {
	// Addr is "IP:PORT", the UDP and TCP listen address.
	Addr string
	// Host is the listen IP, "127.0.0.1" or the OnHost host's IP.
	Host string
	// Port is the listen port for both UDP and TCP.
	Port int
	// Domain is the SIP domain and digest realm of local users (the
	// listen IP).
	Domain string
	// On is the StartNet host kamailio runs on; nil on 127.0.0.1.
	On *Host
	// TLSAddr is "IP:PORT" of the SIP over TLS listener (WithTLS), "" without.
	TLSAddr string
	// WSAddr is "IP:PORT" of the SIP over WebSocket listener (WithWebSocket), "" without.
	WSAddr string
	// WSSAddr is "IP:PORT" of the SIP over secure WebSocket listener (WithWebSocket and
	// WithTLS), "" without.
	WSSAddr string

	ctlSocket string
	presence  bool // started WithPresence
	proc      *process
}

// KamailioOption adjusts how StartKamailio configures the server.
type KamailioOption func(*kamailioOptions)

type kamailioOptions struct {
	algorithm   string
	presence    bool
	host        *Host
	tlsCert     string // WithTLS
	tlsKey      string
	tlsClientCA string // WithTLSClientCA
	websocket   bool   // WithWebSocket
	aliases     []string
}

// OnHost runs kamailio in h's network namespace, listening on h.IP (e.g.
// OnHost(n.PBX) of StartNet). Its ctl socket stays a unix socket on the
// shared filesystem, so Registered, Location and Presentity work as on
// 127.0.0.1; readiness is an OPTIONS answered to the test process.
func OnHost(h *Host) KamailioOption {
	return func(o *kamailioOptions) { o.host = h }
}

// WithChallengeAlgorithm makes kamailio challenge with the given digest
// algorithm: "MD5" (the default) or "SHA-256" (RFC 8760).
func WithChallengeAlgorithm(alg string) KamailioOption {
	return func(o *kamailioOptions) { o.algorithm = alg }
}

var kamailioUserRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// StartKamailio starts kamailio with the given users (name -> password) and
// waits until it answers OPTIONS. Users and passwords may hold only
// characters that need no quoting in kamailio's config language.
func StartKamailio(t testing.TB, users map[string]string, opts ...KamailioOption) *Kamailio {
	t.Helper()
	var o kamailioOptions
	for _, opt := range opts {
		opt(&o)
	}
	switch o.algorithm {
	case "", "MD5", "SHA-256":
	default:
		t.Fatalf("testpeer: kamailio: unsupported challenge algorithm %q (want MD5 or SHA-256)", o.algorithm)
	}
	bin := lookBinary(t, "kamailio", "kamailio")
	dir := peerDir(t, "kam")
	usersFile := filepath.Join(dir, "users.cfg")
	if err := os.WriteFile(usersFile, []byte(kamailioUsersRoute(t, users)), 0o600); err != nil {
		t.Fatalf("testpeer: kamailio users: %v", err)
	}
	h := o.host
	ip := h.ip()
	port := h.FreePort(t, ip)
	k := &Kamailio{
		Addr:      net.JoinHostPort(ip, strconv.Itoa(port)),
		Host:      ip,
		Port:      port,
		Domain:    ip,
		On:        h,
		ctlSocket: filepath.Join(dir, "ctl.sock"),
	}
	cfg := filepath.Join(dir, "kamailio.cfg")
	data := map[string]any{
		"Port":       port,
		"ListenIP":   ip,
		"Domain":     k.Domain,
		"CtlSocket":  k.ctlSocket,
		"UsersFile":  usersFile,
		"Algorithm":  o.algorithm,
		"ModulesDir": kamailioModules,
		"Aliases":    o.aliases,
	}
	k.TLSAddr = tlsAddr(ip, kamailioTLSConfig(t, &o, h, ip, dir, data))
	wsPort, wssPort := kamailioWSConfig(t, &o, h, ip, data)
	k.WSAddr, k.WSSAddr = tlsAddr(ip, wsPort), tlsAddr(ip, wssPort)
	if (k.TLSAddr != "" || k.WSAddr != "") && o.presence {
		t.Fatalf("testpeer: kamailio: WithTLS or WithWebSocket and WithPresence together are not supported")
	}
	if o.presence {
		k.presence = true
		db := filepath.Join(dir, "db")
		writePresenceTables(t, db)
		data["DBURL"] = "text://" + db
		renderPresenceConfig(t, cfg, data)
	} else {
		renderTemplate(t, "kamailio.cfg.tmpl", cfg, data)
	}
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o755); err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	k.proc = startProcessOn(t, h, "kamailio", filepath.Join(dir, "kamailio.log"), nil, bin,
		"-f", cfg, "-DD", "-E", "-w", dir, "-Y", run, "-P", filepath.Join(run, "kamailio.pid"),
		"-m", "64", "-M", "8")
	k.waitReady(t, 15*time.Second)
	k.waitTLS(t, 15*time.Second)
	k.waitListening(t, "ws", k.WSAddr, 15*time.Second)
	k.waitListening(t, "wss", k.WSSAddr, 15*time.Second)
	return k
}

// kamailioUsersRoute renders the htable seed route for users.
func kamailioUsersRoute(t testing.TB, users map[string]string) string {
	t.Helper()
	names := make([]string, 0, len(users))
	for u, p := range users {
		if !kamailioUserRE.MatchString(u) {
			t.Fatalf("testpeer: kamailio user %q: use 1-64 of A-Z a-z 0-9 . _ -", u)
		}
		if !kamailioUserRE.MatchString(p) {
			t.Fatalf("testpeer: kamailio password of %q: use 1-64 of A-Z a-z 0-9 . _ -", u)
		}
		names = append(names, u)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("event_route[htable:mod-init] {\n")
	for _, u := range names {
		fmt.Fprintf(&b, "\t$sht(users=>%s) = \"%s\";\n", u, users[u])
	}
	b.WriteString("}\n")
	return b.String()
}

// waitReady polls with OPTIONS until kamailio answers.
func (k *Kamailio) waitReady(t testing.TB, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := k.proc.exited(); err != nil {
			t.Fatalf("testpeer: kamailio: %v (log tail follows)", err)
		}
		if _, err := pingSIPFrom(k.On, k.Addr, 500*time.Millisecond); err == nil {
			return
		}
	}
	t.Fatalf("testpeer: kamailio on %s not answering OPTIONS within %v (log tail follows)", k.Addr, timeout)
}

// LogTail returns the last n lines of kamailio's log.
func (k *Kamailio) LogTail(n int) string { return k.proc.tail(n) }

// Registered reports whether user has at least one contact in kamailio's
// location table (asked over the ctl socket with kamcmd).
func (k *Kamailio) Registered(t testing.TB, user string) bool {
	t.Helper()
	return len(k.Location(t, user)) > 0
}

// WaitRegistered polls Registered until user has a contact or fails the test
// after timeout.
func (k *Kamailio) WaitRegistered(t testing.TB, user string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if k.Registered(t, user) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: %s not registered at kamailio within %v (log tail follows)", user, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Binding is one contact of a user in kamailio's location table.
type Binding struct {
	// Contact is the contact URI as the client registered it.
	Contact string
	// Received is the source the REGISTER came from when kamailio saw the
	// client behind NAT ("sip:ip:port"), else "".
	Received string
}

// Location returns user's contacts in kamailio's location table (kamcmd
// ul.lookup), none if the user is not registered.
func (k *Kamailio) Location(t testing.TB, user string) []Binding {
	t.Helper()
	bin := lookBinary(t, "kamcmd", "kamailio")
	out, err := exec.Command(bin, "-s", "unixs:"+k.ctlSocket, "ul.lookup", "location", "s:"+user).CombinedOutput()
	text := string(out)
	switch {
	case strings.Contains(text, "AOR not found"):
		return nil
	case err != nil || strings.HasPrefix(text, "error"):
		t.Fatalf("testpeer: kamcmd ul.lookup %s: %v: %s", user, err, out)
	}
	return parseULLookup(text)
}

// parseULLookup reads kamcmd ul.lookup output: per contact a
// "Contact: {" block with "Address: URI" and "Received: URI" lines.
func parseULLookup(text string) []Binding {
	var bs []Binding
	for _, line := range strings.Split(text, "\n") {
		key, val, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "Address":
			bs = append(bs, Binding{Contact: val})
		case "Received":
			if len(bs) > 0 {
				bs[len(bs)-1].Received = val
			}
		}
	}
	return bs
}
