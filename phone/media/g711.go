package media

import "github.com/zaf/g711"

// PCMU is G.711 µ-law (static payload type 0, 8 kHz).
type PCMU struct{}

// Name returns "PCMU".
func (PCMU) Name() string { return "PCMU" }

// SampleRate returns 8000.
func (PCMU) SampleRate() int { return 8000 }

// ClockRate returns 8000.
func (PCMU) ClockRate() int { return 8000 }

// Channels returns 1.
func (PCMU) Channels() int { return 1 }

// PayloadType returns 0.
func (PCMU) PayloadType() uint8 { return 0 }

// Fmtp returns "".
func (PCMU) Fmtp() string { return "" }

// NewEncoder returns a µ-law encoder.
func (PCMU) NewEncoder() (Encoder, error) { return g711Encoder(g711.EncodeUlawFrame), nil }

// NewDecoder returns a µ-law decoder.
func (PCMU) NewDecoder() (Decoder, error) { return g711Decoder(g711.DecodeUlawFrame), nil }

// PCMA is G.711 A-law (static payload type 8, 8 kHz).
type PCMA struct{}

// Name returns "PCMA".
func (PCMA) Name() string { return "PCMA" }

// SampleRate returns 8000.
func (PCMA) SampleRate() int { return 8000 }

// ClockRate returns 8000.
func (PCMA) ClockRate() int { return 8000 }

// Channels returns 1.
func (PCMA) Channels() int { return 1 }

// PayloadType returns 8.
func (PCMA) PayloadType() uint8 { return 8 }

// Fmtp returns "".
func (PCMA) Fmtp() string { return "" }

// NewEncoder returns an A-law encoder.
func (PCMA) NewEncoder() (Encoder, error) { return g711Encoder(g711.EncodeAlawFrame), nil }

// NewDecoder returns an A-law decoder.
func (PCMA) NewDecoder() (Decoder, error) { return g711Decoder(g711.DecodeAlawFrame), nil }

// g711Encoder encodes sample by sample; G.711 has no state.
type g711Encoder func(int16) uint8

// Encode appends one G.711 byte per sample of pcm to dst[:0].
func (f g711Encoder) Encode(dst []byte, pcm []int16) ([]byte, error) {
	dst = dst[:0]
	for _, s := range pcm {
		dst = append(dst, f(s))
	}
	return dst, nil
}

// g711Decoder decodes byte by byte; G.711 has no state.
type g711Decoder func(uint8) int16

// Decode appends one sample per G.711 byte of payload to dst[:0]; every byte
// is a valid sample.
func (f g711Decoder) Decode(dst []int16, payload []byte) ([]int16, error) {
	dst = dst[:0]
	for _, b := range payload {
		dst = append(dst, f(b))
	}
	return dst, nil
}
