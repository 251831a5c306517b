// Package ui is the softphone's Fyne window: a header with the registration state, a Phone tab
// (number entry, dialpad, call and incoming-call panels) and an Account tab. A ViewModel turns the
// phone's events into fyne data bindings; widgets only bind to them.
package ui

import (
	"log/slog"

	"softphone/phone/event"
)

// Controller is what the window needs from the phone. The phone controller satisfies it; tests
// use a fake.
type Controller interface {
	// Status returns the whole phone state now.
	Status() event.Status
	// Subscribe returns a channel of events, each a full snapshot; intermediate ones may be
	// dropped. cancel ends the subscription.
	Subscribe() (events <-chan event.Event, cancel func())
	// Register starts registering the configured account.
	Register() error
	// Unregister removes the registration.
	Unregister() error
	// Call dials number and returns the line it took.
	Call(number string) (line int, err error)
	// Hangup ends the call on line (0 = the current line).
	Hangup(line int) error
	// Accept answers the incoming call on line.
	Accept(line int) error
	// Reject declines the incoming call on line.
	Reject(line int) error
	// SetParameter sets one of the seed's parameters (serveraddress, username, ...).
	SetParameter(name, value string) error
	// GetParameter reads a parameter.
	GetParameter(name string) (string, error)
}

// Options configures the window.
type Options struct {
	// Title is the window title; Brand when empty.
	Title string
	// Brand is the product name shown in the header; "Softphone" when empty.
	Brand string
	// Logger receives UI diagnostics; slog.Default() when nil.
	Logger *slog.Logger
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
