package media

import (
	"strconv"
	"strings"

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
// or concealed by the decoder. The zero value encodes at opusBitrate with FEC;
// WithRemoteFmtp follows what the far end's a=fmtp asks.
type Opus struct {
	bitrate int  // bits per second; 0 means opusBitrate
	noFEC   bool // the far end did not ask for in-band FEC
}

// WithRemoteFmtp returns the codec encoding as the far end's fmtp asks (RFC
// 7587 section 6.1): at most its maxaveragebitrate (6000-510000; ours, when
// lower or absent, stays), and in-band FEC only with useinbandfec=1. The
// decoder takes whatever arrives either way.
func (o Opus) WithRemoteFmtp(fmtp string) Codec {
	out := Opus{bitrate: opusBitrate, noFEC: true}
	for _, kv := range strings.Split(fmtp, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "maxaveragebitrate":
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 6000 && n <= 510000 {
				out.bitrate = min(out.bitrate, n)
			}
		case "useinbandfec":
			out.noFEC = strings.TrimSpace(v) != "1"
		}
	}
	return out
}

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

// NewEncoder returns a mono Opus encoder, with in-band FEC unless the far end
// did not ask for it.
func (o Opus) NewEncoder() (Encoder, error) {
	rate := o.bitrate
	if rate == 0 {
		rate = opusBitrate
	}
	e, err := opus.NewEncoder(opus.EncoderConfig{SampleRate: opusSampleRate, Bitrate: rate, FEC: !o.noFEC, LossPerc: opusLossPerc})
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
