package phone

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"softphone/phone/control"
	"softphone/phone/params"
)

// drain returns the notifications waiting in ch.
func drain(ch <-chan control.Event) []string {
	var got []string
	for len(ch) > 0 {
		got = append(got, (<-ch).Notification)
	}
	return got
}

// TestLogNotifications: records at the loglevel parameter's level are published as LOG,TYPE,
// text (attributes included), lower ones are not, and the phone's own logger still gets
// what it wants.
func TestLogNotifications(t *testing.T) {
	for _, tc := range []struct {
		loglevel string
		want     []string
	}{
		{"1", []string{"LOG,ERROR,register failed server=pbx", "LOG,WARNING,no answer line=2"}},
		{"2", []string{"LOG,ERROR,register failed server=pbx", "LOG,WARNING,no answer line=2", "LOG,EVENT,registered expires=300"}},
		{"5", []string{"LOG,ERROR,register failed server=pbx", "LOG,WARNING,no answer line=2", "LOG,EVENT,registered expires=300", "LOG,EVENT,sent sip.method=INVITE"}},
	} {
		ps, err := params.Load(params.Sources{Sets: []string{"loglevel=" + tc.loglevel}})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		p := New(ps, WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))))
		ch, cancel := p.Subscribe()
		p.log.With("server", "pbx").Error("register failed")
		p.log.Warn("no answer", "line", 2)
		p.log.Info("registered", "expires", 300)
		p.log.WithGroup("sip").Debug("sent", "method", "INVITE")
		got := drain(ch)
		cancel()
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("loglevel %s: LOG notifications\n%q\nwant\n%q", tc.loglevel, got, tc.want)
		}
		if !strings.Contains(buf.String(), "register failed") || strings.Contains(buf.String(), "no answer") {
			t.Errorf("loglevel %s: the phone's own logger got %q", tc.loglevel, buf.String())
		}
	}
}

// TestAnnounceStartReachesLateSubscribers: START,api published before anyone subscribed
// still reaches a later subscriber, first.
func TestAnnounceStartReachesLateSubscribers(t *testing.T) {
	ps, err := params.Load(params.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	p := New(ps)
	p.AnnounceStart("api")
	p.Popup("hello")
	ch, cancel := p.Subscribe()
	defer cancel()
	p.Popup("after")
	if got := drain(ch); strings.Join(got, "|") != "START,api|POPUP,after" {
		t.Fatalf("late subscriber got %q", got)
	}
}
