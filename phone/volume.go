package phone

import (
	"fmt"
	"strconv"

	"softphone/phone/params"
)

// volumeParam names the parameter holding device dev's volume: 0 microphone, 1 speaker,
// 2 ring; "" for any other dev.
func volumeParam(dev int) string {
	switch dev {
	case 0:
		return "volumein"
	case 1:
		return "volumeout"
	case 2:
		return "volumering"
	}
	return ""
}

// volumeDev is the SetVolume device of volume parameter name, or -1.
func volumeDev(name string) int {
	for dev := range 3 {
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
func (p *Phone) SetVolume(dev, volume int) error {
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
	for dev := range 3 {
		p.engine.SetVolume(dev, p.params.Int(volumeParam(dev)))
	}
}
