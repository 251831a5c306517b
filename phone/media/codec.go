package media

// Codec is an audio codec plug-in, modelled on baresip's aucodec: the rate of
// the PCM it encodes and decodes is separate from the RTP clock rate written
// in SDP and used for timestamps (G.722: 16 kHz audio, 8000 Hz clock; Opus:
// 48000 Hz clock whatever the audio rate). Codecs are registered in a
// Registry, which assigns dynamic payload types and whose order is the
// preference order offered in SDP. Adding a codec is one file implementing
// Codec plus one entry in DefaultRegistry.
type Codec interface {
	// Name is the SDP encoding name, e.g. "PCMU", "G722", "opus".
	Name() string
	// SampleRate is the rate in Hz of the mono PCM given to the Encoder and
	// returned by the Decoder.
	SampleRate() int
	// ClockRate is the RTP clock rate in Hz, as written in a=rtpmap.
	ClockRate() int
	// Channels is the channel count written in a=rtpmap (Opus is always 2
	// there, RFC 7587); the PCM exchanged with the codec is mono.
	Channels() int
	// PayloadType is the static RTP payload type, or DynamicPayloadType when
	// the Registry assigns one.
	PayloadType() uint8
	// Fmtp is the a=fmtp parameters offered for the codec, "" for none.
	Fmtp() string
	// NewEncoder returns a fresh encoder with its own state.
	NewEncoder() (Encoder, error)
	// NewDecoder returns a fresh decoder with its own state.
	NewDecoder() (Decoder, error)
}

// DynamicPayloadType marks a codec without a static payload type; the
// Registry assigns it one from 96 up.
const DynamicPayloadType uint8 = 0xFF

// Encoder turns one frame of PCM at the codec's sample rate into a payload.
type Encoder interface {
	// Encode appends the encoded pcm to dst[:0] and returns it. An empty
	// payload means there is nothing to send for this frame.
	Encode(dst []byte, pcm []int16) ([]byte, error)
}

// Decoder turns a payload back into PCM at the codec's sample rate.
type Decoder interface {
	// Decode appends the decoded payload to dst[:0] and returns it; a payload
	// that does not decode is an error naming the codec.
	Decode(dst []int16, payload []byte) ([]int16, error)
}

// Concealer is a Decoder that conceals a lost frame itself (Opus: in-band
// FEC carried by the next packet, else the decoder's packet loss
// concealment). Decoders without it are concealed by repeating and fading
// the last frame.
type Concealer interface {
	// Conceal appends one frame of samples standing for a lost packet to
	// dst[:0]; next is the following packet's payload when it has already
	// arrived, else nil.
	Conceal(dst []int16, next []byte) ([]int16, error)
}

// RemoteFmtp is a Codec whose encoding follows the far end's a=fmtp (Opus:
// maxaveragebitrate, useinbandfec). The phone applies it to the negotiated
// codec before starting the session.
type RemoteFmtp interface {
	// WithRemoteFmtp returns the codec set up for the far end's fmtp.
	WithRemoteFmtp(fmtp string) Codec
}
