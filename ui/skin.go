package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"softphone/skins"
)

// screenTitles maps each tab's English title to the skin screen it belongs to; the Account
// tab is part of the settings screen.
func screenTitles() map[string]string {
	return map[string]string{
		"Phone": skins.ScreenPhone, "Contacts": skins.ScreenContacts, "Chat": skins.ScreenChat,
		"History": skins.ScreenHistory, "Settings": skins.ScreenSettings, "Account": skins.ScreenSettings,
	}
}

// applySkinTheme sets the theme of opts.Skin on a; it runs before any widget is built so
// widgets that read theme colours once see the skin's.
func applySkinTheme(a fyne.App, opts Options) {
	if opts.Skin != nil {
		a.Settings().SetTheme(NewTheme(*opts.Skin))
	}
}

// skinContent returns the window's content branded by opts.Skin: the click-to-call view, or
// the header (with logo and header text), the tabs the skin lists and the footer. A skin
// error is shown in the notice line. UI thread only.
func (w *Window) skinContent(opts Options) fyne.CanvasObject {
	if opts.SkinErr != nil {
		w.vm.setNotice(lang.L("Skin not loaded, using the default") + ": " + opts.SkinErr.Error())
	}
	s := opts.Skin
	if s == nil {
		return container.NewBorder(w.header.content, nil, nil, nil, w.tabs)
	}
	if s.Layout == skins.LayoutClick2Call {
		return newClickToCall(w.vm, *s, opts.Logger).content
	}
	if logo := skinLogo(*s, 28); logo != nil {
		w.header.left.Objects = append([]fyne.CanvasObject{logo}, w.header.left.Objects...)
	}
	top := container.NewVBox(w.header.content)
	if s.Header != "" {
		top.Add(skinLine(skinText(s, s.Header)))
	}
	return container.NewBorder(top, skinBottom(s), nil, nil, w.tabs)
}

// keepSkinned removes the tabs and buttons opts.Skin does not list and puts the tabs in the
// skin's screens order; without the quit button the window cannot be closed and the tray has
// no Quit (a kiosk). It runs after every tab is added and the tray is set up.
func (w *Window) keepSkinned(opts Options) {
	s := opts.Skin
	if s == nil || s.Layout != skins.LayoutStandard {
		return
	}
	w.keepScreens(*s)
	w.keepButtons(*s)
	if !s.HasButton(skins.ButtonQuit) {
		w.win.SetCloseIntercept(func() {})
		if w.tray != nil {
			w.tray.dropQuit()
		}
	}
}

// keepScreens shows the tabs of the screens the skin lists, in the order it lists them, and
// keeps the selected tab selected when it is still there.
func (w *Window) keepScreens(s skins.Skin) {
	sel := w.tabs.Selected()
	items := skinTabs(s, w.tabs.Items)
	w.tabs.SetItems(items)
	if slices.Contains(items, sel) {
		w.tabs.Select(sel)
	} else if len(items) > 0 {
		w.tabs.SelectIndex(0)
	}
}

// skinTabs orders items as the skin's screens list says, dropping the screens it leaves out;
// tabs of one screen (Account and Settings) keep their order, and tabs that belong to no
// screen go last.
func skinTabs(s skins.Skin, items []*container.TabItem) []*container.TabItem {
	screenOf := func(it *container.TabItem) string {
		for title, screen := range screenTitles() {
			if isTitle(it.Text, title) {
				return screen
			}
		}
		return ""
	}
	var out []*container.TabItem
	for _, screen := range s.Screens {
		for _, it := range items {
			if screenOf(it) == screen {
				out = append(out, it)
			}
		}
	}
	for _, it := range items {
		if screenOf(it) == "" {
			out = append(out, it)
		}
	}
	return out
}

// phoneSelected reports whether the Phone tab is the one shown.
func (w *Window) phoneSelected() bool {
	it := w.tabs.Selected()
	return it != nil && it.Content == w.phone.content
}

// keepButtons removes the buttons the skin does not list: the in-call controls, Redial, and
// the dialpad during a call (dtmf).
func (w *Window) keepButtons(s skins.Skin) {
	c := w.phone.panel.controls
	if !s.HasButton(skins.ButtonHold) {
		c.hold.Hide()
	}
	if !s.HasButton(skins.ButtonMute) {
		c.mute.Hide()
	}
	if !s.HasButton(skins.ButtonRecord) {
		c.record.Hide()
	}
	if !s.HasButton(skins.ButtonRedial) {
		w.noRedial()
	}
	if !s.HasButton(skins.ButtonDTMF) {
		w.noDTMF()
	}
	forms := c.forms.content
	for _, item := range append([]*widget.AccordionItem(nil), forms.Items...) {
		if (isTitle(item.Title, "Transfer") && !s.HasButton(skins.ButtonTransfer)) ||
			(isTitle(item.Title, "Conference") && !s.HasButton(skins.ButtonConference)) {
			forms.Remove(item)
		}
	}
	if len(forms.Items) == 0 {
		forms.Hide()
	}
}

// isTitle reports whether text is the English title or its translation.
func isTitle(text, english string) bool { return text == english || text == lang.L(english) }

// skinLogo returns the skin's logo sized height points high (its text in bold when the logo
// is a text), or nil when it has none.
func skinLogo(s skins.Skin, height float32) fyne.CanvasObject {
	if len(s.LogoData) == 0 && s.LogoText != "" {
		return widget.NewLabelWithStyle(s.LogoText, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	if len(s.LogoData) == 0 {
		return nil
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource(s.Logo, s.LogoData))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(height))
	return img
}

// skinLine is a centred line of header or footer text.
func skinLine(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle.Italic = true
	return l
}

// skinText returns the skin's override for the English text key, else its translation.
func skinText(s *skins.Skin, key string) string {
	if s != nil {
		if v, ok := s.Strings[key]; ok {
			return v
		}
	}
	return lang.L(key)
}

// noRedial hides the Redial button for good: the number entry shows it whenever it empties,
// so it is hidden again after every change.
func (w *Window) noRedial() {
	t := w.phone
	t.redial.Hide()
	if t.relayout != nil {
		t.relayout() // the Call button takes the room Redial had
	}
	next := t.entry.OnChanged
	t.entry.OnChanged = func(text string) {
		if next != nil {
			next(text)
		}
		t.redial.Hide()
	}
}

// noDTMF stops the window sending DTMF: the dialpad is hidden while a call is connected, and
// digits typed during a call go into the number instead of to the far end.
func (w *Window) noDTMF() {
	t := w.phone
	t.entry.intercept = nil
	w.win.Canvas().SetOnTypedRune(func(r rune) {
		if w.phoneSelected() && isDialRune(r) {
			t.entry.Append(string(r))
		}
	})
	w.vm.CallConnected.AddListener(binding.NewDataListener(func() {
		on, err := w.vm.CallConnected.Get()
		setVisible(t.pad.content, err != nil || !on, t.relayout)
	}))
}
