package main

import (
	"log/slog"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"softphone/phone"
	"softphone/phone/params"
	"softphone/skins"
	"softphone/ui"
)

// runGUI opens the window and runs the Fyne event loop until the window closes.
func runGUI(p *phone.Phone, ps *params.Params, logger *slog.Logger, in *instance) int {
	a := fyneapp.NewWithID(appID)
	skin, skinErr := chooseSkin(ps)
	if skinErr != nil {
		logger.Warn("skin not loaded, using the default", "skin", ps.Get("skin"), "error", skinErr)
	}
	if err := ui.LoadTranslations(&skin); err != nil {
		logger.Warn("translations", "error", err)
	}
	brand := ps.Get("brandname")
	if ps.Source("brandname") == params.Default && skin.BrandName != "" {
		brand = skin.BrandName
	}
	w := ui.New(a, p, ui.Options{Title: brand, Brand: brand, Logger: logger, Skin: &skin, SkinErr: skinErr})
	w.Show()
	if in != nil {
		// A second start without a URI (or with one) brings this window to the front.
		in.setRaise(func() {
			fyne.Do(func() {
				w.Window().Show()
				w.Window().RequestFocus()
			})
		})
	}
	a.Run()
	// The event loop has stopped (window closed, or Fyne caught SIGINT/SIGTERM): stop
	// following the phone before it closes, so the calls it ends reach no widget.
	w.ViewModel().Stop()
	return exitOK
}

// chooseSkin loads the skin the skin parameter names (a bundled name or a folder); a broken
// skin gives the default skin and the error naming its file and key. The click2callnumber
// parameter, when set, replaces the skin's callnumber.
func chooseSkin(ps *params.Params) (skins.Skin, error) {
	skin, err := skins.LoadOrDefault(ps.Get("skin"))
	if err == nil {
		if err = ui.CheckSkinStrings(skin); err != nil {
			skin, _ = skins.Load(skins.Default)
		}
	}
	if n := ps.Get("click2callnumber"); n != "" {
		skin.CallNumber = n
	}
	return skin, err
}
