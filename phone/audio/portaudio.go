package audio

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/gordonklaus/portaudio"

	"softphone/phone/control"
)

// PortAudioDriverName is the registered name of the PortAudio driver.
const PortAudioDriverName = "portaudio"

// PortAudioDriver opens real sound devices through PortAudio at their native rate, mono,
// as blocking streams with 20 ms (capture) and 40 ms (playback) buffers (portaudio_stream.go).
// PortAudio is initialised on first use and terminated when nothing needs it any more
// (reference counted), so enumeration sees newly plugged devices and a machine without sound
// hardware only gets ErrNoDevice from this driver.
type PortAudioDriver struct {
	opts       options
	openMu     sync.Mutex // one open at a time: hot devices open from their own goroutines
	mu         sync.Mutex
	refs       int
	idsSkipped bool
}

// NewPortAudioDriver builds the PortAudio driver. Options: WithLogger, WithClock (pacing guard).
func NewPortAudioDriver(opts ...Option) *PortAudioDriver {
	return &PortAudioDriver{opts: buildOptions(opts)}
}

// Name returns "portaudio".
func (p *PortAudioDriver) Name() string { return PortAudioDriverName }

// acquire initialises PortAudio if this driver holds no reference yet.
func (p *PortAudioDriver) acquire() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refs == 0 {
		if err := portaudio.Initialize(); err != nil {
			return fmt.Errorf("%w: PortAudio failed to initialise: %w", ErrNoDevice, err)
		}
		p.opts.logger.Debug("portaudio initialised", "version", portaudio.VersionText())
		if checkptrBuild && !p.idsSkipped {
			skipUnsafeStreamIDs()
			p.idsSkipped = true
		}
	}
	p.refs++
	return nil
}

// release drops a reference and terminates PortAudio with the last one.
func (p *PortAudioDriver) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refs == 0 {
		return
	}
	p.refs--
	if p.refs == 0 {
		if err := portaudio.Terminate(); err != nil {
			p.opts.logger.Warn("portaudio terminate failed", "err", err)
		}
	}
}

// Inputs lists PortAudio capture devices.
func (p *PortAudioDriver) Inputs() ([]control.DeviceInfo, error) { return p.list(false) }

// Outputs lists PortAudio playback devices.
func (p *PortAudioDriver) Outputs() ([]control.DeviceInfo, error) { return p.list(true) }

func (p *PortAudioDriver) list(output bool) ([]control.DeviceInfo, error) {
	if err := p.acquire(); err != nil {
		return nil, err
	}
	defer p.release()
	devs, def, err := devicesFor(output)
	if err != nil {
		return nil, err
	}
	infos := make([]control.DeviceInfo, len(devs))
	for i, d := range devs {
		infos[i] = control.DeviceInfo{Driver: PortAudioDriverName, Name: d.Name, DefaultRate: int(math.Round(d.DefaultSampleRate)),
			Channels: channelsOf(d, output), Default: def != nil && d.Index == def.Index, Output: output}
	}
	return infos, nil
}

// devicesFor returns the devices usable in one direction and the default one (may be nil).
func devicesFor(output bool) ([]*portaudio.DeviceInfo, *portaudio.DeviceInfo, error) {
	all, err := portaudio.Devices()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: PortAudio cannot list devices: %w", ErrNoDevice, err)
	}
	var devs []*portaudio.DeviceInfo
	for _, d := range all {
		if channelsOf(d, output) > 0 {
			devs = append(devs, d)
		}
	}
	var def *portaudio.DeviceInfo
	if output {
		def, _ = portaudio.DefaultOutputDevice()
	} else {
		def, _ = portaudio.DefaultInputDevice()
	}
	return devs, def, nil
}

func channelsOf(d *portaudio.DeviceInfo, output bool) int {
	if output {
		return d.MaxOutputChannels
	}
	return d.MaxInputChannels
}

// findDevice picks the device whose name equals name, else the first whose name contains it
// (both case-insensitive); "" or "default" picks the default device.
func findDevice(name string, output bool) (*portaudio.DeviceInfo, error) {
	kind := "input"
	if output {
		kind = "output"
	}
	devs, def, err := devicesFor(output)
	if err != nil {
		return nil, fmt.Errorf("audio %s %q: %w", kind, name, err)
	}
	if len(devs) == 0 {
		return nil, fmt.Errorf("audio %s %q: %w: PortAudio found no %s devices", kind, name, ErrNoDevice, kind)
	}
	if isDefaultName(name) {
		if def == nil {
			return nil, fmt.Errorf("audio %s %q: %w: PortAudio has no default %s device", kind, name, ErrNoDevice, kind)
		}
		return def, nil
	}
	names := make([]string, len(devs))
	for i, d := range devs {
		names[i] = d.Name
	}
	if i := matchName(names, name); i >= 0 {
		return devs[i], nil
	}
	for i, d := range devs {
		names[i] = fmt.Sprintf("%q", d.Name)
	}
	return nil, fmt.Errorf("audio %s %q not found; available: %s: %w", kind, name, strings.Join(names, ", "), ErrNoDevice)
}

// OpenInput opens a capture device by name at its native rate.
func (p *PortAudioDriver) OpenInput(name string) (Input, error) {
	s, err := p.open(name, false)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OpenOutput opens a playback device by name at its native rate.
func (p *PortAudioDriver) OpenOutput(name string) (Output, error) {
	s, err := p.open(name, true)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (p *PortAudioDriver) open(name string, output bool) (*paStream, error) {
	p.openMu.Lock()
	defer p.openMu.Unlock()
	if err := p.acquire(); err != nil {
		kind := map[bool]string{false: "input", true: "output"}[output]
		return nil, fmt.Errorf("audio %s %q: %w", kind, name, err)
	}
	dev, err := findDevice(name, output)
	if err == nil {
		var s *paStream
		if s, err = openPAStream(dev, output, p.opts.clock, p.release); err == nil {
			p.opts.logger.Info("portaudio device opened", "device", dev.Name, "output", output,
				"rate", s.rate, "channels", s.channels)
			return s, nil
		}
	}
	p.release()
	return nil, err
}
