package audio

import (
	"bufio"
	"fmt"
	"os"
)

// maxWAVData is the largest data chunk a plain RIFF header can describe (whole samples).
const maxWAVData = 0xFFFFFFFF - 36 - 1

// WAVWriter streams mono 16-bit PCM samples to a WAV file. The header is rewritten with the
// correct sizes after every second of audio and on Close, so the file stays readable while it
// is being written and after the process is killed. It is not safe for concurrent use.
type WAVWriter struct {
	f          *os.File
	w          *bufio.Writer
	path       string
	rate       int
	samples    int64
	sinceFlush int
	scratch    []byte
	closed     bool
}

// NewWAVWriter creates (or truncates) path and writes a WAV header for mono 16-bit PCM at rate Hz.
func NewWAVWriter(path string, rate int) (*WAVWriter, error) {
	if !validRate(rate) {
		return nil, fmt.Errorf("WAV writer %q: %w: %d Hz", path, ErrBadRate, rate)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("WAV writer: %w", err)
	}
	if _, err := f.Write(encodeWAVHeader(rate, 0)); err != nil {
		f.Close()
		return nil, fmt.Errorf("WAV writer %q: %w", path, err)
	}
	return &WAVWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), path: path, rate: rate}, nil
}

// Rate returns the sample rate written in the header.
func (w *WAVWriter) Rate() int { return w.rate }

// Samples returns how many samples have been written so far.
func (w *WAVWriter) Samples() int64 { return w.samples }

// Write appends samples. Past the 4 GiB limit of a RIFF header further samples are dropped.
func (w *WAVWriter) Write(samples []int16) error {
	if w.closed {
		return fmt.Errorf("WAV writer %q: %w", w.path, ErrClosed)
	}
	if room := int64(maxWAVData/2) - w.samples; int64(len(samples)) > room {
		samples = samples[:room]
	}
	if cap(w.scratch) < 2*len(samples) {
		w.scratch = make([]byte, 2*len(samples))
	}
	b := w.scratch[:2*len(samples)]
	for i, s := range samples {
		b[2*i] = byte(s)
		b[2*i+1] = byte(uint16(s) >> 8)
	}
	if _, err := w.w.Write(b); err != nil {
		return fmt.Errorf("WAV writer %q: %w", w.path, err)
	}
	w.samples += int64(len(samples))
	w.sinceFlush += len(samples)
	if w.sinceFlush >= w.rate {
		return w.Flush()
	}
	return nil
}

// Flush writes buffered samples to the file and rewrites the header sizes.
func (w *WAVWriter) Flush() error {
	if w.closed {
		return fmt.Errorf("WAV writer %q: %w", w.path, ErrClosed)
	}
	w.sinceFlush = 0
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("WAV writer %q: %w", w.path, err)
	}
	// WriteAt leaves the append offset alone, so later samples still go to the end.
	if _, err := w.f.WriteAt(encodeWAVHeader(w.rate, uint32(w.samples*2)), 0); err != nil {
		return fmt.Errorf("WAV writer %q: header: %w", w.path, err)
	}
	return nil
}

// Close flushes, writes the final header and closes the file. Closing twice is a no-op.
func (w *WAVWriter) Close() error {
	if w.closed {
		return nil
	}
	ferr := w.Flush()
	w.closed = true
	if err := w.f.Close(); err != nil && ferr == nil {
		ferr = fmt.Errorf("WAV writer %q: %w", w.path, err)
	}
	return ferr
}
