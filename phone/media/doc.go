// Package media is the phone's per-call media path and audio engine.
//
// Capture: device (native rate) -> Resampler -> mic gain/mute -> Engine mixer
// (mix-minus per attached Stream) -> LineStream (per-line mute, Recorder) ->
// Session.WriteFrame -> Resampler -> Encoder -> RTP -> UDP. Playback: UDP ->
// RTP -> JitterBuffer -> Decoder (concealment) -> Resampler ->
// Session.ReadFrame -> LineStream -> Engine mixer (+ tones) -> Resampler ->
// device. Several attached streams form a conference: the mixer sums every
// leg once and sends each leg that sum minus its own audio.
//
// The engine runs at one internal rate, InternalRate (16 kHz), in frames of
// FrameSamples (20 ms). Codecs run at their own clock rate and devices at their
// native rate; resampling happens at those edges.
//
// SRTP is keyed by SDES (SetSRTPSuite with the keys from the SDP) or by DTLS-SRTP
// (RFC 5764): AwaitDTLS before Start holds media, StartDTLS runs the handshake over the RTP
// socket, whose datagrams are told apart by their first byte (RFC 7983: 20-63 DTLS,
// 128-191 RTP and RTCP, RTCP by packet type with rtcp-mux, RFC 5761). The handshake itself,
// DTLSHandshake, needs only a net.PacketConn to the far end, so another path (an
// ICE-selected candidate pair) can carry it; it returns the keys for SetSRTPSuite.
package media

import (
	"time"

	"softphone/phone/media/resample"
)

// InternalRate is the engine's sample rate in Hz.
const InternalRate = 16000

// FrameDuration is the length of one media frame.
const FrameDuration = 20 * time.Millisecond

// FrameSamples is the number of samples in one frame at InternalRate.
const FrameSamples = InternalRate / 50

// Resampler is a stateful mono resampler that keeps filter history between
// frames (polyphase windowed-sinc with an anti-alias low-pass).
type Resampler = resample.Resampler

// NewResampler returns a Resampler from inRate to outRate; equal rates copy.
func NewResampler(inRate, outRate int) *Resampler {
	return resample.New(inRate, outRate)
}

// samplesPerFrame is the number of samples in one 20 ms frame at rate.
func samplesPerFrame(rate int) int { return rate / 50 }
