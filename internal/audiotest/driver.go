// Package audiotest is a scripted audio driver for tests: devices that appear, vanish
// (unplugged: the next read or write fails and opening fails) and come back, whose capture is
// a marker value per device and whose playback is recorded, so a test counts frames of audio
// instead of measuring time. It is a seam fake for unit tests of the device layer.
package audiotest

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"softphone/phone/audio"
	"softphone/phone/control"
)

// Name is the driver's registered name: its devices are "test:NAME".
const Name = "test"

// ErrUnplugged is the error of a device that vanished.
var ErrUnplugged = errors.New("device unplugged")

// Driver holds named test devices. The zero value is not usable; call New.
type Driver struct {
	mu      sync.Mutex
	devices map[string]*Device
}

// Device is one test device: its capture is Marker in every sample; what is played on it is
// kept in Played. A device fails (ErrUnplugged) after FailAfter samples when that is above 0.
// Unpaced devices return at once (a test counts frames); Paced ones take real time, like a
// sound card, for tests that run a whole phone.
type Device struct {
	Name   string
	Rate   int
	Marker int16
	Paced  bool
	// Discard keeps nothing of what is played (benchmarks).
	Discard bool

	mu        sync.Mutex
	present   bool
	failAfter int // samples left before the device vanishes by itself; 0 = never
	played    []int16
	opens     int
}

// New returns a driver with the given devices, all present.
func New(devices ...*Device) *Driver {
	d := &Driver{devices: map[string]*Device{}}
	for _, dev := range devices {
		dev.present = true
		d.devices[dev.Name] = dev
	}
	return d
}

// Device returns the named device (nil when there is none).
func (d *Driver) Device(name string) *Device {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.devices[name]
}

// Name returns "test".
func (d *Driver) Name() string { return Name }

func (d *Driver) list(output bool) []control.DeviceInfo {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []control.DeviceInfo
	for _, dev := range d.devices {
		if dev.Present() {
			out = append(out, control.DeviceInfo{Driver: Name, Name: dev.Name, DefaultRate: dev.Rate, Channels: 1, Output: output})
		}
	}
	return out
}

// Inputs lists the present devices.
func (d *Driver) Inputs() ([]control.DeviceInfo, error) { return d.list(false), nil }

// Outputs lists the present devices.
func (d *Driver) Outputs() ([]control.DeviceInfo, error) { return d.list(true), nil }

func (d *Driver) open(name string) (*stream, error) {
	d.mu.Lock()
	dev := d.devices[name]
	d.mu.Unlock()
	if dev == nil || !dev.Present() {
		return nil, fmt.Errorf("test device %q: %w", name, audio.ErrNoDevice)
	}
	dev.mu.Lock()
	dev.opens++
	dev.mu.Unlock()
	return &stream{dev: dev}, nil
}

// OpenInput opens a present device for capture.
func (d *Driver) OpenInput(name string) (audio.Input, error) { return d.open(name) }

// OpenOutput opens a present device for playback.
func (d *Driver) OpenOutput(name string) (audio.Output, error) { return d.open(name) }

// Present reports whether the device is plugged in.
func (dev *Device) Present() bool {
	dev.mu.Lock()
	defer dev.mu.Unlock()
	return dev.present
}

// Unplug makes the device vanish: its streams fail and it cannot be opened.
func (dev *Device) Unplug() {
	dev.mu.Lock()
	dev.present = false
	dev.mu.Unlock()
}

// Plug brings the device back.
func (dev *Device) Plug() {
	dev.mu.Lock()
	dev.present = true
	dev.mu.Unlock()
}

// FailAfter makes the device vanish by itself once n more samples have passed through it.
func (dev *Device) FailAfter(n int) {
	dev.mu.Lock()
	dev.failAfter = n
	dev.mu.Unlock()
}

// Played returns a copy of every sample played on the device.
func (dev *Device) Played() []int16 {
	dev.mu.Lock()
	defer dev.mu.Unlock()
	return append([]int16(nil), dev.played...)
}

// Opens counts how often the device was opened.
func (dev *Device) Opens() int {
	dev.mu.Lock()
	defer dev.mu.Unlock()
	return dev.opens
}

// pass accounts for n samples and reports whether the device is (still) there.
func (dev *Device) pass(n int) error {
	dev.mu.Lock()
	defer dev.mu.Unlock()
	if dev.failAfter > 0 {
		if dev.failAfter <= n {
			dev.failAfter, dev.present = 0, false
		} else {
			dev.failAfter -= n
		}
	}
	if !dev.present {
		return fmt.Errorf("test device %q: %w", dev.Name, ErrUnplugged)
	}
	return nil
}

// stream is an open test device.
type stream struct {
	dev *Device
	mu  sync.Mutex
	off bool
}

func (s *stream) Rate() int { return s.dev.Rate }

func (s *stream) Read(buf []int16) error {
	if err := s.check(len(buf)); err != nil {
		return err
	}
	s.pace(len(buf))
	for i := range buf {
		buf[i] = s.dev.Marker
	}
	return nil
}

func (s *stream) Write(buf []int16) error {
	if err := s.check(len(buf)); err != nil {
		return err
	}
	if !s.dev.Discard {
		s.dev.mu.Lock()
		s.dev.played = append(s.dev.played, buf...)
		s.dev.mu.Unlock()
	}
	s.pace(len(buf))
	return nil
}

// pace sleeps for the duration of n samples on a paced device.
func (s *stream) pace(n int) {
	if s.dev.Paced {
		time.Sleep(time.Duration(n) * time.Second / time.Duration(s.dev.Rate))
	}
}

func (s *stream) check(n int) error {
	s.mu.Lock()
	off := s.off
	s.mu.Unlock()
	if off {
		return fmt.Errorf("test device %q: %w", s.dev.Name, audio.ErrClosed)
	}
	return s.dev.pass(n)
}

func (s *stream) Close() error {
	s.mu.Lock()
	s.off = true
	s.mu.Unlock()
	return nil
}
