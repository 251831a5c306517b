package testpeer

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	baresipModules = "/usr/lib/baresip/modules"
	// baresipRate is the sample rate of baresip's source and player.
	baresipRate = 16000
	// defaultSourcePad is the silence appended to the microphone file.
	defaultSourcePad = 3 * time.Minute
	// ctrlTimeout bounds one ctrl_tcp command.
	ctrlTimeout = 10 * time.Second
)

// BaresipConfig describes one baresip peer.
type BaresipConfig struct {
	// User and Password are the account; the password is used only with a
	// Registrar or when a proxy challenges.
	User, Password string
	// Registrar is the kamailio address (k.Addr, "ip:port"); "" means no
	// registration (direct calls only).
	Registrar string
	// Host is where baresip runs (its network namespace, e.g. n.Far of
	// StartNet); nil means the test process's own namespace, where only
	// loopback exists under IsolatedMain. baresip picks its own address
	// either way (its default configuration: no net_interface).
	Host *Host
	// Source is a WAV played as the microphone; "" means silence.
	Source string
	// SourcePad is silence appended to Source. aufile ends the call at the
	// end of its file, so this bounds call length. 0 means 3 minutes;
	// negative means none (the call ends when Source ends).
	SourcePad time.Duration
	// AutoAnswer makes baresip answer incoming calls at once.
	AutoAnswer bool
	// RecordDir receives sndfile's WAVs of each call; "" means t.TempDir().
	RecordDir string
	// Loopback makes baresip send back what it hears (its player and its
	// source are one aubridge device), so its "enc" recording is a
	// real-time record of what it received. Source must be "". After a
	// re-INVITE that was not sendrecv call RearmLoopback (see doc.go).
	Loopback bool
	// SIPTrace logs every SIP message baresip sends or receives (baresip
	// -s), for WaitSIP and SIPMessages.
	SIPTrace bool
	// Presence loads baresip's presence and contact modules: it publishes
	// its status (PUBLISH, see SetPresence) and subscribes to the presence
	// of Contacts. Needs a Registrar started WithPresence.
	Presence bool
	// Contacts are SIP URIs written to baresip's contacts file (watched
	// with Presence).
	Contacts []string
	// MWI loads baresip's mwi module: it subscribes to message-summary.
	MWI bool
	// MediaEnc is the account's media encryption (baresip mediaenc): ""
	// for plain RTP, "srtp" (SDES, optional), "srtp-mand" (SDES, required),
	// "srtp-mandf" (required, RTP/SAVPF) or "dtls_srtp" (DTLS-SRTP,
	// UDP/TLS/RTP/SAVP, module dtls_srtp).
	MediaEnc string
	// RTCPMux makes baresip offer and accept a=rtcp-mux (config rtcp_mux).
	RTCPMux bool
	// AudioCodecs is the account's audio_codecs, baresip names in preference
	// order, e.g. "G722" or "opus,PCMU"; "" means PCMU/8000/1,PCMA/8000/1.
	// The g711, g722 and opus modules are loaded.
	AudioCodecs string
	// MediaNAT is the account's medianat: "" for none, "stun", "turn" or "ice" (the module
	// of that name is loaded; ice also loads stun and turn for its candidates).
	MediaNAT string
	// STUNServer is the account's stunserver URI, e.g. "stun:198.51.100.10:3478" or
	// "turn:198.51.100.10:3478" (Coturn.Addr behind the scheme); needed with MediaNAT.
	STUNServer string
	// STUNUser and STUNPass are the TURN credentials (stunuser, stunpass).
	STUNUser, STUNPass string
	// Player is the audio_player "module,device"; "" means a device nobody
	// reads from (aubridge). "alsa,default" plays to ALSA's default PCM (with
	// Env from a Pulse, a real-time null sink); the alsa module is loaded then.
	Player string
	// Env is added to baresip's environment, e.g. Pulse.Env().
	Env []string
}

// loopDevice is the aubridge device a Loopback peer plays into and records
// from.
const loopDevice = "testpeer-loop"

// Baresip is a running baresip driven over ctrl_tcp.
type Baresip struct {
	cfg       BaresipConfig
	sipPort   int
	dir       string
	recordDir string
	proc      *process
	ctrl      *ctrlConn
	loopGen   int // aubridge devices used by RearmLoopback so far
}

var baresipUserRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// StartBaresip starts baresip with its own config directory and waits until
// its ctrl_tcp socket accepts and, with a Registrar, it has registered.
func StartBaresip(t testing.TB, cfg BaresipConfig) *Baresip {
	t.Helper()
	if !baresipUserRE.MatchString(cfg.User) {
		t.Fatalf("testpeer: baresip user %q: use 1-64 of A-Z a-z 0-9 . _ -", cfg.User)
	}
	if strings.ContainsAny(cfg.Password, ";>\r\n\"") {
		t.Fatalf("testpeer: baresip password of %q holds one of ; > \" or a newline", cfg.User)
	}
	if cfg.Registrar != "" {
		if _, _, err := net.SplitHostPort(cfg.Registrar); err != nil {
			t.Fatalf("testpeer: baresip registrar %q: %v", cfg.Registrar, err)
		}
	}
	switch cfg.MediaEnc {
	case "", "srtp", "srtp-mand", "srtp-mandf", "dtls_srtp":
	default:
		t.Fatalf("testpeer: baresip %s: MediaEnc %q: use \"\", srtp, srtp-mand, srtp-mandf or dtls_srtp", cfg.User, cfg.MediaEnc)
	}
	var natModules []string
	switch cfg.MediaNAT {
	case "":
	case "stun", "turn":
		natModules = []string{cfg.MediaNAT + ".so"}
	case "ice":
		natModules = []string{"stun.so", "turn.so", "ice.so"}
	default:
		t.Fatalf("testpeer: baresip %s: MediaNAT %q: use \"\", stun, turn or ice", cfg.User, cfg.MediaNAT)
	}
	if cfg.MediaNAT != "" && cfg.STUNServer == "" {
		t.Fatalf("testpeer: baresip %s: MediaNAT %q needs a STUNServer", cfg.User, cfg.MediaNAT)
	}
	if cfg.Loopback && cfg.Source != "" {
		t.Fatalf("testpeer: baresip %s: Loopback sends back what it hears, so Source %q must be empty", cfg.User, cfg.Source)
	}
	bin := lookBinary(t, "baresip", "baresip")
	b := &Baresip{cfg: cfg, dir: peerDir(t, "bs-"+cfg.User), recordDir: cfg.RecordDir}
	if b.recordDir == "" {
		b.recordDir = t.TempDir()
	}
	player, source := "aubridge,testpeer-null", "aubridge,"+loopDevice
	if cfg.Loopback {
		player = source
	} else {
		source = "aufile," + b.prepareSource(t)
	}
	if cfg.Player != "" {
		player = cfg.Player
	}
	h := cfg.Host
	b.sipPort = h.FreeSIPPort(t, "") // baresip listens for TLS on the next port too
	// ctrl_tcp listens on the loopback of baresip's own namespace; the
	// test reaches it from inside that namespace (Host.DialContext).
	ctrlAddr := "127.0.0.1:" + strconv.Itoa(h.FreePort(t, "127.0.0.1"))
	rtp := freeRTPRange(t, h, 16)
	renderTemplate(t, "baresip.config.tmpl", filepath.Join(b.dir, "config"), map[string]any{
		"SIPPort":      b.sipPort,
		"NetInterface": loopbackInterface(h),
		"CtrlAddr":     ctrlAddr,
		"SourceDev":    source,
		"Player":       player,
		"ALSA":         strings.HasPrefix(player, "alsa,"),
		"RecordDir":    b.recordDir,
		"ModulesDir":   baresipModules,
		"RTPPorts":     fmt.Sprintf("%d-%d", rtp, rtp+15),
		"NATModules":   natModules,
		"RTCPMux":      cfg.RTCPMux || cfg.MediaNAT == "ice", // ICE of one component: RTCP rides on RTP
	})
	if err := os.WriteFile(filepath.Join(b.dir, "accounts"), []byte(b.accountLine()+"\n"), 0o600); err != nil {
		t.Fatalf("testpeer: baresip accounts: %v", err)
	}
	b.writeSocialConfig(t)
	args := []string{"-4", "-v", "-f", b.dir}
	if cfg.SIPTrace {
		args = append(args, "-s")
	}
	b.proc = startProcessOn(t, h, "baresip "+cfg.User, filepath.Join(b.dir, "baresip.log"), cfg.Env, bin, args...)
	b.connect(t, ctrlAddr, 15*time.Second)
	if cfg.Registrar != "" {
		b.waitRegistered(t, 15*time.Second)
	}
	return b
}

// accountLine renders the accounts file entry.
func (b *Baresip) accountLine() string {
	c := b.cfg
	var s strings.Builder
	if c.Registrar != "" {
		fmt.Fprintf(&s, "<sip:%s@%s;transport=udp>;regint=600", c.User, c.Registrar)
	} else {
		fmt.Fprintf(&s, "<sip:%s@%s:%d;transport=udp>;regint=0", c.User, c.Host.ip(), b.sipPort)
	}
	if c.Password != "" {
		fmt.Fprintf(&s, ";auth_user=%s;auth_pass=%s", c.User, c.Password)
	}
	if c.AutoAnswer {
		s.WriteString(";answermode=auto")
	} else {
		s.WriteString(";answermode=manual")
	}
	codecs := c.AudioCodecs
	if codecs == "" {
		codecs = "PCMU/8000/1,PCMA/8000/1"
	}
	s.WriteString(";audio_codecs=" + codecs)
	if c.MediaEnc != "" {
		s.WriteString(";mediaenc=" + c.MediaEnc)
	}
	if c.MediaNAT != "" {
		s.WriteString(";medianat=" + c.MediaNAT + ";stunserver=" + c.STUNServer)
		if c.STUNUser != "" {
			s.WriteString(";stunuser=" + c.STUNUser + ";stunpass=" + c.STUNPass)
		}
	}
	if c.Presence && c.Registrar != "" {
		s.WriteString(";pubint=60")
	}
	if c.MWI && c.Registrar != "" {
		s.WriteString(";mwi=yes")
	}
	return s.String()
}

// prepareSource converts the microphone WAV to the rate aufile needs and
// pads it with silence.
func (b *Baresip) prepareSource(t testing.TB) string {
	t.Helper()
	sox := lookBinary(t, "sox", "sox")
	pad := b.cfg.SourcePad
	if pad == 0 {
		pad = defaultSourcePad
	}
	out := filepath.Join(b.dir, "source.wav")
	if b.cfg.Source == "" {
		if pad < 0 {
			pad = time.Second
		}
		convertWAV(t, sox, "-n", out, baresipRate, "trim", "0", secs(pad))
		return out
	}
	if _, err := os.Stat(b.cfg.Source); err != nil {
		t.Fatalf("testpeer: baresip source: %v", err)
	}
	var effects []string
	if pad > 0 {
		effects = []string{"pad", "0", secs(pad)}
	}
	convertWAV(t, sox, b.cfg.Source, out, baresipRate, effects...)
	return out
}

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }

// connect polls until ctrl_tcp accepts a connection.
func (b *Baresip) connect(t testing.TB, addr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if err := b.proc.exited(); err != nil {
			t.Fatalf("testpeer: baresip %s: %v (log tail follows)", b.cfg.User, err)
		}
		conn, err := b.cfg.Host.DialTimeout("tcp4", addr, time.Second)
		if err == nil {
			b.ctrl = newCtrlConn(conn)
			t.Cleanup(b.ctrl.close)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: baresip %s ctrl_tcp %s not accepting within %v: %v (log tail follows)",
				b.cfg.User, addr, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitRegistered polls reginfo (the REGISTER_OK event may precede the
// ctrl_tcp connection) until the account shows OK.
func (b *Baresip) waitRegistered(t testing.TB, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if _, ok, _, _ := b.ctrl.next("REGISTER_OK", false); ok {
			return
		}
		if _, ok, _, _ := b.ctrl.next("REGISTER_FAIL", false); ok {
			t.Fatalf("testpeer: baresip %s: REGISTER_FAIL (log tail follows)", b.cfg.User)
		}
		info, err := b.Command("reginfo", "")
		if err == nil {
			switch regState(info) {
			case "OK":
				return
			case "ERR":
				t.Fatalf("testpeer: baresip %s: registration failed: %q (log tail follows)", b.cfg.User, info)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: baresip %s not registered within %v (reginfo %q, err %v) (log tail follows)",
				b.cfg.User, timeout, info, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// regStateRE finds the status word baresip's reginfo prints after the AOR
// (coloured "OK" or "ERR"; nothing while unregistered).
var regStateRE = regexp.MustCompile(`(?m)^> ?\S+\s+(?:\x1b\[[0-9;]*m)?(OK|ERR)\b`)

// regState returns "OK", "ERR" or "" from reginfo output.
func regState(info string) string {
	m := regStateRE.FindStringSubmatch(info)
	if m == nil {
		return ""
	}
	return m[1]
}

// loopbackInterface is baresip's net_interface: "127.0.0.1" for a peer of
// the loopback-only tests (h nil), "" on a StartNet host.
// why: under IsolatedMain the test process's namespace has only lo, and
// baresip 1.0 never picks a loopback address by itself (it starts with an
// empty "Local network address" and every call fails with "Cannot assign
// requested address"); naming the interface "lo" does not help either, as it
// skips loopback addresses when it looks one up by interface name. On a
// StartNet host baresip runs in its default configuration.
func loopbackInterface(h *Host) string {
	if h == nil {
		return "127.0.0.1"
	}
	return ""
}
