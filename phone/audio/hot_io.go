package audio

import "softphone/phone/media/resample"

// DeviceChanger is implemented by devices that move between devices underneath (HotInput,
// HotOutput): DeviceChanges grows each time another device is taken over, so a caller that
// pairs capture with playback (the echo canceller) knows its clocks started afresh.
type DeviceChanger interface {
	DeviceChanges() uint64
}

// HotInput is a capture device that follows a ranked list of devices: it reads from the first
// that opens, moves to the next within the same Read when the one in use fails (unplugged),
// takes a better-ranked device back when it opens again, and switches to a new list at the next
// frame (Switch), all without the caller noticing more than the change of sound. Its Rate is
// fixed at the rate of the first device opened; a later device of another rate is resampled.
type HotInput struct {
	h    *hot[Input]
	rs   *resample.Resampler
	tmp  []int16 // one read from the device in use
	out  []int16 // resampler output
	fifo []int16 // samples at Rate not yet returned
}

// NewHotInput opens the first device of specs (device specs as Drivers.OpenInput takes them)
// that opens, reporting each that does not through opts.OnChange; with none it captures
// silence from the null device.
func NewHotInput(d *Drivers, specs []string, opts HotOptions) *HotInput {
	null := func(rate int) Input { in, _ := NewNullDriver(WithRate(rate)).OpenInput(""); return in }
	return &HotInput{h: newHot(specs, opts, d.OpenInput, null)}
}

// Rate returns the rate of the first device opened; it does not change.
func (in *HotInput) Rate() int { return in.h.rate }

// Read fills buf from the device in use. A device error moves to the next device of the
// list and reads from it, so Read fails only once closed.
func (in *HotInput) Read(buf []int16) error {
	dev, changed, err := in.h.current()
	if err != nil {
		return err
	}
	for {
		if changed {
			in.reset(dev)
		}
		if err = in.readFrom(dev, buf); err == nil {
			return nil
		}
		if dev, err = in.h.fail(dev, err); err != nil {
			return err
		}
		changed = true
	}
}

// reset prepares the resampler for a new device.
func (in *HotInput) reset(dev Input) {
	in.fifo = in.fifo[:0]
	in.rs = nil
	if dev.Rate() != in.h.rate {
		in.rs = resample.New(dev.Rate(), in.h.rate)
	}
}

func (in *HotInput) readFrom(dev Input, buf []int16) error {
	if in.rs == nil {
		return dev.Read(buf)
	}
	for len(in.fifo) < len(buf) {
		n := max((len(buf)-len(in.fifo))*dev.Rate()/in.h.rate, 1)
		if cap(in.tmp) < n {
			in.tmp = make([]int16, n)
		}
		in.tmp = in.tmp[:n]
		if err := dev.Read(in.tmp); err != nil {
			return err
		}
		in.out = in.rs.Process(in.out, in.tmp)
		in.fifo = append(in.fifo, in.out...)
	}
	copy(buf, in.fifo)
	in.fifo = in.fifo[:copy(in.fifo, in.fifo[len(buf):])]
	return nil
}

// Switch makes specs the ranked list; the first device that opens is used from the next
// frame on (the device in use stays when it is that one), with a DeviceSelected event.
func (in *HotInput) Switch(specs []string) { in.h.Switch(specs, true) }

// Use is Switch without the DeviceSelected event: for the microphone that joins a call that
// started without one (failures to open are still reported).
func (in *HotInput) Use(specs []string) { in.h.Switch(specs, false) }

// InUse returns the spec of the device in use ("null" for none) and the ranked list.
func (in *HotInput) InUse() (string, []string) { return in.h.InUse() }

// Close closes the device in use and stops probing for better ones.
func (in *HotInput) Close() error { return in.h.Close() }

// HotOutput is the playback counterpart of HotInput: Write goes to the first device of the
// ranked list that opens, moves on when it fails, takes a better one back, follows Switch.
type HotOutput struct {
	h   *hot[Output]
	rs  *resample.Resampler
	out []int16
}

// NewHotOutput opens the first device of specs that opens (else the null device), reporting
// each that does not through opts.OnChange.
func NewHotOutput(d *Drivers, specs []string, opts HotOptions) *HotOutput {
	null := func(rate int) Output { out, _ := NewNullDriver(WithRate(rate)).OpenOutput(""); return out }
	return &HotOutput{h: newHot(specs, opts, d.OpenOutput, null)}
}

// Rate returns the rate of the first device opened; it does not change.
func (o *HotOutput) Rate() int { return o.h.rate }

// Write plays buf on the device in use; when it fails, buf is played on the next device of
// the list, so Write fails only once closed.
func (o *HotOutput) Write(buf []int16) error {
	dev, changed, err := o.h.current()
	if err != nil {
		return err
	}
	for {
		if changed {
			o.rs = nil
			if dev.Rate() != o.h.rate {
				o.rs = resample.New(o.h.rate, dev.Rate())
			}
		}
		if err = o.writeTo(dev, buf); err == nil {
			return nil
		}
		if dev, err = o.h.fail(dev, err); err != nil {
			return err
		}
		changed = true
	}
}

func (o *HotOutput) writeTo(dev Output, buf []int16) error {
	if o.rs == nil {
		return dev.Write(buf)
	}
	o.out = o.rs.Process(o.out, buf)
	return dev.Write(o.out)
}

// Switch makes specs the ranked list; the first device that opens is used from the next
// frame on (the device in use stays when it is that one), with a DeviceSelected event.
func (o *HotOutput) Switch(specs []string) { o.h.Switch(specs, true) }

// InUse returns the spec of the device in use ("null" for none) and the ranked list.
func (o *HotOutput) InUse() (string, []string) { return o.h.InUse() }

// Close closes the device in use and stops probing for better ones.
func (o *HotOutput) Close() error { return o.h.Close() }

// DeviceChanges counts the devices taken over after the first (a switch, a fall-back, the
// microphone joining): each is a new capture clock.
func (in *HotInput) DeviceChanges() uint64 { return in.h.changes.Load() }

// DeviceChanges counts the devices taken over after the first: each is a new playback clock.
func (o *HotOutput) DeviceChanges() uint64 { return o.h.changes.Load() }

// XRuns is the overflow count of the device in use (0 for devices that count none).
func (in *HotInput) XRuns() int64 { return in.h.xruns() }

// XRuns is the underflow count of the device in use (0 for devices that count none).
func (o *HotOutput) XRuns() int64 { return o.h.xruns() }
