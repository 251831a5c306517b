package phone

import (
	"fmt"
	"strings"

	"softphone/phone/audio"
	"softphone/phone/control"
)

// checkDevice is the run-time check of a device parameter: the device must exist now (the
// ranked lists may name devices that are not plugged in). Errors name the parameter and the
// value and list the devices there are.
func (p *Phone) checkDevice(name, value string) error {
	r := roleInput
	switch strings.ToLower(name) {
	case roleOutput.param:
		r = roleOutput
	case roleRing.param:
		r = roleRing
	case roleInput.param:
	default:
		return nil
	}
	if strings.TrimSpace(value) == "" {
		return nil
	}
	if err := p.drivers.Check(value, r.output); err != nil {
		return fmt.Errorf("parameter %q: value %q: %w", name, value, err)
	}
	return nil
}

// AudioDeviceState lists the devices, the device parameters and the devices in use.
func (p *Phone) AudioDeviceState() control.AudioDevices {
	st := control.AudioDevices{Inputs: []control.AudioDevice{}, Outputs: []control.AudioDevice{},
		Input: p.params.Get(roleInput.param), Output: p.params.Get(roleOutput.param), Ring: p.params.Get(roleRing.param)}
	for _, d := range p.drivers.List() {
		a := control.AudioDevice{Device: d.Spec(), Name: d.Name, Driver: d.Driver, Rate: d.DefaultRate, Default: d.Default}
		if d.Output {
			st.Outputs = append(st.Outputs, a)
		} else {
			st.Inputs = append(st.Inputs, a)
		}
	}
	p.run(func() {
		if p.engine == nil {
			return
		}
		if p.engineMic {
			st.InputInUse, _ = p.dev.mic.InUse()
		}
		st.OutputInUse, _ = p.dev.spk.InUse()
		if p.dev.ring != nil {
			st.RingInUse, _ = p.dev.ring.InUse()
		}
	})
	return st
}

// SelectAudioDevice sets audioinput, audiooutput or ringdevice (by the seed's device numbers,
// as setvolume has them) to device; it takes effect at once, during a call too. A device that
// is not there is an error naming the argument and the value, with the devices there are.
func (p *Phone) SelectAudioDevice(dev control.VolumeDevice, device string) error {
	name, ok := map[control.VolumeDevice]string{control.VolumeMic: roleInput.param,
		control.VolumeSpeaker: roleOutput.param, control.VolumeRing: roleRing.param}[dev]
	if !ok {
		return fmt.Errorf("argument \"dev\": value %d: want 0 (microphone), 1 (speaker) or 2 (ring device)", dev)
	}
	if strings.EqualFold(device, NextDevice) {
		device = p.nextDevice(p.params.Get(name), dev != control.VolumeMic)
	}
	return p.SetParameter(name, device)
}

// NextDevice, as SelectAudioDevice's device, picks the device listed after the one selected
// (the seed's switchMic; the first after the last), skipping null.
const NextDevice = "next"

// nextDevice returns the spec of the device listed after cur in one direction.
func (p *Phone) nextDevice(cur string, output bool) string {
	var specs []string
	at := -1
	for _, d := range p.drivers.List() {
		if d.Output != output || d.Driver == audio.NullDriverName {
			continue
		}
		if sameDevice(d, cur) {
			at = len(specs)
		}
		specs = append(specs, d.Spec())
	}
	if len(specs) == 0 {
		return cur
	}
	return specs[(at+1)%len(specs)]
}

// sameDevice reports whether a parameter value selects the listed device d.
func sameDevice(d control.DeviceInfo, value string) bool {
	return strings.EqualFold(value, d.Spec()) || strings.EqualFold(value, d.Name) ||
		isDefaultSpec(value) && d.Default
}
