package phone

import (
	"fmt"
)

// Redial calls the last number dialled again.
func (p *Phone) Redial() (int, error) {
	var line int
	var err error
	if !p.run(func() {
		if p.lastNumber == "" {
			err = fmt.Errorf("%w: nothing to redial yet", ErrInvalidNumber)
			return
		}
		line, err = p.dial(p.lastNumber)
	}) {
		return 0, ErrClosed
	}
	return line, err
}

// SetVolume sets a device volume in percent (50 = unity): dev 0 microphone, 1 speaker, 2 ring.
func (p *Phone) SetVolume(dev, volume int) error {
	if dev < 0 || dev > 2 {
		return fmt.Errorf("setvolume: dev %d is not 0 (microphone), 1 (speaker) or 2 (ring)", dev)
	}
	if volume < 0 || volume > 100 {
		return fmt.Errorf("setvolume: volume %d is outside 0-100", volume)
	}
	if !p.run(func() {
		p.volumes[dev] = volume
		if p.engine != nil {
			p.engine.SetVolume(dev, volume)
		}
	}) {
		return ErrClosed
	}
	return nil
}
