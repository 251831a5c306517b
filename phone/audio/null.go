package audio

import (
	"fmt"
	"sync"

	"softphone/phone/control"
)

// NullDriverName is the registered name of the null driver (control.NullDriverName, the
// name a DeviceInfo's Spec knows).
const NullDriverName = control.NullDriverName

// NullDriver offers one input that captures silence and one output that discards, both paced
// in real time so a pipeline behind them runs at the speed it would with real hardware.
type NullDriver struct {
	opts options
}

// NewNullDriver builds the null driver. Options: WithClock, WithRate (default 16000 Hz).
func NewNullDriver(opts ...Option) *NullDriver {
	return &NullDriver{opts: buildOptions(opts)}
}

// Name returns "null".
func (n *NullDriver) Name() string { return NullDriverName }

func (n *NullDriver) info(output bool) []control.DeviceInfo {
	return []control.DeviceInfo{{Driver: NullDriverName, Name: NullDriverName, DefaultRate: n.opts.rate,
		Channels: 1, Default: true, Output: output}}
}

// Inputs lists the single null capture device.
func (n *NullDriver) Inputs() ([]control.DeviceInfo, error) { return n.info(false), nil }

// Outputs lists the single null playback device.
func (n *NullDriver) Outputs() ([]control.DeviceInfo, error) { return n.info(true), nil }

// OpenInput opens a silent, paced capture device. Any name is accepted.
func (n *NullDriver) OpenInput(string) (Input, error) { return n.open() }

// OpenOutput opens a discarding, paced playback device. Any name is accepted.
func (n *NullDriver) OpenOutput(string) (Output, error) { return n.open() }

func (n *NullDriver) open() (*nullDevice, error) {
	if !validRate(n.opts.rate) {
		return nil, fmt.Errorf("null device: %w: %d Hz", ErrBadRate, n.opts.rate)
	}
	return &nullDevice{pace: newPacer(n.opts.clock, n.opts.rate)}, nil
}

// nullDevice is both the null Input and the null Output.
type nullDevice struct {
	mu     sync.Mutex
	pace   pacer
	closed bool
}

// Rate returns the configured rate.
func (d *nullDevice) Rate() int { return d.pace.rate }

// Read fills buf with silence after the time it would take to capture it.
func (d *nullDevice) Read(buf []int16) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return fmt.Errorf("null input: %w", ErrClosed)
	}
	clear(buf)
	d.pace.wait(len(buf))
	return nil
}

// Write discards buf after the time it would take to play it.
func (d *nullDevice) Write(buf []int16) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return fmt.Errorf("null output: %w", ErrClosed)
	}
	d.pace.wait(len(buf))
	return nil
}

// Close makes later reads and writes fail with ErrClosed.
func (d *nullDevice) Close() error {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	return nil
}
