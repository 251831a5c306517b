package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/params"
)

// TestIntegrationAccountRegisters is what a new user does: start the phone with nothing
// configured, type the server, user name and password into the Account screen and press
// Save & Register. The phone (loaded the way app/ loads it, default transport and ports)
// must register to Kamailio on the PBX host of the namespace topology and the header must
// say so.
func TestIntegrationAccountRegisters(t *testing.T) {
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k := testpeer.StartKamailio(t, map[string]string{"1000": "secret1000"}, testpeer.OnHost(n.PBX))
			// Only what the test must set: no sound card and a database in the test's folder.
			ps, err := params.Load(params.Sources{Sets: []string{"audioinput=null", "audiooutput=null",
				"database=" + filepath.Join(t.TempDir(), "phone.db")}})
			if err != nil {
				t.Fatal(err)
			}
			p := phone.New(ps)
			if err := p.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.Close() })
			// Fyne's test driver runs fyne.Do work on the calling goroutine, so the view-model's
			// UI work is queued and run here, on the test's goroutine, as the window's own
			// thread would run it.
			a := test.NewTempApp(t)
			ui := &uiQueue{}
			w := newWindow(a, NewViewModel(p, WithDispatcher(ui.add)), Options{Brand: "Softphone"})
			t.Cleanup(w.Close)
			ui.drain()

			acct := w.account
			if w.tabs.Selected().Content != acct.content {
				t.Fatal("an unconfigured phone does not open on the Account screen")
			}
			test.Type(acct.server, k.Addr)
			test.Type(acct.username, "1000")
			test.Type(acct.password, "secret1000")
			if transport != "udp" { // udp is the default: a new user leaves it alone
				acct.transport.SetSelected(transport)
			}
			test.Tap(acct.save)

			deadline := time.Now().Add(15 * time.Second)
			for ui.drain(); w.header.status.Text != "Registered"; ui.drain() {
				if time.Now().After(deadline) {
					t.Fatalf("15 s after Save & Register the header says %q, the account %q; phone status %+v",
						w.header.status.Text, acct.status.Text, p.Status())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !p.Status().Registered {
				t.Fatalf("the header says Registered, the phone %+v", p.Status())
			}
			k.WaitRegistered(t, "1000", 10*time.Second)
		})
	}
}
