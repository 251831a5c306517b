package audio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadWAV reads a whole RIFF/WAVE file and returns its samples mixed down to mono int16 and its
// sample rate. It reads integer PCM of 8, 16, 24 and 32 bits, 32/64-bit float, G.711 A-law and
// mu-law, plain or WAVE_FORMAT_EXTENSIBLE. Errors name the file and wrap ErrUnreadableWAV or
// ErrUnsupportedWAV.
func ReadWAV(path string) (samples []int16, rate int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("audio file %q: %w: %w", path, ErrUnreadableWAV, err)
	}
	defer f.Close()
	samples, rate, err = decodeWAV(bufio.NewReader(f))
	if err != nil {
		return nil, 0, fmt.Errorf("audio file %q: %w", path, err)
	}
	return samples, rate, nil
}

// decodeWAV decodes a complete WAV stream to mono samples.
func decodeWAV(r io.Reader) ([]int16, int, error) {
	h, err := parseWAVHeader(r)
	if err != nil {
		return nil, 0, err
	}
	src := r
	if h.dataLen >= 0 {
		src = io.LimitReader(r, h.dataLen)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, 0, wavErr(ErrUnreadableWAV, "reading samples: %v", err)
	}
	frames := len(data) / h.format.blockAlign
	out := make([]int16, frames)
	decodeFrames(out, data[:frames*h.format.blockAlign], h.format)
	return out, h.format.rate, nil
}

// WriteWAV writes samples as a mono 16-bit PCM WAV file at rate Hz, replacing any existing file.
func WriteWAV(path string, samples []int16, rate int) error {
	w, err := NewWAVWriter(path, rate)
	if err != nil {
		return err
	}
	if err := w.Write(samples); err != nil {
		return errors.Join(err, w.Close())
	}
	return w.Close()
}
