package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// dndShortcut is Ctrl+D, which toggles do not disturb from anywhere in the window.
func dndShortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierControl}
}

// addSettings appends the Settings tab, polling its level meters only while it is selected,
// and wires Ctrl+D. Call it once, after the other tabs exist.
func (w *Window) addSettings(a fyne.App) {
	w.settings = newSettingsTab(w.vm, a.Metadata().Version)
	item := container.NewTabItemWithIcon(lang.L("Settings"), theme.SettingsIcon(), w.settings.content)
	w.tabs.Append(item)
	prevSel, prevUnsel := w.tabs.OnSelected, w.tabs.OnUnselected
	w.tabs.OnSelected = func(it *container.TabItem) {
		if prevSel != nil {
			prevSel(it)
		}
		if it == item {
			w.settings.shown(true)
		}
	}
	w.tabs.OnUnselected = func(it *container.TabItem) {
		if prevUnsel != nil {
			prevUnsel(it)
		}
		if it == item {
			w.settings.shown(false)
		}
	}
	w.win.Canvas().AddShortcut(dndShortcut(), func(fyne.Shortcut) { w.settings.calls.toggleDND() })
	if e := w.phone.entry; e != nil {
		next := e.onShortcut
		e.onShortcut = func(s fyne.Shortcut) bool {
			if cs, ok := s.(*desktop.CustomShortcut); ok && *cs == *dndShortcut() {
				w.settings.calls.toggleDND()
				return true
			}
			return next != nil && next(s)
		}
	}
}

// addDesktop wires the desktop manners: notifications while the window is not focused, the
// system tray when a D-Bus session is there (getenv reads the environment), and the window
// size remembered in the app's preferences. Call it after addSettings, before vm.Start.
func (w *Window) addDesktop(a fyne.App, brand string, getenv func(string) string) {
	w.notify = newNotifier(a.SendNotification)
	w.notify.mode = func() string { return w.vm.param("displaynotification") }
	w.vm.observe = w.notify.observer(w.vm.dispatch)
	a.Lifecycle().SetOnEnteredForeground(func() { w.notify.setFocused(true) })
	a.Lifecycle().SetOnExitedForeground(func() { w.notify.setFocused(false) })
	w.win.Resize(loadWindowSize(a.Preferences()))

	desk, ok := trayApp(a, getenv)
	if !ok {
		return
	}
	w.tray = newTrayMenu(desk, brand, w.settings.calls.dnd.Checked, trayActions{
		show:      w.showFront,
		toggleDND: w.settings.calls.toggleDND,
		quit: func() {
			w.rememberSize(a)
			a.Quit()
		},
	})
	w.settings.calls.onDND = w.tray.setDND
	w.vm.RegText.AddListener(binding.NewDataListener(func() {
		if text, err := w.vm.RegText.Get(); err == nil && text != "" {
			w.tray.setStatus(brand + ": " + text)
		}
	}))
	// With a tray, closing the window hides it; Quit is in the tray.
	w.win.SetCloseIntercept(func() {
		w.rememberSize(a)
		w.notify.setFocused(false)
		w.win.Hide()
	})
	w.raise = w.showFront
}

// showFront shows the window (it may be hidden in the tray) and asks for the focus.
func (w *Window) showFront() {
	w.win.Show()
	w.win.RequestFocus()
}

// rememberSize saves the window's current size in a's preferences.
func (w *Window) rememberSize(a fyne.App) {
	saveWindowSize(a.Preferences(), w.win.Canvas().Size())
}
