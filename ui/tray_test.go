package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fakeTrayApp is a test app that can show a tray.
type fakeTrayApp struct {
	fyne.App
	menu *fyne.Menu
	icon fyne.Resource
}

func (f *fakeTrayApp) SetSystemTrayMenu(m *fyne.Menu)    { f.menu = m }
func (f *fakeTrayApp) SetSystemTrayIcon(r fyne.Resource) { f.icon = r }
func (f *fakeTrayApp) SetSystemTrayWindow(fyne.Window)   {}
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestTrayOnlyWithDBus(t *testing.T) {
	plain := test.NewTempApp(t)
	tray := &fakeTrayApp{App: plain}
	bus := map[string]string{dbusEnv: "unix:path=/run/user/1000/bus"}
	tests := []struct {
		name string
		app  fyne.App
		env  map[string]string
		want bool
	}{
		{"tray app without D-Bus", tray, nil, false},
		{"tray app with empty D-Bus", tray, map[string]string{dbusEnv: ""}, false},
		{"tray app with D-Bus", tray, bus, true},
		{"no tray driver", plain, bus, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := trayApp(tt.app, envOf(tt.env)); ok != tt.want {
				t.Fatalf("tray available = %v, want %v", ok, tt.want)
			}
		})
	}
}

func TestWindowWithoutDBusHasNoTray(t *testing.T) {
	app := &fakeTrayApp{App: test.NewTempApp(t)}
	vm := NewViewModel(newFakeController(nil), WithDispatcher(func(f func()) { f() }), WithWorker(func(f func()) { f() }))
	t.Setenv(dbusEnv, "")
	w := newWindow(app, vm, Options{Brand: "Acme"})
	defer w.Close()
	if w.tray != nil || app.menu != nil {
		t.Fatal("tray menu set without a D-Bus session")
	}
}

func TestTrayMenu(t *testing.T) {
	app := &fakeTrayApp{App: test.NewTempApp(t)}
	var shown, toggled, quit int
	tm := newTrayMenu(app, "Acme", true, trayActions{
		show: func() { shown++ }, toggleDND: func() { toggled++ }, quit: func() { quit++ },
	})
	if app.menu == nil || app.icon == nil {
		t.Fatal("tray menu or icon not set")
	}
	var labels []string
	for _, it := range app.menu.Items {
		if it.IsSeparator {
			continue
		}
		labels = append(labels, it.Label)
		if it.Action != nil {
			it.Action()
		}
	}
	if got := len(labels); got != 4 || labels[0] != "Acme" || labels[1] != "Show" || labels[2] != "Do not disturb" || labels[3] != "Quit" {
		t.Fatalf("tray items = %q", labels)
	}
	if shown != 1 || toggled != 1 || quit != 1 {
		t.Fatalf("actions ran show %d dnd %d quit %d, want 1 each", shown, toggled, quit)
	}
	last := app.menu.Items[len(app.menu.Items)-1]
	if !last.IsQuit {
		t.Fatal("Quit is not marked IsQuit: the driver would add a second Quit")
	}
	if !tm.dnd.Checked {
		t.Fatal("DND not ticked though on")
	}
	tm.setDND(false)
	tm.setStatus("Acme: Registered")
	if tm.dnd.Checked || tm.status.Label != "Acme: Registered" {
		t.Fatalf("after updates: dnd %v status %q", tm.dnd.Checked, tm.status.Label)
	}
}
