package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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
	var bottom fyne.CanvasObject
	if s.Footer != "" {
		bottom = skinLine(skinText(s, s.Footer))
	}
	return container.NewBorder(top, bottom, nil, nil, w.tabs)
}

// keepSkinned removes the tabs and buttons opts.Skin does not list; without the quit button
// the window cannot be closed (a kiosk). It runs after every tab is added.
func (w *Window) keepSkinned(opts Options) {
	s := opts.Skin
	if s == nil || s.Layout != skins.LayoutStandard {
		return
	}
	w.keepScreens(*s)
	w.keepButtons(*s)
	if !s.HasButton(skins.ButtonQuit) {
		w.win.SetCloseIntercept(func() {})
	}
}

// keepScreens removes the tabs of screens the skin does not list.
func (w *Window) keepScreens(s skins.Skin) {
	titles := screenTitles()
	for _, item := range append([]*container.TabItem(nil), w.tabs.Items...) {
		for title, screen := range titles {
			if isTitle(item.Text, title) && !s.HasScreen(screen) {
				w.tabs.Remove(item)
			}
		}
	}
}

// keepButtons removes the in-call buttons the skin does not list.
func (w *Window) keepButtons(s skins.Skin) {
	c := w.phone.panel.controls
	if !s.HasButton(skins.ButtonHold) {
		c.hold.Hide()
	}
	if !s.HasButton(skins.ButtonMute) {
		c.mute.Hide()
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

// skinLogo returns the skin's logo sized height points high, or nil when it has none.
func skinLogo(s skins.Skin, height float32) fyne.CanvasObject {
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
