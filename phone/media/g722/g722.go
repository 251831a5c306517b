// Package g722 is ITU-T G.722 at 64 kbit/s through libspandsp (Debian
// libspandsp-dev), behind a small cgo shim. PCM is 16 kHz mono; each byte of
// the bit stream carries two samples, so a 20 ms frame is 320 samples and 160
// bytes.
package g722

/*
#cgo pkg-config: spandsp
#include <stdint.h>
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
*/
import "C"

import (
	"errors"
	"runtime"
	"unsafe"
)

// bitRate is the G.722 mode used in RTP (RFC 3551: 64 kbit/s).
const bitRate = 64000

// ErrInit means libspandsp could not allocate a coder state.
var ErrInit = errors.New("g722: cannot allocate a coder state")

// Encoder is a G.722 encoder with its own state. Not safe for concurrent use.
type Encoder struct {
	s *C.g722_encode_state_t
}

// NewEncoder returns an encoder; its C state is freed when it is garbage.
func NewEncoder() (*Encoder, error) {
	s := C.g722_encode_init(nil, bitRate, 0)
	if s == nil {
		return nil, ErrInit
	}
	e := &Encoder{s: s}
	runtime.AddCleanup(e, func(s *C.g722_encode_state_t) { C.g722_encode_free(s) }, s)
	return e, nil
}

// Encode appends the G.722 encoding of pcm (16 kHz) to dst[:0]: len(pcm)/2
// bytes (an odd last sample is dropped).
func (e *Encoder) Encode(dst []byte, pcm []int16) []byte {
	n := len(pcm) &^ 1
	if n == 0 {
		return dst[:0]
	}
	if cap(dst) < n/2 {
		dst = make([]byte, n/2)
	}
	dst = dst[:n/2]
	got := C.g722_encode(e.s, (*C.uint8_t)(unsafe.Pointer(&dst[0])), (*C.int16_t)(unsafe.Pointer(&pcm[0])), C.int(n))
	runtime.KeepAlive(e)
	return dst[:int(got)]
}

// Decoder is a G.722 decoder with its own state. Not safe for concurrent use.
type Decoder struct {
	s *C.g722_decode_state_t
}

// NewDecoder returns a decoder; its C state is freed when it is garbage.
func NewDecoder() (*Decoder, error) {
	s := C.g722_decode_init(nil, bitRate, 0)
	if s == nil {
		return nil, ErrInit
	}
	d := &Decoder{s: s}
	runtime.AddCleanup(d, func(s *C.g722_decode_state_t) { C.g722_decode_free(s) }, s)
	return d, nil
}

// Decode appends the 16 kHz samples of payload to dst[:0]: two per byte.
// Every byte sequence is a valid G.722 stream.
func (d *Decoder) Decode(dst []int16, payload []byte) []int16 {
	if len(payload) == 0 {
		return dst[:0]
	}
	n := 2 * len(payload)
	if cap(dst) < n {
		dst = make([]int16, n)
	}
	dst = dst[:n]
	got := C.g722_decode(d.s, (*C.int16_t)(unsafe.Pointer(&dst[0])), (*C.uint8_t)(unsafe.Pointer(&payload[0])), C.int(len(payload)))
	runtime.KeepAlive(d)
	return dst[:int(got)]
}
