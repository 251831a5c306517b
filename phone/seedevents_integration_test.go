package phone_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
	"softphone/phone/params"
)

// TestIntegrationMessagePopupOnce: the messagepopup text is a POPUP notification at the
// first start, not at the next start with the same text (and database), and again once the
// text changes.
func TestIntegrationMessagePopupOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "phone.db")
	for i, tc := range []struct {
		text string
		want bool
	}{{"Welcome, new user", true}, {"Welcome, new user", false}, {"New prices from May", true}} {
		tp := startPhone(t, map[string]string{"messagepopup": tc.text, "database": db})
		// The popup is published inside Start: every event published after Start returned,
		// such as this parameter's, comes after it.
		if err := tp.p.SetParameter("displayname", "Desk "+string(rune('1'+i))); err != nil {
			t.Fatal(err)
		}
		var popups []string
		tp.next("the parameter event after the start", 10*time.Second, func(ev control.Event) bool {
			if ev.Kind == control.KindPopup {
				popups = append(popups, ev.Notification)
			}
			return ev.Kind == control.KindParameter
		})
		want := []string{}
		if tc.want {
			want = []string{control.PopupLine(tc.text)}
		}
		if strings.Join(popups, "|") != strings.Join(want, "|") {
			t.Errorf("start %d (%q): popups %q, want %q", i+1, tc.text, popups, want)
		}
		tp.p.Close()
	}
}

// TestIntegrationSavedPasswordNotice: a password a user saves with no keychain reachable
// (DBUS_SESSION_BUS_ADDRESS pointing nowhere) gives EVENT,WARNING naming the fallback file,
// also for one saved before the phone existed, and no event holds the password.
func TestIntegrationSavedPasswordNotice(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus-here"))
	ps, err := params.Load(params.Sources{Settings: filepath.Join(dir, "settings.toml"),
		Sets: []string{"audioinput=null", "audiooutput=null", "database=" + filepath.Join(dir, "phone.db")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Set("password", "early-s3cret", params.Runtime); err != nil { // before the phone exists
		t.Fatal(err)
	}
	tp := startWithParams(t, ps)
	warning := func(ev control.Event) bool {
		return ev.Kind == control.KindWarning && strings.HasPrefix(ev.Notification, "EVENT,WARNING,password saved in the encrypted file")
	}
	tp.next("the warning for the password saved before the start", 10*time.Second, warning)
	if err := tp.p.SetParameter("password", "later-s3cret"); err != nil {
		t.Fatal(err)
	}
	tp.next("the warning for the password saved at run time", 10*time.Second, warning)
	for _, ev := range tp.seen {
		if strings.Contains(ev.Notification, "s3cret") || strings.Contains(ev.Message, "s3cret") {
			t.Errorf("event holds the password: %s", ev.Notification)
		}
	}
}
