package phone

import (
	"fmt"
	"strconv"

	"softphone/phone/control"
	"softphone/phone/params"
)

// volumeDevices are the SetVolume devices, in order.
var volumeDevices = [...]control.VolumeDevice{control.VolumeMic, control.VolumeSpeaker, control.VolumeRing}

// volumeParam names the parameter holding device dev's volume; "" for an unknown dev.
func volumeParam(dev control.VolumeDevice) string {
	switch dev {
	case control.VolumeMic:
		return "volumein"
	case control.VolumeSpeaker:
		return "volumeout"
	case control.VolumeRing:
		return "volumering"
	}
	return ""
}

// volumeDev is the SetVolume device of volume parameter name, or -1.
func volumeDev(name string) control.VolumeDevice {
	for _, dev := range volumeDevices {
		if volumeParam(dev) == name {
			return dev
		}
	}
	return -1
}

// SetVolume sets a device volume in percent (50 = unity): dev 0 microphone, 1 speaker, 2 ring.
// The volume is the runtime value of parameter volumein, volumeout or volumering, so it
// shows in getparameter, is kept across restarts with the other runtime settings, and a
// provisioning lock on it refuses the change.
func (p *Phone) SetVolume(dev control.VolumeDevice, volume int) error {
	name := volumeParam(dev)
	if name == "" {
		return fmt.Errorf("setvolume: dev %d is not 0 (microphone), 1 (speaker) or 2 (ring)", dev)
	}
	if volume < 0 || volume > 100 {
		return fmt.Errorf("setvolume: volume %d is outside 0-100", volume)
	}
	if err := p.params.Set(name, strconv.Itoa(volume), params.Runtime); err != nil {
		return fmt.Errorf("setvolume: %w", err)
	}
	return nil
}

// applyVolumes gives the audio engine the volume parameters. Owner goroutine.
func (p *Phone) applyVolumes() {
	if p.engine == nil {
		return
	}
	for _, dev := range volumeDevices {
		p.engine.SetVolume(int(dev), p.params.Int(volumeParam(dev)))
	}
}
