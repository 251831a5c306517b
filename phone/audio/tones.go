package audio

import (
	"fmt"
	"unicode"
)

// Tone levels: call-progress tones sit around -19 dBFS per component, the ringer is louder.
const (
	progressAmp = 0.11
	ringAmp     = 0.25
	dtmfAmp     = 0.2
)

// NewRingbackTone is the North American ringback heard while the far end rings:
// 440 + 480 Hz, 2 s on, 4 s off, repeating.
func NewRingbackTone() *Tone {
	return newCadence(true,
		burst{comps: []component{{440, progressAmp}, {480, progressAmp}}, ms: 2000},
		burst{ms: 4000})
}

// NewRingTone is the incoming-call ringer: a soft major third (520 + 650 Hz), 1 s on, 2 s off.
func NewRingTone() *Tone {
	return newCadence(true,
		burst{comps: []component{{520, ringAmp}, {650, ringAmp * 0.8}}, ms: 1000},
		burst{ms: 2000})
}

// NewBusyTone is the busy signal: 480 + 620 Hz, 0.5 s on, 0.5 s off, repeating.
func NewBusyTone() *Tone {
	return newCadence(true,
		burst{comps: []component{{480, progressAmp}, {620, progressAmp}}, ms: 500},
		burst{ms: 500})
}

// NewCallWaitingTone is the call-waiting beep: 440 Hz for 0.3 s every 10 s.
func NewCallWaitingTone() *Tone {
	return newCadence(true,
		burst{comps: []component{{440, progressAmp * 1.5}}, ms: 300},
		burst{ms: 9700})
}

// dtmfKeypad lays out the 16 DTMF digits by row and column.
const dtmfKeypad = "123A456B789C*0#D"

// DTMFFrequencies returns the low and high frequencies of a DTMF digit (0-9, *, #, A-D,
// case-insensitive), or an error wrapping ErrUnknownDigit.
func DTMFFrequencies(digit rune) (low, high int, err error) {
	rows := [4]int{697, 770, 852, 941}     // low group
	cols := [4]int{1209, 1336, 1477, 1633} // high group
	d := unicode.ToUpper(digit)
	for i, k := range dtmfKeypad {
		if k == d {
			return rows[i/4], cols[i%4], nil
		}
	}
	return 0, 0, fmt.Errorf("%w: %q (want 0-9, *, #, A-D)", ErrUnknownDigit, digit)
}

// NewDTMFTone is the continuous dual tone of one DTMF digit, for key-press feedback.
func NewDTMFTone(digit rune) (*Tone, error) {
	low, high, err := DTMFFrequencies(digit)
	if err != nil {
		return nil, err
	}
	const ms = 1000 // one second of waveform repeated: continuous, phase-exact
	return newCadence(true, burst{comps: []component{{low, dtmfAmp}, {high, dtmfAmp}}, ms: ms}), nil
}
