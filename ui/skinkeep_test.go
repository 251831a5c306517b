package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
	"softphone/skins"
)

// standardSkin is a tabbed skin with the given screens and buttons.
func standardSkin(screens, buttons []string) *skins.Skin {
	return &skins.Skin{Name: "test", File: "test/skin.toml", Layout: skins.LayoutStandard,
		Screens: screens, Buttons: buttons, Strings: map[string]string{}}
}

func TestSkinTabs(t *testing.T) {
	all := []string{"Phone", "Contacts", "Chat", "History", "Account", "Settings", "Extra"}
	tests := []struct {
		name    string
		screens []string
		want    []string
	}{
		{"every screen in house order", skins.Screens(), all},
		{"reordered", []string{"history", "phone"}, []string{"History", "Phone", "Extra"}},
		{"settings first keeps Account with it", []string{"settings", "chat", "phone"},
			[]string{"Account", "Settings", "Chat", "Phone", "Extra"}},
		{"one screen", []string{"contacts"}, []string{"Contacts", "Extra"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []*container.TabItem
			for _, title := range all {
				items = append(items, container.NewTabItem(title, widget.NewLabel(title)))
			}
			var got []string
			for _, it := range skinTabs(*standardSkin(tt.screens, nil), items) {
				got = append(got, it.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("tabs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSkinTabOrderInWindow(t *testing.T) {
	h := newSkinHarness(t, standardSkin([]string{"history", "phone", "settings"}, skins.Buttons()), nil)
	want := []string{"History", "Phone", "Account", "Settings"}
	if got := tabTitles(h.w); !slices.Equal(got, want) {
		t.Fatalf("tabs = %q, want %q", got, want)
	}
	h.w.tabs.SelectIndex(1)
	c := h.w.win.Canvas()
	c.Unfocus()
	test.TypeOnCanvas(c, "12")
	if got := h.w.phone.entry.Text; got != "12" {
		t.Fatalf("typing on the Phone tab (second) gave %q, want 12", got)
	}
	h.w.tabs.SelectIndex(0)
	test.TypeOnCanvas(c, "3")
	if got := h.w.phone.entry.Text; got != "12" {
		t.Fatalf("typing on the History tab reached the number: %q", got)
	}
}

func TestSkinHidesButtons(t *testing.T) {
	tests := []struct {
		name    string
		buttons []string
		hidden  []string // of hold, mute, record, redial, pad (during a call)
	}{
		{"all", skins.Buttons(), nil},
		{"none", []string{}, []string{"hold", "mute", "record", "redial", "pad"}},
		{"kiosk-like", []string{"hold", "mute", "dtmf"}, []string{"record", "redial"}},
		{"no dtmf", []string{"hold", "mute", "record", "redial"}, []string{"pad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSkinHarness(t, standardSkin(skins.Screens(), tt.buttons), nil)
			p := h.w.phone
			test.Type(p.entry, "5")
			p.entry.SetText("") // empty again: Redial is offered when the skin has it
			h.push(lineEvent(inCall()))
			c := p.panel.controls
			shown := map[string]bool{
				"hold": c.hold.Visible(), "mute": c.mute.Visible(), "record": c.record.Visible(),
				"redial": p.redial.Visible(), "pad": p.pad.content.Visible(),
			}
			for name, vis := range shown {
				if want := !slices.Contains(tt.hidden, name); vis != want {
					t.Errorf("%s visible = %v, want %v", name, vis, want)
				}
			}
		})
	}
}

func TestSkinWithoutDTMFSendsNone(t *testing.T) {
	h := newSkinHarness(t, standardSkin(skins.Screens(), []string{"hold", "mute"}), nil)
	h.push(lineEvent(inCall()))
	test.Type(h.w.phone.entry, "3")
	c := h.w.win.Canvas()
	c.Unfocus()
	test.TypeOnCanvas(c, "12")
	h.settle()
	assertCommands(t, h.fake)
	if got := h.w.phone.entry.Text; got != "312" {
		t.Errorf("digits typed during the call gave number %q, want 312", got)
	}
	h.push(lineEvent(with(func(l *control.Line) { l.State = control.StateFinished })))
	if !h.w.phone.pad.content.Visible() {
		t.Error("dialpad still hidden after the call ended")
	}
}

// newTraySkinHarness is newSkinHarness on an app with a system tray and a D-Bus session.
func newTraySkinHarness(t *testing.T, s *skins.Skin) (*harness, *fakeTrayApp) {
	t.Helper()
	t.Setenv(dbusEnv, "unix:path=/run/user/1000/bus")
	app := &fakeTrayApp{App: test.NewTempApp(t)}
	h := &harness{t: t, fake: newFakeController(nil), queue: &uiQueue{}, work: &uiQueue{},
		clock: &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, timers: &fakeTimers{}}
	h.vm = NewViewModel(h.fake, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(app, h.vm, Options{Brand: brandOf(s), Skin: s})
	t.Cleanup(h.w.Close)
	h.settle()
	return h, app
}

// driverAddsQuit reports whether fyne's desktop driver would append its own Quit to menu: it
// does unless the last item is marked IsQuit.
func driverAddsQuit(menu *fyne.Menu) bool {
	return len(menu.Items) == 0 || !menu.Items[len(menu.Items)-1].IsQuit
}

func TestTrayQuitFollowsSkin(t *testing.T) {
	tests := []struct {
		skin string
		quit bool
	}{
		{"default", true},
		{"dark", true},
		{"kiosk", false},
	}
	for _, tt := range tests {
		t.Run(tt.skin, func(t *testing.T) {
			_, app := newTraySkinHarness(t, loadSkin(t, tt.skin))
			if app.menu == nil {
				t.Fatal("no tray menu")
			}
			if driverAddsQuit(app.menu) {
				t.Fatal("last tray item not marked IsQuit: fyne would add a Quit of its own")
			}
			var labels []string
			hasQuit := false
			for _, it := range app.menu.Items {
				if it.IsSeparator {
					continue
				}
				labels = append(labels, it.Label)
				hasQuit = hasQuit || it.Label == "Quit"
				if it.IsQuit && it.Action == nil {
					t.Errorf("%q has no action: fyne would make it quit", it.Label)
				}
			}
			if hasQuit != tt.quit {
				t.Fatalf("tray items %q: Quit present %v, want %v", labels, hasQuit, tt.quit)
			}
			if !slices.Contains(labels, "Show") || !slices.Contains(labels, "Do not disturb") {
				t.Errorf("tray items %q lack Show or Do not disturb", labels)
			}
		})
	}
}

func TestKioskPhoneFitsWithoutScrolling(t *testing.T) {
	h := newSkinHarness(t, loadSkin(t, "kiosk"), nil)
	h.w.win.Resize(goldenSize())
	h.w.tabs.SelectIndex(0)
	h.settle()
	scroll, ok := h.w.phone.content.(*container.Scroll)
	if !ok {
		t.Fatalf("phone tab is a %T, want a scroll", h.w.phone.content)
	}
	need, have := scroll.Content.MinSize().Height, scroll.Size().Height
	if need > have {
		t.Fatalf("at %v the kiosk dialpad and Call button need %.0f points, the tab has %.0f", goldenSize(), need, have)
	}
	t.Logf("kiosk phone tab: needs %.0f of %.0f points", need, have)
}
