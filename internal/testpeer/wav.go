package testpeer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// ErrBadWAV reports bytes that are not a 16-bit PCM WAV file.
var ErrBadWAV = errors.New("testpeer: bad WAV")

// ErrWAVIncomplete reports a WAV whose header does not yet describe all its
// data: the writer has not closed it.
var ErrWAVIncomplete = errors.New("testpeer: WAV not finalised")

// WAV is decoded 16-bit PCM audio.
type WAV struct {
	// Rate is the sample rate in Hz.
	Rate int
	// Channels is the number of interleaved channels.
	Channels int
	// Samples holds the interleaved samples.
	Samples []int16
}

// Duration returns the length of the audio in seconds.
func (w *WAV) Duration() float64 {
	if w.Rate <= 0 || w.Channels <= 0 {
		return 0
	}
	return float64(len(w.Samples)) / float64(w.Rate*w.Channels)
}

// ReadWAV reads a 16-bit PCM WAV file.
func ReadWAV(path string) (*WAV, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("testpeer: read WAV: %w", err)
	}
	w, err := ParseWAV(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

// wavHeader is what precedes the samples.
type wavHeader struct {
	rate, channels int
	dataOff        int // offset of the first sample byte
	dataSize       int // size the data chunk header claims
}

// parseWAVHeader walks the RIFF chunks up to the data chunk.
func parseWAVHeader(b []byte) (wavHeader, error) {
	var h wavHeader
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return h, fmt.Errorf("%w: no RIFF/WAVE header", ErrBadWAV)
	}
	haveFmt := false
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := off + 8
		switch id {
		case "fmt ":
			if size < 16 || body+16 > len(b) {
				return h, fmt.Errorf("%w: fmt chunk of %d bytes", ErrBadWAV, size)
			}
			format := binary.LittleEndian.Uint16(b[body:])
			h.channels = int(binary.LittleEndian.Uint16(b[body+2:]))
			h.rate = int(binary.LittleEndian.Uint32(b[body+4:]))
			bits := binary.LittleEndian.Uint16(b[body+14:])
			if format != 1 && format != 0xFFFE {
				return h, fmt.Errorf("%w: format tag %d is not PCM", ErrBadWAV, format)
			}
			if bits != 16 {
				return h, fmt.Errorf("%w: %d bits per sample, want 16", ErrBadWAV, bits)
			}
			if h.channels < 1 || h.rate < 1 {
				return h, fmt.Errorf("%w: %d channels at %d Hz", ErrBadWAV, h.channels, h.rate)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return h, fmt.Errorf("%w: data chunk before fmt chunk", ErrBadWAV)
			}
			h.dataOff, h.dataSize = body, size
			return h, nil
		}
		if size > len(b)-body {
			break
		}
		off = body + size + size&1
	}
	if !haveFmt {
		return h, fmt.Errorf("%w: no fmt chunk", ErrBadWAV)
	}
	return h, fmt.Errorf("%w: no data chunk", ErrWAVIncomplete)
}

// ParseWAV decodes a RIFF/WAVE file holding 16-bit PCM. A data chunk that
// claims 0 bytes while samples follow (libsndfile before sf_close) gives
// ErrWAVIncomplete; one that claims more bytes than present gives ErrBadWAV.
func ParseWAV(b []byte) (*WAV, error) {
	h, err := parseWAVHeader(b)
	if err != nil {
		return nil, err
	}
	avail := len(b) - h.dataOff
	switch {
	case h.dataSize > avail:
		return nil, fmt.Errorf("%w: data chunk claims %d bytes, %d present", ErrBadWAV, h.dataSize, avail)
	case h.dataSize == 0 && avail > 0:
		return nil, fmt.Errorf("%w: data size 0 with %d bytes present", ErrWAVIncomplete, avail)
	}
	n := h.dataSize / 2
	w := &WAV{Rate: h.rate, Channels: h.channels, Samples: make([]int16, n)}
	for i := range n {
		w.Samples[i] = int16(binary.LittleEndian.Uint16(b[h.dataOff+2*i:]))
	}
	return w, nil
}

// wavSecondsSoFar returns how many seconds of audio a WAV that may still be
// open for writing holds, judged by its file size.
func wavSecondsSoFar(path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	h, err := parseWAVHeader(b)
	if err != nil {
		return 0
	}
	return float64(len(b)-h.dataOff) / float64(2*h.rate*h.channels)
}
