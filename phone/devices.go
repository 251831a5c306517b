package phone

import (
	"strings"
	"sync/atomic"

	"softphone/phone/audio"
	"softphone/phone/control"
	"softphone/phone/store"
)

// deviceSet holds the devices the audio engine plays and captures through: hot devices that
// follow their ranked lists, so a change of parameter or a lost device is handled without
// rebuilding the engine. Owner goroutine; nil fields while no engine runs.
type deviceSet struct {
	mic  *audio.HotInput
	spk  *audio.HotOutput
	ring *audio.HotOutput // nil: the ring tone plays on spk
}

// Device roles: the parameter each device follows and its ranked list.
var (
	roleInput  = deviceRole{param: "audioinput", list: "audioinputs"}
	roleOutput = deviceRole{param: "audiooutput", list: "audiooutputs", output: true}
	roleRing   = deviceRole{param: "ringdevice", output: true}
)

// deviceRole names one device's parameters.
type deviceRole struct {
	param, list string
	output      bool
}

// specs is the role's ranked device list: the parameter's device, the list's devices, then
// the default device (unless the list ends in null); the hot device falls back to null last.
func (p *Phone) specs(r deviceRole) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		for _, o := range out {
			if strings.EqualFold(o, s) || isDefaultSpec(o) && isDefaultSpec(s) {
				return
			}
		}
		out = append(out, s)
	}
	if v := p.params.Get(r.param); v != "" {
		add(v)
	}
	if r.list != "" {
		ranked, _ := control.ParseDeviceList(p.params.Get(r.list)) // checked when set
		for _, s := range ranked {
			add(s)
		}
	}
	if r.list != "" && (len(out) == 0 || !strings.EqualFold(out[len(out)-1], audio.NullDriverName)) {
		add("default")
	}
	return out
}

func isDefaultSpec(s string) bool { return s == "" || strings.EqualFold(s, "default") }

// hotOptions are the options of the role's hot device: its events reach the owner goroutine.
func (p *Phone) hotOptions(r deviceRole) audio.HotOptions {
	return audio.HotOptions{Role: r.param, OnChange: func(c control.DeviceChange) {
		p.post(func() { p.deviceChanged(c) })
	}}
}

// openDevices opens the engine's devices: the microphone only when a call needs it (null
// until then), the speaker, and the ring device when ringdevice names one (nil when it does
// not open: the ring tone then plays on the speaker). Owner goroutine.
func (p *Phone) openDevices(mic bool) (audio.Input, audio.Output, audio.Output) {
	var inSpecs []string
	if mic {
		inSpecs = p.specs(roleInput)
	}
	p.dev.mic = audio.NewHotInput(p.drivers, inSpecs, p.hotOptions(roleInput))
	p.dev.spk = audio.NewHotOutput(p.drivers, p.specs(roleOutput), p.hotOptions(roleOutput))
	p.dev.ring = nil
	if spec := p.params.Get("ringdevice"); spec != "" {
		// The ring device's own open failure is told below, as ringing on the speaker.
		var opened atomic.Bool
		opts := p.hotOptions(roleRing)
		report := opts.OnChange
		opts.OnChange = func(c control.DeviceChange) {
			if opened.Load() {
				report(c)
			}
		}
		ring := audio.NewHotOutput(p.drivers, []string{spec}, opts)
		if name, _ := ring.InUse(); name == audio.NullDriverName && !strings.EqualFold(spec, audio.NullDriverName) {
			ring.Close()
			p.notice(control.KindError, "Ring device unavailable (parameter ringdevice=%q); ringing on the speaker", spec)
		} else {
			opened.Store(true)
			p.dev.ring = ring
			return p.dev.mic, p.dev.spk, ring
		}
	}
	return p.dev.mic, p.dev.spk, nil
}

// useMicrophone moves the running engine's input from null to the microphone. Owner goroutine.
func (p *Phone) useMicrophone() {
	p.dev.mic.Use(p.specs(roleInput))
}

// applyDevice makes a change of a device parameter take effect at once, during a call too:
// the hot device switches at its next frame. A ring device that appears or goes away changes
// the engine's shape, so the engine is rebuilt with the calls attached again. Owner goroutine.
func (p *Phone) applyDevice(name string) {
	if p.engine == nil {
		return
	}
	switch name {
	case roleInput.param, roleInput.list:
		if p.engineMic {
			p.dev.mic.Switch(p.specs(roleInput))
		}
	case roleOutput.param, roleOutput.list:
		p.dev.spk.Switch(p.specs(roleOutput))
	case roleRing.param:
		if spec := p.params.Get("ringdevice"); spec != "" && p.dev.ring != nil {
			p.dev.ring.Switch([]string{spec})
			return
		}
		mic := p.engineMic
		p.closeEngine()
		p.ensureEngine(mic)
	}
}

// isDeviceParam reports whether a parameter names an audio device or a ranked list.
func isDeviceParam(name string) bool {
	switch name {
	case roleInput.param, roleInput.list, roleOutput.param, roleOutput.list, roleRing.param:
		return true
	}
	return false
}

// deviceChanged publishes a device event. Owner goroutine.
func (p *Phone) deviceChanged(c control.DeviceChange) {
	if c.Change == control.DeviceLost || c.Change == control.DeviceFailed {
		p.log.Warn(c.Text())
	} else {
		p.log.Info(c.Text())
	}
	p.publish(control.Event{Kind: control.KindDevice, Device: &c, Message: c.Text(), Notification: c.DeviceLine()})
}

// AudioDevices lists the audio devices a user can choose (for audioinput, audiooutput and
// ringdevice); each DeviceInfo's Spec() is the parameter value that selects it.
func (p *Phone) AudioDevices() []control.DeviceInfo { return p.drivers.List() }

// Levels returns the recent microphone and speaker levels in dBFS (-96 when silent or no call
// is open), for level meters.
func (p *Phone) Levels() (mic, speaker float64) {
	mic, speaker = -96, -96
	p.run(func() {
		if p.engine != nil {
			mic, speaker = p.engine.Levels()
		}
	})
	return mic, speaker
}

// Conversations lists chat conversations, most recent first, with unread counts.
func (p *Phone) Conversations() ([]control.ConversationSummary, error) {
	var out []control.ConversationSummary
	err := p.withStore(func(s *store.Store) (err error) { out, err = s.Conversations(); return })
	return out, err
}
