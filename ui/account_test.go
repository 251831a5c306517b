package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestAccountOpensWhenUnconfigured(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		tab    string
	}{
		{"no server", nil, "Account"},
		{"server set", map[string]string{"serveraddress": "pbx.local"}, "Phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.params)
			if got := h.w.tabs.Selected().Text; got != tt.tab {
				t.Fatalf("opened on tab %q, want %q", got, tt.tab)
			}
		})
	}
}

func TestAccountLoadsParameters(t *testing.T) {
	h := newHarness(t, map[string]string{"serveraddress": "pbx.local", "username": "1001", "transport": "tcp"})
	a := h.w.account
	if a.server.Text != "pbx.local" || a.username.Text != "1001" || a.transport.Selected != "tcp" {
		t.Fatalf("form = %q %q %q, want pbx.local 1001 tcp", a.server.Text, a.username.Text, a.transport.Selected)
	}
}

func fillAccount(a *accountTab) {
	test.Type(a.server, "pbx.local:5060")
	test.Type(a.username, "1001")
	test.Type(a.password, "s3cret pass")
	test.Type(a.displayName, "Front Desk")
	a.transport.SetSelected("tcp")
}

func TestAccountSaveRegisters(t *testing.T) {
	h := newHarness(t, nil)
	fillAccount(h.w.account)
	test.Tap(h.w.account.save)
	h.settle()
	assertCommands(t, h.fake,
		"Set serveraddress=pbx.local:5060", "Set username=1001", "Set password=s3cret pass",
		"Set displayname=Front Desk", "Set transport=tcp", "Register")
	if got := h.w.account.status.Text; got != "Saved." {
		t.Errorf("status = %q, want Saved.", got)
	}
	if got := h.w.header.status.Text; got != "Ready" {
		t.Errorf("header = %q after configuring, want Ready", got)
	}
}

func TestAccountFieldErrorShown(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.setErr["username"] = errors.New("bad characters")
	fillAccount(h.w.account)
	test.Tap(h.w.account.save)
	h.settle()
	for _, c := range h.fake.commands() {
		if c == "Register" {
			t.Fatal("registered although a field was refused")
		}
	}
	e := h.w.account.errs["username"]
	if !e.Visible() || e.Text != "Username: bad characters" {
		t.Fatalf("username error = %q (visible %v), want Username: bad characters", e.Text, e.Visible())
	}
	if h.w.account.errs["serveraddress"].Visible() {
		t.Fatal("server error shown although it was accepted")
	}
	delete(h.fake.setErr, "username")
	test.Tap(h.w.account.save)
	h.settle()
	if e.Visible() {
		t.Fatalf("username error %q still shown after a good save", e.Text)
	}
}

func TestSaveAccountError(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.setErr["serveraddress"] = errors.New("no such host")
	h.fake.setErr["transport"] = errors.New("unsupported")
	var err error
	h.vm.SaveAccount(Account{Server: "x", Transport: "sctp"}, func(e error) { err = e })
	h.settle()
	var ae *AccountError
	if !errors.As(err, &ae) || len(ae.Fields) != 2 {
		t.Fatalf("SaveAccount error = %v, want an AccountError with 2 fields", err)
	}
	if got, want := err.Error(), "account: Server: no such host; Transport: unsupported"; got != want {
		t.Fatalf("error = %q, want %q", got, want)
	}
}

func TestAccountKeepsMaskedPassword(t *testing.T) {
	tests := []struct {
		name   string
		loaded string // what GetParameter returns for the password
		typed  string // "" leaves the field as loaded
		want   []string
	}{
		{"masked password untouched", "********", "",
			[]string{"Set serveraddress=pbx.local", "Set username=1001", "Set displayname=", "Set transport=udp", "Register"}},
		{"no password untouched", "", "",
			[]string{"Set serveraddress=pbx.local", "Set username=1001", "Set displayname=", "Set transport=udp", "Register"}},
		{"masked password replaced", "********", "n3w",
			[]string{"Set serveraddress=pbx.local", "Set username=1001", "Set password=n3w", "Set displayname=", "Set transport=udp", "Register"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"serveraddress": "pbx.local", "username": "1001", "password": tt.loaded})
			a := h.w.account
			if a.password.Text != tt.loaded {
				t.Fatalf("password field = %q, want %q as loaded", a.password.Text, tt.loaded)
			}
			if tt.typed != "" {
				a.password.SetText("")
				test.Type(a.password, tt.typed)
			}
			test.Tap(a.save)
			h.settle()
			assertCommands(t, h.fake, tt.want...)

			// Saving again does not send the same password twice.
			test.Tap(a.save)
			h.settle()
			for _, c := range h.fake.commands()[len(tt.want):] {
				if len(c) >= 12 && c[:12] == "Set password" {
					t.Fatalf("second save sent %q", c)
				}
			}
		})
	}
}

// TestAccountKeyboardOnly: a new user types the server (the field has the focus when the
// window opens on Account), Tab, user, Tab, password, Enter: the account is saved and
// registers, as with Save & Register.
func TestAccountKeyboardOnly(t *testing.T) {
	h := newHarness(t, nil)
	c := h.w.win.Canvas()
	if c.Focused() != h.w.account.server {
		t.Fatalf("focused %v when the window opens on Account, want the server field", c.Focused())
	}
	// Keys go to the focused widget, as the window's driver sends them.
	test.Type(c.Focused(), "pbx.local")
	c.FocusNext()
	test.Type(c.Focused(), "1001")
	c.FocusNext()
	test.Type(c.Focused(), "pw")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	assertCommands(t, h.fake, "Set serveraddress=pbx.local", "Set username=1001", "Set password=pw",
		"Set displayname=", "Set transport=udp", "Register")
}
