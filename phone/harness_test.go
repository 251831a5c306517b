package phone_test

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/phone"
	"softphone/phone/api"
	"softphone/phone/control"
	"softphone/phone/params"
)

// testPhone is a phone under test with its event stream and its control API.
type testPhone struct {
	t      *testing.T
	p      *phone.Phone
	events <-chan control.Event
	api    *httptest.Server
	out    string // audiooutput WAV
	seen   []control.Event
}

// startPhone starts a phone the way app/ does (params.Load, no saved settings, no environment)
// with the given user-level parameters, recording what its speaker would play to a WAV, and
// serving its control API. The harness itself sets only what a test must: the speaker file,
// a silent microphone (none exists here) and a database in the test's folder.
func startPhone(t *testing.T, sets map[string]string) *testPhone {
	t.Helper()
	return startPhoneWith(t, sets)
}

// startPhoneWith is startPhone with options for phone.New besides the test logger (e.g. a
// fake clock).
func startPhoneWith(t *testing.T, sets map[string]string, opts ...phone.Option) *testPhone {
	t.Helper()
	ps, out := loadTestParams(t, sets)
	return startPhoneParams(t, ps, out, opts...)
}

// loadTestParams loads parameters the way app/ does with the harness's own settings (see
// startPhone) and sets, and returns them with the speaker WAV's path.
func loadTestParams(t *testing.T, sets map[string]string) (*params.Params, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "speaker.wav")
	base := map[string]string{"audioinput": "null", "audiooutput": "file:" + out,
		"database": filepath.Join(t.TempDir(), "phone.db")}
	for k, v := range sets {
		base[k] = v
	}
	list := make([]string, 0, len(base))
	for k, v := range base {
		list = append(list, k+"="+v)
	}
	ps, err := params.Load(params.Sources{Sets: list})
	if err != nil {
		t.Fatalf("parameters %v: %v", list, err)
	}
	return ps, out
}

// startPhoneParams starts a phone on parameters the test loaded (e.g. with a provisioning
// profile applied), its speaker recorded to out, as startPhoneWith does.
func startPhoneParams(t *testing.T, ps *params.Params, out string, opts ...phone.Option) *testPhone {
	t.Helper()
	tp := startWithParams(t, ps, opts...)
	tp.out = out
	return tp
}

// startWithParams starts a phone on parameters the test loaded itself (e.g. with a settings
// file) and serves its control API, as startPhoneWith does.
func startWithParams(t *testing.T, ps *params.Params, opts ...phone.Option) *testPhone {
	t.Helper()
	p := phone.New(ps, append([]phone.Option{phone.WithLogger(testLogger(t))}, opts...)...)
	events, cancel := p.Subscribe()
	if err := p.Start(); err != nil {
		t.Fatalf("start phone: %v", err)
	}
	srv := httptest.NewServer(api.NewHandler(p, api.Config{}))
	tp := &testPhone{t: t, p: p, events: events, api: srv}
	t.Cleanup(func() {
		srv.Close()
		p.Close()
		cancel()
		if t.Failed() {
			for _, ev := range tp.seen {
				t.Logf("event: %s", ev.Notification)
			}
		}
	})
	return tp
}

// next waits for the first event matching ok, failing the test after timeout.
func (tp *testPhone) next(what string, timeout time.Duration, ok func(control.Event) bool) control.Event {
	tp.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, open := <-tp.events:
			if !open {
				tp.t.Fatalf("event stream closed while waiting for %s", what)
			}
			tp.seen = append(tp.seen, ev)
			if ok(ev) {
				return ev
			}
		case <-deadline:
			tp.t.Fatalf("no %s within %v; status %+v", what, timeout, tp.p.Status())
		}
	}
}

// waitReg waits for a registration status.
func (tp *testPhone) waitReg(status string, timeout time.Duration) control.Registration {
	tp.t.Helper()
	ev := tp.next("registration "+status, timeout, func(ev control.Event) bool {
		return ev.Kind == control.KindRegistration && ev.Registration.Status == status
	})
	return *ev.Registration
}

// waitLine waits for a line to reach a state.
func (tp *testPhone) waitLine(state string, timeout time.Duration) control.Line {
	tp.t.Helper()
	ev := tp.next("line state "+state, timeout, func(ev control.Event) bool {
		return ev.Kind == control.KindLine && ev.Line.State == state
	})
	return *ev.Line
}

// waitCDR waits for the next call detail record.
func (tp *testPhone) waitCDR(timeout time.Duration) control.CDR {
	tp.t.Helper()
	ev := tp.next("CDR", timeout, func(ev control.Event) bool { return ev.Kind == control.KindCDR })
	if !strings.HasPrefix(ev.Notification, "CDR,") {
		tp.t.Fatalf("CDR notification %q", ev.Notification)
	}
	return *ev.CDR
}

// post calls a control API function and returns the HTTP status and body.
func (tp *testPhone) post(function, body string) (int, string) {
	tp.t.Helper()
	res, err := tp.api.Client().Post(tp.api.URL+"/v1/"+function, "application/json", strings.NewReader(body))
	if err != nil {
		tp.t.Fatalf("POST %s: %v", function, err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return res.StatusCode, sb.String()
}

// mustPost calls a control API function that must succeed.
func (tp *testPhone) mustPost(function, body string) string {
	tp.t.Helper()
	code, out := tp.post(function, body)
	if code != 200 {
		tp.t.Fatalf("POST /v1/%s %s: %d %s", function, body, code, out)
	}
	return out
}

func kv(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

// testLogger collects the phone's log and prints it only when the test fails.
func testLogger(t *testing.T) *slog.Logger {
	var mu sync.Mutex
	var buf bytes.Buffer
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			defer mu.Unlock()
			lines := strings.Split(buf.String(), "\n")
			if len(lines) > 300 {
				lines = lines[len(lines)-300:]
			}
			t.Logf("phone log (tail):\n%s", strings.Join(lines, "\n"))
		}
	})
	return slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
