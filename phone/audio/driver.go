package audio

import (
	"log/slog"
	"strings"

	"softphone/phone/control"
)

// Driver is an audio back end registered in a Drivers list, like baresip's auplay/ausrc
// modules: "portaudio" for real devices, "file" for WAV files, "null" for nothing.
type Driver interface {
	// Name is the driver's registered name, used as the prefix in device specs ("file:...").
	Name() string
	// Inputs lists the capture devices the driver can open by name.
	Inputs() ([]control.DeviceInfo, error)
	// Outputs lists the playback devices the driver can open by name.
	Outputs() ([]control.DeviceInfo, error)
	// OpenInput opens a capture device; name "" or "default" means the default device.
	OpenInput(name string) (Input, error)
	// OpenOutput opens a playback device; name "" or "default" means the default device.
	OpenOutput(name string) (Output, error)
}

// Option configures a driver. Each driver uses the options that apply to it and ignores the rest.
type Option func(*options)

type options struct {
	clock  Clock
	logger *slog.Logger
	loop   bool
	rate   int
}

func buildOptions(opts []Option) options {
	o := options{clock: SystemClock{}, rate: 16000}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// WithClock sets the clock that paces virtual devices (null, file) and the PortAudio pacing guard.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger sets the logger a driver reports through.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithLoop makes file inputs start again from the beginning at the end of the file instead of
// continuing with silence.
func WithLoop(loop bool) Option { return func(o *options) { o.loop = loop } }

// WithRate sets the sample rate of null devices and of file outputs (default 16000 Hz).
func WithRate(hz int) Option { return func(o *options) { o.rate = hz } }

// isDefaultName reports whether a device name asks for the default device.
func isDefaultName(name string) bool {
	return name == "" || strings.EqualFold(name, "default")
}
