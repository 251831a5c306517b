package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"softphone/assets"
)

// Window is the phone's main window: header above tabs (Phone first, then Account).
type Window struct {
	win      fyne.Window
	vm       *ViewModel
	header   *header
	tabs     *container.AppTabs
	phone    *phoneTab
	account  *accountTab
	social   *socialTabs  // Contacts, Chat and History
	raise    func()       // brings the window to front; the window's RequestFocus
	settings *settingsTab // Settings tab (settings*.go)
	notify   *notifier    // OS notifications while unfocused
	tray     *trayMenu    // nil without a system tray
}

// New builds the window for a over c and starts following c's events. It opens on the
// Account tab when no server is configured. Call Show, then a.Run().
func New(a fyne.App, c Controller, opts Options) *Window {
	opts = opts.withDefaults()
	return newWindow(a, NewViewModel(c, WithLogger(opts.Logger)), opts)
}

// newWindow builds the window around an existing view-model (tests inject a dispatcher).
func newWindow(a fyne.App, vm *ViewModel, opts Options) *Window {
	opts = opts.withDefaults()
	applySkinTheme(a, opts)
	w := &Window{win: a.NewWindow(opts.Title), vm: vm}
	w.raise = w.win.RequestFocus
	w.win.SetIcon(assets.Icon())
	w.header = newHeader(opts.Brand, vm)
	w.phone = newPhoneTab(vm, opts.Logger, w.win.Canvas().Focus)
	w.account = newAccountTab(vm)
	phoneItem := container.NewTabItemWithIcon(lang.L("Phone"), theme.NewThemedResource(assets.PhoneIcon()), w.phone.content)
	accountItem := container.NewTabItemWithIcon(lang.L("Account"), theme.AccountIcon(), w.account.content)
	w.social = newSocialTabs(vm, newDialogs(w.win))
	w.tabs = container.NewAppTabs(phoneItem, w.social.items[0], w.social.items[1], w.social.items[2], accountItem)
	w.social.attach(w.tabs)
	if w.account.server.Text == "" && vm.param("haveloginpage") != "false" { // haveloginpage: the seed's login page
		w.tabs.Select(accountItem)
	}
	vm.onCall = func(incoming bool) {
		w.tabs.Select(phoneItem)
		if incoming {
			w.raise()
		}
	}
	w.win.SetContent(w.skinContent(opts))
	if w.tabs.Selected() == accountItem {
		w.win.Canvas().Focus(w.account.server) // a new user types the server at once
	}
	w.win.Canvas().SetOnTypedRune(w.typedRune)
	w.win.Canvas().SetOnTypedKey(w.typedKey)
	for _, sc := range callShortcuts() {
		w.win.Canvas().AddShortcut(sc, w.typedShortcut)
	}
	w.addSettings(a)
	w.addDesktop(a, opts.Brand, os.Getenv)
	w.keepSkinned(opts)
	w.win.SetOnClosed(func() {
		w.rememberSize(a)
		vm.Stop()
	})
	vm.Start()
	return w
}

// Show shows the window; the caller runs the app's event loop.
func (w *Window) Show() { w.win.Show() }

// Close stops following events and closes the window.
func (w *Window) Close() {
	w.vm.Stop()
	w.win.Close()
}

// Window returns the underlying fyne window.
func (w *Window) Window() fyne.Window { return w.win }

// ViewModel returns the view-model the widgets are bound to.
func (w *Window) ViewModel() *ViewModel { return w.vm }

// typedRune routes window-level typing to the Phone tab while it is selected.
func (w *Window) typedRune(r rune) {
	if w.phoneSelected() {
		w.phone.typedRune(r)
	}
}

// typedKey routes window-level keys to the Phone tab while it is selected.
func (w *Window) typedKey(k *fyne.KeyEvent) {
	if w.phoneSelected() {
		w.phone.typedKey(k)
	}
}

// typedShortcut routes the call shortcuts to the Phone tab while it is selected.
func (w *Window) typedShortcut(s fyne.Shortcut) {
	if w.phoneSelected() {
		w.phone.shortcut(s)
	}
}
