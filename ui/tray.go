package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"softphone/assets"
)

// dbusEnv is the variable that says a D-Bus session, and so a system tray, is there.
const dbusEnv = "DBUS_SESSION_BUS_ADDRESS"

// trayApp returns a as a desktop.App when it can show a system tray: the driver supports one
// and getenv finds a D-Bus session. Without D-Bus, setting a tray menu makes Quit panic.
func trayApp(a fyne.App, getenv func(string) string) (desktop.App, bool) {
	if getenv == nil || getenv(dbusEnv) == "" {
		return nil, false
	}
	desk, ok := a.(desktop.App)
	return desk, ok
}

// trayActions are what the tray's menu items do; all run on the UI thread.
type trayActions struct {
	show      func()
	toggleDND func()
	quit      func()
}

// trayMenu is the system tray: the registration status and quick actions Show, Do not
// disturb (ticked while on) and Quit.
type trayMenu struct {
	desk   desktop.App
	menu   *fyne.Menu
	status *fyne.MenuItem
	dnd    *fyne.MenuItem
	show   *fyne.MenuItem
	quit   *fyne.MenuItem
}

// newTrayMenu installs the tray menu and icon on desk; dnd is the current DND state.
func newTrayMenu(desk desktop.App, brand string, dnd bool, act trayActions) *trayMenu {
	t := &trayMenu{desk: desk}
	t.status = fyne.NewMenuItem(brand, nil)
	t.status.Disabled = true
	t.dnd = fyne.NewMenuItem(lang.L("Do not disturb"), act.toggleDND)
	t.dnd.Checked = dnd
	t.show = fyne.NewMenuItem(lang.L("Show"), act.show)
	t.quit = fyne.NewMenuItem(lang.L("Quit"), act.quit)
	t.quit.IsQuit = true
	t.menu = fyne.NewMenu(brand, t.status, fyne.NewMenuItemSeparator(), t.show, t.dnd,
		fyne.NewMenuItemSeparator(), t.quit)
	desk.SetSystemTrayMenu(t.menu)
	desk.SetSystemTrayIcon(assets.Icon())
	return t
}

// dropQuit takes Quit out of the menu, for a skin without a quit button (a kiosk). Fyne's
// desktop driver appends its own Quit to a tray menu unless the last item is marked IsQuit,
// and gives such an item the quit action only when it has none: so Show goes last, marked
// IsQuit, keeping its own action. UI thread only.
func (t *trayMenu) dropQuit() {
	t.quit = nil
	t.show.IsQuit = true
	t.menu.Items = []*fyne.MenuItem{t.status, fyne.NewMenuItemSeparator(), t.dnd, t.show}
	t.desk.SetSystemTrayMenu(t.menu)
}

// setStatus shows the registration status text; UI thread only.
func (t *trayMenu) setStatus(text string) {
	if t.status.Label == text {
		return
	}
	t.status.Label = text
	t.menu.Refresh()
}

// setDND ticks or unticks Do not disturb; UI thread only.
func (t *trayMenu) setDND(on bool) {
	if t.dnd.Checked == on {
		return
	}
	t.dnd.Checked = on
	t.menu.Refresh()
}
