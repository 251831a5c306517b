package audio

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"softphone/phone/control"
)

// defaultDriverName is the driver that serves the specs "" and "default" and bare device names.
const defaultDriverName = PortAudioDriverName

// Drivers is the ordered list of audio drivers the application built; registration order is
// preference order for List. It has no global state: build one per phone.
type Drivers struct {
	drivers []Driver
}

// NewDrivers registers ds in order. Nil drivers are skipped.
func NewDrivers(ds ...Driver) *Drivers {
	d := &Drivers{}
	for _, drv := range ds {
		if drv != nil {
			d.drivers = append(d.drivers, drv)
		}
	}
	return d
}

// DefaultDrivers registers file, null and portaudio (last). PortAudio is initialised lazily, so
// a machine without sound hardware still gets working file and null devices.
func DefaultDrivers(logger *slog.Logger) *Drivers {
	return NewDrivers(
		NewFileDriver(WithLogger(logger)),
		NewNullDriver(WithLogger(logger)),
		NewPortAudioDriver(WithLogger(logger)),
	)
}

// Driver returns the registered driver with the given name (case-insensitive), or nil.
func (d *Drivers) Driver(name string) Driver {
	for _, drv := range d.drivers {
		if strings.EqualFold(drv.Name(), name) {
			return drv
		}
	}
	return nil
}

// parseSpec splits a device spec into a driver and a device name:
// "" / "default" -> portaudio default; "null" -> null; "DRIVER:NAME" when DRIVER is registered;
// anything else is a PortAudio device name (those may contain colons themselves).
func (d *Drivers) parseSpec(spec string) (driver, name string) {
	s := strings.TrimSpace(spec)
	if isDefaultName(s) {
		return defaultDriverName, ""
	}
	if prefix, rest, ok := strings.Cut(s, ":"); ok && d.Driver(prefix) != nil {
		return strings.ToLower(prefix), rest
	}
	if d.Driver(s) != nil && s != "" {
		return strings.ToLower(s), ""
	}
	return defaultDriverName, s
}

func (d *Drivers) resolve(kind, spec string) (Driver, string, error) {
	drvName, name := d.parseSpec(spec)
	drv := d.Driver(drvName)
	if drv == nil {
		return nil, "", fmt.Errorf("audio %s %q: %w: driver %q is not available (registered: %s)",
			kind, spec, ErrNoDevice, drvName, strings.Join(d.names(), ", "))
	}
	return drv, name, nil
}

// OpenInput opens the capture device a spec names, e.g. "", "null", "file:/tmp/in.wav",
// "portaudio:USB Headset" or just "USB".
func (d *Drivers) OpenInput(spec string) (Input, error) {
	drv, name, err := d.resolve("input", spec)
	if err != nil {
		return nil, err
	}
	return drv.OpenInput(name)
}

// OpenOutput opens the playback device a spec names (same syntax as OpenInput).
func (d *Drivers) OpenOutput(spec string) (Output, error) {
	drv, name, err := d.resolve("output", spec)
	if err != nil {
		return nil, err
	}
	return drv.OpenOutput(name)
}

// List returns every listable device of every driver, inputs then outputs per driver. Drivers
// that fail to enumerate (PortAudio without hardware) contribute nothing.
func (d *Drivers) List() []control.DeviceInfo {
	var all []control.DeviceInfo
	for _, drv := range d.drivers {
		if in, err := drv.Inputs(); err == nil {
			all = append(all, in...)
		}
		if out, err := drv.Outputs(); err == nil {
			all = append(all, out...)
		}
	}
	return all
}

// Close releases driver resources (drivers implementing io.Closer). Open devices stay usable
// until they are closed themselves.
func (d *Drivers) Close() error {
	var errs []error
	for _, drv := range d.drivers {
		if c, ok := drv.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

func (d *Drivers) names() []string {
	names := make([]string, len(d.drivers))
	for i, drv := range d.drivers {
		names[i] = drv.Name()
	}
	return names
}
