package media

import (
	"strconv"

	"softphone/phone/media/opus"
)

// Opus settings. The encoder and decoder run at the engine's 16 kHz
// (wideband), so no resampling sits on the path; libopus handles any audio
// bandwidth the far end sends. The RTP clock is 48000 whatever the rate
// (RFC 7587).
const (
	opusSampleRate = InternalRate
	opusBitrate    = 32000
	opusLossPerc   = 10 // the loss the encoder plans its FEC for
)

// Opus is the Opus codec (RFC 7587): dynamic payload type, "opus/48000/2" in
// SDP, mono, in-band FEC; lost packets are rebuilt from the next packet's FEC
// or concealed by the decoder.
type Opus struct{}

// Name returns "opus", the encoding name RFC 7587 registers.
func (Opus) Name() string { return "opus" }

// SampleRate returns 16000.
func (Opus) SampleRate() int { return opusSampleRate }

// ClockRate returns 48000.
func (Opus) ClockRate() int { return 48000 }

// Channels returns 2, as RFC 7587 writes opus in SDP whatever is sent.
func (Opus) Channels() int { return 2 }

// PayloadType returns DynamicPayloadType.
func (Opus) PayloadType() uint8 { return DynamicPayloadType }

// Fmtp asks for mono, in-band FEC and at most opusBitrate.
func (Opus) Fmtp() string {
	return "maxaveragebitrate=" + strconv.Itoa(opusBitrate) + ";stereo=0;sprop-stereo=0;useinbandfec=1"
}

// NewEncoder returns a mono Opus encoder with in-band FEC.
func (Opus) NewEncoder() (Encoder, error) {
	e, err := opus.NewEncoder(opus.EncoderConfig{SampleRate: opusSampleRate, Bitrate: opusBitrate, FEC: true, LossPerc: opusLossPerc})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// NewDecoder returns a mono Opus decoder that conceals lost packets.
func (Opus) NewDecoder() (Decoder, error) {
	d, err := opus.NewDecoder(opusSampleRate)
	if err != nil {
		return nil, err
	}
	return opusDecoder{d}, nil
}

// opusDecoder adds Concealer to the libopus decoder.
type opusDecoder struct{ *opus.Decoder }

// Conceal rebuilds the lost frame from next's FEC data, or conceals it.
func (d opusDecoder) Conceal(dst []int16, next []byte) ([]int16, error) {
	return d.DecodeFEC(dst, next)
}
