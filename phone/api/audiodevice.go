package api

import (
	"errors"

	"softphone/phone/control"
)

// errNoDevices answers audiodevice on a controller without audio devices.
var errNoDevices = errors.New("audio devices are not available on this controller")

// audioDevice is POST /v1/audiodevice, the seed's audiodevice(): without arguments it lists
// the devices and the ones selected and in use; with {dev, device} it selects device for dev
// (the seed's device numbers as setvolume has them: 0 microphone, 1 speaker, 2 ring device;
// device "next" is the one listed after the selected one, as the seed's switchMic),
// at once, during a call too, and answers the new state. device "" is the default device.
func audioDevice(c Controller, a args) (any, error) {
	sel, ok := c.(control.AudioDeviceSelector)
	if !ok {
		return nil, errNoDevices
	}
	_, hasDev := a["dev"]
	_, hasDevice := a["device"]
	switch {
	case hasDev && hasDevice:
		dev, err := a.integer("dev", -1)
		if err != nil {
			return nil, err
		}
		device, err := a.str("device")
		if err != nil {
			return nil, err
		}
		if err := sel.SelectAudioDevice(control.VolumeDevice(dev), device); err != nil {
			return nil, err // names the parameter and the value, and lists the devices
		}
	case hasDev || hasDevice:
		return nil, errors.New(`audiodevice selects with both "dev" (0 microphone, 1 speaker, 2 ring device) and "device"; without arguments it lists the devices`)
	}
	return sel.AudioDeviceState(), nil
}
