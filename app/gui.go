package main

import (
	"log/slog"

	fyneapp "fyne.io/fyne/v2/app"

	"softphone/phone"
	"softphone/phone/params"
	"softphone/ui"
)

// runGUI opens the window and runs the Fyne event loop until the window closes.
func runGUI(p *phone.Phone, ps *params.Params, logger *slog.Logger) int {
	a := fyneapp.NewWithID("io.softphone.desktop")
	brand := ps.Get("brandname")
	w := ui.New(a, p, ui.Options{Title: brand, Brand: brand, Logger: logger})
	w.Show()
	a.Run()
	return exitOK
}
