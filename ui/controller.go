// Package ui is the softphone's Fyne window: a header with the registration state, a Phone tab
// (number entry, dialpad, call and incoming-call panels) and an Account tab. A ViewModel turns the
// phone's events into fyne data bindings; widgets only bind to them.
package ui

import (
	"log/slog"

	"softphone/phone/control"
	"softphone/skins"
)

// Controller is what the window needs from the phone: the shared front-end contract.
type Controller = control.Controller

// Options configures the window.
type Options struct {
	// Title is the window title; Brand when empty.
	Title string
	// Brand is the product name shown in the header; "Softphone" when empty.
	Brand string
	// Logger receives UI diagnostics; slog.Default() when nil.
	Logger *slog.Logger
	// Skin brands the window (theme, logo, header and footer, screens, buttons, layout); nil
	// for the plain window.
	Skin *skins.Skin
	// SkinErr is why the chosen skin could not be used (the default skin is used instead);
	// the window shows it in the notice line.
	SkinErr error
}

// withDefaults fills the empty fields of o.
func (o Options) withDefaults() Options {
	if o.Brand == "" {
		o.Brand = "Softphone"
	}
	if o.Title == "" {
		o.Title = o.Brand
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}
