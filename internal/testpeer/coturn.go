package testpeer

import (
	"errors"
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pion/stun/v3"
)

// Coturn is a running coturn (Debian: coturn) STUN and TURN server.
type Coturn struct {
	// Addr is "IP:PORT" of its UDP (and TCP) listener: a stunserver or turnserver value.
	Addr string
	// Realm is the realm of its long-term credentials.
	Realm string
	// On is the host it runs on; nil for 127.0.0.1.
	On *Host

	proc *process
}

// CoturnConfig says how to start coturn.
type CoturnConfig struct {
	// Host runs it in a StartNet host's namespace on its IP (Net.PBX, say: the public side);
	// nil runs it on 127.0.0.1.
	Host *Host
	// Users are TURN users and their passwords (long-term credentials); STUN Binding
	// requests need none.
	Users map[string]string
}

// StartCoturn starts turnserver on a free port of cfg.Host's IP, with relay addresses on
// that IP, no TLS/DTLS listeners and no CLI, and waits until it answers a STUN Binding
// request (from the host it runs on). t.Cleanup stops it.
func StartCoturn(t testing.TB, cfg CoturnConfig) *Coturn {
	t.Helper()
	ip := cfg.Host.ip()
	port := cfg.Host.FreePort(t, ip)
	dir := peerDir(t, "coturn")
	c := &Coturn{Addr: net.JoinHostPort(ip, strconv.Itoa(port)), Realm: "softphone.test", On: cfg.Host}
	args := []string{"-n", "--listening-ip=" + ip, "--listening-port=" + strconv.Itoa(port),
		"--relay-ip=" + ip, "--realm=" + c.Realm, "--lt-cred-mech", "--fingerprint",
		"--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log", "--verbose",
		"--pidfile=" + filepath.Join(dir, "turnserver.pid"), "--userdb=" + filepath.Join(dir, "turndb"),
		"--min-port=49152", "--max-port=65535"}
	if ip == "127.0.0.1" {
		args = append(args, "--allow-loopback-peers")
	}
	if len(cfg.Users) == 0 {
		args = append(args, "--user=stunonly:"+strconv.Itoa(port)) // lt-cred-mech wants a user
	}
	for u, p := range cfg.Users {
		args = append(args, "--user="+u+":"+p)
	}
	c.proc = startProcessOn(t, cfg.Host, "coturn", filepath.Join(dir, "coturn.log"), nil, "turnserver", args...)
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := c.ping()
		if err == nil {
			return c
		}
		if e := c.proc.exited(); e != nil {
			t.Fatalf("testpeer: coturn exited: %v\n%s", e, c.proc.tail(30))
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: coturn on %s did not answer STUN within 15 s: %v\n%s", c.Addr, err, c.proc.tail(30))
		}
	}
}

// ping sends one STUN Binding request from coturn's host and checks the answer.
func (c *Coturn) ping() error {
	conn, err := c.On.ListenPacket("udp4", net.JoinHostPort(c.On.ip(), "0"))
	if err != nil {
		return err
	}
	defer conn.Close()
	to, err := net.ResolveUDPAddr("udp4", c.Addr)
	if err != nil {
		return err
	}
	req := stun.MustBuild(stun.TransactionID, stun.BindingRequest, stun.Fingerprint)
	if _, err := conn.WriteTo(req.Raw, to); err != nil {
		time.Sleep(50 * time.Millisecond) // ICMP refused: not bound yet
		return err
	}
	_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	buf := make([]byte, 1500)
	n, _, err := conn.ReadFrom(buf)
	if err != nil {
		return err
	}
	res := &stun.Message{Raw: buf[:n]}
	if err := res.Decode(); err != nil {
		return err
	}
	if res.Type != stun.BindingSuccess {
		return errors.New("answered " + res.Type.String())
	}
	return nil
}

// Stop stops coturn now (t.Cleanup would otherwise).
func (c *Coturn) Stop() { c.proc.stop() }

// LogTail returns the last n lines of coturn's log.
func (c *Coturn) LogTail(n int) string { return c.proc.tail(n) }
