package media

// Codec is an audio codec plug-in. Codecs are registered in a Registry whose
// order is the preference order offered in SDP.
type Codec interface {
	// Name is the SDP encoding name, e.g. "PCMU".
	Name() string
	// ClockRate is the RTP clock rate in Hz; PCM given to the Encoder and
	// returned by the Decoder is at this rate.
	ClockRate() int
	// PayloadType is the static RTP payload type, or DynamicPayloadType when
	// SDP assigns one.
	PayloadType() uint8
	// NewEncoder returns a fresh encoder with its own state.
	NewEncoder() Encoder
	// NewDecoder returns a fresh decoder with its own state.
	NewDecoder() Decoder
}

// DynamicPayloadType marks a codec without a static payload type.
const DynamicPayloadType uint8 = 0xFF

// Encoder turns one frame of PCM at the codec's clock rate into a payload.
type Encoder interface {
	// Encode appends the encoded pcm to dst[:0] and returns it.
	Encode(dst []byte, pcm []int16) []byte
}

// Decoder turns a payload back into PCM at the codec's clock rate.
type Decoder interface {
	// Decode appends the decoded payload to dst[:0] and returns it.
	Decode(dst []int16, payload []byte) []int16
}
