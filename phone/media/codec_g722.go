package media

import (
	"fmt"

	"softphone/phone/media/g722"
)

// G722 is ITU-T G.722 at 64 kbit/s (static payload type 9): 16 kHz audio
// with an RTP clock of 8000 Hz, as RFC 3551 section 4.5.2 keeps for
// historical reasons, so SDP says "G722/8000".
type G722 struct{}

// Name returns "G722".
func (G722) Name() string { return "G722" }

// SampleRate returns 16000.
func (G722) SampleRate() int { return 16000 }

// ClockRate returns 8000.
func (G722) ClockRate() int { return 8000 }

// Channels returns 1.
func (G722) Channels() int { return 1 }

// PayloadType returns 9.
func (G722) PayloadType() uint8 { return 9 }

// Fmtp returns "".
func (G722) Fmtp() string { return "" }

// NewEncoder returns a G.722 encoder.
func (G722) NewEncoder() (Encoder, error) {
	e, err := g722.NewEncoder()
	if err != nil {
		return nil, fmt.Errorf("G722: %w", err)
	}
	return g722Encoder{e}, nil
}

// NewDecoder returns a G.722 decoder.
func (G722) NewDecoder() (Decoder, error) {
	d, err := g722.NewDecoder()
	if err != nil {
		return nil, fmt.Errorf("G722: %w", err)
	}
	return g722Decoder{d}, nil
}

type g722Encoder struct{ e *g722.Encoder }

func (e g722Encoder) Encode(dst []byte, pcm []int16) ([]byte, error) {
	return e.e.Encode(dst, pcm), nil
}

type g722Decoder struct{ d *g722.Decoder }

func (d g722Decoder) Decode(dst []int16, payload []byte) ([]int16, error) {
	return d.d.Decode(dst, payload), nil
}
