package testpeer

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A browser webphone as a far end: JsSIP (npm jssip, bundled by scripts/jssip-bundle.sh) in
// headless Chromium (Debian: chromium) with fake media devices, the microphone a WAV file.
// The test serves the page (testdata/peers/browser) from an HTTP server of its own on the
// browser host's 127.0.0.1, so the page is a secure context that may use the microphone,
// and drives it over the DevTools protocol. What the page hears is measured with
// RTCPeerConnection.getStats() (BrowserStats): WebAudio in headless Chromium reads silence.

// JSSIPBundleEnv names the environment variable holding the JsSIP bundle's path; unset, the
// bundle is looked for where scripts/jssip-bundle.sh writes it (the user's cache dir).
const JSSIPBundleEnv = "TESTPEER_JSSIP_BUNDLE"

// BrowserOptionalEnv, set to 1, lets browser tests skip when the JsSIP bundle was not built
// (a machine without npm); unset, a missing bundle fails the test, as it must in CI.
const BrowserOptionalEnv = "TESTPEER_BROWSER_OPTIONAL"

// jssipVersion is the JsSIP release scripts/jssip-bundle.sh bundles.
const jssipVersion = "3.13.8"

// browserRate is the sample rate of the fake microphone file (WebRTC's native rate).
const browserRate = 48000

// BrowserConfig describes one browser webphone.
type BrowserConfig struct {
	// Host is where Chromium runs (e.g. n.Stranger of StartNet); nil means the test
	// process's namespace. Chromium's WebRTC ignores loopback interfaces, so calls need a
	// StartNet host.
	Host *Host
	// Source is a WAV played as the microphone (Chromium loops it); "" means silence.
	Source string
	// SourcePad is silence appended to Source, so that one call hears it once; 0 means 3
	// minutes.
	SourcePad time.Duration
	// SourceLead is silence before Source: Chromium starts the file when a call opens the
	// microphone, before ICE and DTLS have connected, so speech at once would be partly
	// lost. 0 means DefaultBrowserLead.
	SourceLead time.Duration
	// STUNServers are the page's ICE servers ("stun:198.51.100.10:3478", Coturn.Addr behind
	// the scheme); none means host candidates only.
	STUNServers []string
}

// DefaultBrowserLead is the silence before a browser's Source when BrowserConfig.SourceLead
// is 0 (ICE and DTLS connect in well under a second on the test topology).
const DefaultBrowserLead = 2 * time.Second

// Browser is a running headless Chromium with the webphone page loaded.
type Browser struct {
	// StartTime is how long Chromium took from start to the page ready (a figure).
	StartTime time.Duration

	cfg  BrowserConfig
	dir  string
	proc *process
	cdp  *cdpConn
	page string // the page's URL
}

// JSSIPBundle returns the path of the JsSIP bundle. Without it the test fails naming the
// script that builds it, or skips when BrowserOptionalEnv is 1.
func JSSIPBundle(t testing.TB) string {
	t.Helper()
	p := os.Getenv(JSSIPBundleEnv)
	if p == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Fatalf("testpeer: JsSIP bundle: %v (set %s)", err, JSSIPBundleEnv)
		}
		p = filepath.Join(cache, "softphone", "jssip-"+jssipVersion, "jssip.js")
	}
	if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
		msg := fmt.Sprintf("testpeer: JsSIP bundle %s missing (%v): build it with scripts/jssip-bundle.sh "+
			"(npm, outside the test namespace; scripts/test does)", p, err)
		if os.Getenv(BrowserOptionalEnv) == "1" {
			t.Skip(msg + "; skipped because " + BrowserOptionalEnv + "=1")
		}
		t.Fatal(msg)
	}
	return p
}

// StartBrowser starts headless Chromium on cfg.Host with the webphone page and returns once
// the page has loaded JsSIP. Cleanup stops Chromium and the page's HTTP server.
func StartBrowser(t testing.TB, cfg BrowserConfig) *Browser {
	t.Helper()
	start := time.Now()
	bundle := JSSIPBundle(t)
	bin := lookBinary(t, "chromium", "chromium")
	b := &Browser{cfg: cfg, dir: peerDir(t, "chromium")}
	mic := b.prepareSource(t)
	addr := b.serve(t, bundle)
	b.page = "http://" + addr + "/"
	profile := filepath.Join(b.dir, "profile")
	args := []string{
		"--headless=new",
		"--no-sandbox", // why: the tests run as root, where Chromium's sandbox refuses to start
		"--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile,
		"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
		"--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
		"--use-file-for-fake-audio-capture=" + mic,
		"--autoplay-policy=no-user-gesture-required",
		// why: Kamailio's wss certificate comes from the test's own CA, which this
		// throw-away profile does not know.
		"--ignore-certificate-errors",
		b.page,
	}
	// HOME for Chromium's own files (crash reports, fonts cache) inside the peer dir.
	b.proc = startProcessOn(t, cfg.Host, "chromium", filepath.Join(b.dir, "chromium.log"),
		[]string{"HOME=" + b.dir}, bin, args...)
	port := b.waitDevTools(t, profile, 30*time.Second)
	b.connect(t, port, 30*time.Second)
	if len(cfg.STUNServers) > 0 {
		servers := []map[string]any{{"urls": cfg.STUNServers}}
		if err := b.eval("configure", nil, servers); err != nil {
			t.Fatalf("testpeer: browser ICE servers %v: %v", cfg.STUNServers, err)
		}
	}
	t.Cleanup(func() {
		var s BrowserState
		if t.Failed() && b.eval("state", &s) == nil {
			t.Logf("testpeer: browser call %q (%s); SDP received:\n%s\nSDP sent:\n%s", s.Call, s.Cause, s.RemoteSDP, s.LocalSDP)
		}
	})
	b.StartTime = time.Since(start)
	return b
}

// prepareSource writes the fake microphone file: Source (or silence) at 48 kHz mono,
// padded with silence.
func (b *Browser) prepareSource(t testing.TB) string {
	t.Helper()
	sox := lookBinary(t, "sox", "sox")
	pad := b.cfg.SourcePad
	if pad <= 0 {
		pad = defaultSourcePad
	}
	out := filepath.Join(b.dir, "mic.wav")
	if b.cfg.Source == "" {
		convertWAV(t, sox, "-n", out, browserRate, "trim", "0", secs(pad))
		return out
	}
	if _, err := os.Stat(b.cfg.Source); err != nil {
		t.Fatalf("testpeer: browser source: %v", err)
	}
	lead := b.cfg.SourceLead
	if lead <= 0 {
		lead = DefaultBrowserLead
	}
	convertWAV(t, sox, b.cfg.Source, out, browserRate, "pad", secs(lead), secs(pad))
	return out
}

// serve starts the page's HTTP server on the browser host's 127.0.0.1 and returns its
// address.
func (b *Browser) serve(t testing.TB, bundle string) string {
	t.Helper()
	pageDir := filepath.Join(PeersDir(t), "browser")
	l, err := b.cfg.Host.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testpeer: browser page server: %v", err)
	}
	mux := http.NewServeMux()
	file := func(path, typ string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", typ)
			w.Header().Set("Cache-Control", "no-store")
			http.ServeFile(w, r, path)
		}
	}
	mux.HandleFunc("/{$}", file(filepath.Join(pageDir, "webphone.html"), "text/html; charset=utf-8"))
	mux.HandleFunc("/webphone.js", file(filepath.Join(pageDir, "webphone.js"), "text/javascript"))
	mux.HandleFunc("/jssip.js", file(bundle, "text/javascript"))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String()
}

// waitDevTools waits for Chromium to write its DevTools port into the profile.
func (b *Browser) waitDevTools(t testing.TB, profile string, timeout time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if err := b.proc.exited(); err != nil {
			t.Fatalf("testpeer: chromium: %v (log tail follows)", err)
		}
		if data, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort")); err == nil {
			line, _, _ := strings.Cut(string(data), "\n")
			if port, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && port > 0 {
				return port
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: chromium wrote no DevToolsActivePort within %v (log tail follows)", timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// connect finds the page's target on the DevTools port, connects to it and waits until the
// page has loaded JsSIP.
func (b *Browser) connect(t testing.TB, port int, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	devtools := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	logf, err := os.OpenFile(filepath.Join(b.dir, "page.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatalf("testpeer: browser page log: %v", err)
	}
	t.Cleanup(func() {
		logf.Close()
		if t.Failed() {
			t.Logf("testpeer: browser page log tail (%s):\n%s", logf.Name(), fileTail(logf.Name(), 60))
		}
	})
	var lastErr error
	for ctx.Err() == nil {
		if err := b.proc.exited(); err != nil {
			t.Fatalf("testpeer: chromium: %v (log tail follows)", err)
		}
		var wsURL string
		if wsURL, lastErr = b.pageTarget(ctx, devtools); lastErr == nil {
			if b.cdp, lastErr = dialCDP(ctx, wsURL, b.cfg.Host.DialContext, logf); lastErr == nil {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if b.cdp == nil {
		t.Fatalf("testpeer: chromium DevTools on %s: no page %s within %v: %v (log tail follows)", devtools, b.page, timeout, lastErr)
	}
	t.Cleanup(b.cdp.close)
	if _, err := b.cdp.call(ctx, "Runtime.enable", map[string]any{}); err != nil {
		t.Fatalf("testpeer: chromium: %v", err)
	}
	for {
		var version string
		err := b.cdp.evaluate(ctx, "window.webphoneReady || ''", &version)
		if err == nil && version != "" {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("testpeer: browser page %s did not load JsSIP within %v (last: %q, %v)", b.page, timeout, version, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pageTarget returns the DevTools WebSocket URL of the tab showing the page.
func (b *Browser) pageTarget(ctx context.Context, devtools string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+devtools+"/json/list", nil)
	if err != nil {
		return "", err
	}
	resp, err := b.cfg.Host.HTTPClient().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var targets []struct {
		Type, URL, WebSocketDebuggerURL string
	}
	if err := json.NewDecoder(resp.Body).Decode(&targets); err != nil {
		return "", fmt.Errorf("/json/list: %w", err)
	}
	for _, tg := range targets {
		if tg.Type == "page" && strings.HasPrefix(tg.URL, b.page) && tg.WebSocketDebuggerURL != "" {
			return tg.WebSocketDebuggerURL, nil
		}
	}
	return "", fmt.Errorf("no tab with %s among %d targets", b.page, len(targets))
}

// LogTail returns the last n lines of the page's console log.
func (b *Browser) LogTail(n int) string { return fileTail(filepath.Join(b.dir, "page.log"), n) }

// WAVLength is how long the WAV at path plays; an unreadable file fails the test.
func WAVLength(t testing.TB, path string) time.Duration {
	t.Helper()
	w, err := ReadWAV(path)
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	return time.Duration(w.Duration() * float64(time.Second))
}
