// Package opus is the Opus codec (RFC 6716) through libopus (Debian
// libopus-dev), behind a small cgo shim: mono encoders and decoders at a
// chosen sample rate, in-band FEC, and the decoder's packet loss
// concealment. opus_encoder_ctl is variadic, which cgo cannot call, so the
// shim wraps the few requests used.
package opus

/*
#cgo pkg-config: opus
#include <opus.h>

static int enc_setup(OpusEncoder *e, int bitrate, int fec, int loss) {
	int r = opus_encoder_ctl(e, OPUS_SET_BITRATE(bitrate));
	if (r == OPUS_OK) r = opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(fec));
	if (r == OPUS_OK) r = opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(loss));
	if (r == OPUS_OK) r = opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	return r;
}
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// maxPacket bounds one encoded packet (RFC 6716 recommends 1275 bytes).
const maxPacket = 1275

// Error is a libopus error code.
type Error int

// Error returns libopus's description of the code.
func (e Error) Error() string { return "opus: " + C.GoString(C.opus_strerror(C.int(e))) }

// EncoderConfig chooses the encoder's settings.
type EncoderConfig struct {
	SampleRate int // 8000, 12000, 16000, 24000 or 48000
	Bitrate    int // bits per second, e.g. 32000
	FEC        bool
	LossPerc   int // expected packet loss in percent; FEC needs it above 0
}

// Encoder is a mono Opus encoder (application VoIP). Not safe for concurrent use.
type Encoder struct {
	e *C.OpusEncoder
}

// NewEncoder returns an encoder; its C state is freed when it is garbage.
func NewEncoder(cfg EncoderConfig) (*Encoder, error) {
	var cerr C.int
	e := C.opus_encoder_create(C.opus_int32(cfg.SampleRate), 1, C.OPUS_APPLICATION_VOIP, &cerr)
	if cerr != C.OPUS_OK || e == nil {
		return nil, fmt.Errorf("opus encoder at %d Hz: %w", cfg.SampleRate, Error(cerr))
	}
	fec := 0
	if cfg.FEC {
		fec = 1
	}
	if r := C.enc_setup(e, C.int(cfg.Bitrate), C.int(fec), C.int(cfg.LossPerc)); r != C.OPUS_OK {
		C.opus_encoder_destroy(e)
		return nil, fmt.Errorf("opus encoder settings %+v: %w", cfg, Error(r))
	}
	enc := &Encoder{e: e}
	runtime.AddCleanup(enc, func(e *C.OpusEncoder) { C.opus_encoder_destroy(e) }, e)
	return enc, nil
}

// Encode appends one packet encoding pcm (2.5 to 120 ms of mono samples) to dst[:0].
func (e *Encoder) Encode(dst []byte, pcm []int16) ([]byte, error) {
	if len(pcm) == 0 {
		return dst[:0], nil
	}
	if cap(dst) < maxPacket {
		dst = make([]byte, maxPacket)
	}
	dst = dst[:cap(dst)]
	n := C.opus_encode(e.e, (*C.opus_int16)(unsafe.Pointer(&pcm[0])), C.int(len(pcm)),
		(*C.uchar)(unsafe.Pointer(&dst[0])), C.opus_int32(len(dst)))
	runtime.KeepAlive(e)
	if n < 0 {
		return dst[:0], fmt.Errorf("opus encode of %d samples: %w", len(pcm), Error(n))
	}
	return dst[:int(n)], nil
}

// Decoder is a mono Opus decoder. Not safe for concurrent use.
type Decoder struct {
	d     *C.OpusDecoder
	rate  int
	frame int // samples of one 20 ms frame, the size concealment produces
}

// NewDecoder returns a decoder producing mono PCM at sampleRate; its C state
// is freed when it is garbage.
func NewDecoder(sampleRate int) (*Decoder, error) {
	var cerr C.int
	d := C.opus_decoder_create(C.opus_int32(sampleRate), 1, &cerr)
	if cerr != C.OPUS_OK || d == nil {
		return nil, fmt.Errorf("opus decoder at %d Hz: %w", sampleRate, Error(cerr))
	}
	dec := &Decoder{d: d, rate: sampleRate, frame: sampleRate / 50}
	runtime.AddCleanup(dec, func(d *C.OpusDecoder) { C.opus_decoder_destroy(d) }, d)
	return dec, nil
}

// maxSamples is the longest packet (120 ms) at the decoder's rate.
func (d *Decoder) maxSamples() int { return d.rate * 120 / 1000 }

// Decode appends the samples of packet to dst[:0]. A packet that is empty or
// does not decode is an error; the decoder stays usable.
func (d *Decoder) Decode(dst []int16, packet []byte) ([]int16, error) {
	if len(packet) == 0 {
		return dst[:0], fmt.Errorf("opus: empty packet")
	}
	return d.run(dst, packet, d.maxSamples(), 0)
}

// DecodeFEC appends a 20 ms frame standing for a lost packet, rebuilt from
// the in-band FEC data of next (the packet after the lost one); with no FEC
// data in next libopus conceals as DecodePLC does.
func (d *Decoder) DecodeFEC(dst []int16, next []byte) ([]int16, error) {
	if len(next) == 0 {
		return d.DecodePLC(dst)
	}
	return d.run(dst, next, d.frame, 1)
}

// DecodePLC appends a 20 ms frame of packet loss concealment.
func (d *Decoder) DecodePLC(dst []int16) ([]int16, error) {
	return d.run(dst, nil, d.frame, 0)
}

func (d *Decoder) run(dst []int16, packet []byte, samples, fec int) ([]int16, error) {
	if cap(dst) < samples {
		dst = make([]int16, samples)
	}
	dst = dst[:samples]
	var data *C.uchar
	if len(packet) > 0 {
		data = (*C.uchar)(unsafe.Pointer(&packet[0]))
	}
	n := C.opus_decode(d.d, data, C.opus_int32(len(packet)), (*C.opus_int16)(unsafe.Pointer(&dst[0])), C.int(samples), C.int(fec))
	runtime.KeepAlive(d)
	if n < 0 {
		return dst[:0], fmt.Errorf("opus decode of a %d byte packet: %w", len(packet), Error(n))
	}
	return dst[:int(n)], nil
}
