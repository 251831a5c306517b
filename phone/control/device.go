package control

import (
	"errors"
	"fmt"
	"strings"
)

// KindDevice reports an audio device change: a device lost mid-call and the one taken
// instead, a device that failed to open, a device that came back, or a user's new choice.
const KindDevice Kind = "device"

// Device change kinds (DeviceChange.Change).
const (
	// DeviceLost: the device in use failed mid-stream (unplugged); Taken is used instead.
	DeviceLost = "lost"
	// DeviceFailed: a device could not be opened; Taken is the one used instead.
	DeviceFailed = "failed"
	// DeviceBack: a device ranked higher than the one in use opened again and is used.
	DeviceBack = "back"
	// DeviceSelected: the device a user chose (parameter or audiodevice) is now in use.
	DeviceSelected = "selected"
)

// DeviceChange is one audio device event.
type DeviceChange struct {
	Role   string `json:"role"`             // the parameter of the device: audioinput, audiooutput or ringdevice
	Change string `json:"change"`           // DeviceLost, DeviceFailed, DeviceBack or DeviceSelected
	Device string `json:"device"`           // the device the event is about (its spec)
	Taken  string `json:"taken"`            // the device in use after the event ("null" for none)
	Reason string `json:"reason,omitempty"` // the driver's error for lost and failed
}

// DeviceLine renders c as EVENT,WARNING,text for a lost or failed device and EVENT,EVENT,text
// otherwise (the seed's EVENT notification).
func (c DeviceChange) DeviceLine() string {
	typ := "EVENT"
	if c.Change == DeviceLost || c.Change == DeviceFailed {
		typ = "WARNING"
	}
	return "EVENT," + typ + "," + field(c.Text())
}

// Text describes the change for a user.
func (c DeviceChange) Text() string {
	switch c.Change {
	case DeviceLost:
		return fmt.Sprintf("%s %s lost (%s); now using %s", c.Role, c.Device, c.Reason, c.Taken)
	case DeviceFailed:
		return fmt.Sprintf("%s %s cannot be opened (%s); now using %s", c.Role, c.Device, c.Reason, c.Taken)
	case DeviceBack:
		return fmt.Sprintf("%s %s is back; now using it", c.Role, c.Device)
	}
	return fmt.Sprintf("%s now using %s", c.Role, c.Taken)
}

// MaxDeviceList is the most devices a ranked device list (audioinputs, audiooutputs) may name.
const MaxDeviceList = 8

// ErrDeviceList is wrapped by ParseDeviceList's errors.
var ErrDeviceList = errors.New("bad device list")

// ParseDeviceList splits a ranked device list (audioinputs, audiooutputs): device specs
// separated by commas, an item in double quotes when its name holds a comma itself
// ("HDA Intel PCH: ALC892 Analog (hw:0,0)"). Items are trimmed; an empty list gives nil.
// An empty item, an unclosed quote, "file:" without a path, a repeated device or more than
// MaxDeviceList items is an error naming the item.
func ParseDeviceList(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	rest := strings.TrimSpace(s)
	for rest != "" {
		var item string
		var comma bool
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				return nil, fmt.Errorf("%w: unclosed quote in %q", ErrDeviceList, rest)
			}
			item, rest = rest[1:1+end], strings.TrimSpace(rest[2+end:])
			if rest != "" && !strings.HasPrefix(rest, ",") {
				return nil, fmt.Errorf("%w: a comma must follow the quoted device %q", ErrDeviceList, item)
			}
			rest, comma = strings.CutPrefix(rest, ",")
		} else {
			item, rest, comma = strings.Cut(rest, ",")
		}
		item = strings.TrimSpace(item)
		rest = strings.TrimSpace(rest)
		if comma && rest == "" {
			return nil, fmt.Errorf("%w: empty device (a comma at the end)", ErrDeviceList)
		}
		if err := CheckDeviceSpec(item); err != nil {
			return nil, err
		}
		key := strings.ToLower(item)
		if seen[key] {
			return nil, fmt.Errorf("%w: device %q is listed twice", ErrDeviceList, item)
		}
		seen[key] = true
		out = append(out, item)
		if len(out) > MaxDeviceList {
			return nil, fmt.Errorf("%w: more than %d devices", ErrDeviceList, MaxDeviceList)
		}
	}
	return out, nil
}

// CheckDeviceSpec checks the syntax of one device spec of a ranked list: not empty, and a
// file: device names a path.
func CheckDeviceSpec(spec string) error {
	if spec == "" {
		return fmt.Errorf("%w: empty device (two commas in a row, or a comma at an end)", ErrDeviceList)
	}
	if prefix, path, ok := strings.Cut(spec, ":"); ok && strings.EqualFold(prefix, "file") && strings.TrimSpace(path) == "" {
		return fmt.Errorf("%w: device %q names no file (file:PATH.wav)", ErrDeviceList, spec)
	}
	return nil
}

// AudioDevice is one device of the audiodevice answer.
type AudioDevice struct {
	Device  string `json:"device"`  // the value that selects it (DeviceInfo.Spec)
	Name    string `json:"name"`    // its name within its driver
	Driver  string `json:"driver"`  // portaudio, null, ...
	Rate    int    `json:"rate"`    // native sample rate in Hz
	Default bool   `json:"default"` // the driver's default device
}

// AudioDevices is the audiodevice answer: the devices of each direction, what each device
// parameter selects, and the device in use during a call.
type AudioDevices struct {
	Inputs  []AudioDevice `json:"inputs"`
	Outputs []AudioDevice `json:"outputs"`
	// Input, Output and Ring are the values of audioinput, audiooutput and ringdevice.
	Input  string `json:"input"`
	Output string `json:"output"`
	Ring   string `json:"ring"`
	// InputInUse, OutputInUse and RingInUse are the devices the running call uses ("" while
	// no audio runs; "null" when none of the ranked list opened).
	InputInUse  string `json:"inputinuse"`
	OutputInUse string `json:"outputinuse"`
	RingInUse   string `json:"ringinuse"`
}

// AudioDeviceSelector is the audio device side of the seed's audiodevice function.
// *phone.Phone implements it.
type AudioDeviceSelector interface {
	// AudioDeviceState lists the devices and the ones selected and in use.
	AudioDeviceState() AudioDevices
	// SelectAudioDevice selects device (a spec, as AudioDevice.Device) for dev (VolumeMic,
	// VolumeSpeaker, VolumeRing); it takes effect at once, during a call too.
	SelectAudioDevice(dev VolumeDevice, device string) error
}
