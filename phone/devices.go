package phone

import (
	"softphone/phone/control"
	"softphone/phone/store"
)

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
