package audio

import (
	"bufio"
	"errors"
	"fmt"
	"os"
)

// maxWAVData is the largest data chunk a plain RIFF header can describe (whole samples).
const maxWAVData = 0xFFFFFFFF - 36 - 1

// ErrBadChannels means a WAVWriter was asked for an unusable channel count, or given samples
// that do not fill whole frames of its channels.
var ErrBadChannels = errors.New("bad WAV channel count")

// maxWriterChannels bounds the channel count a WAVWriter writes.
const maxWriterChannels = 8

// WAVWriter streams 16-bit PCM samples (mono, or interleaved channels) to a WAV file. The header is rewritten with the
// correct sizes after every second of audio and on Close, so the file stays readable while it
// is being written and after the process is killed. It is not safe for concurrent use.
type WAVWriter struct {
	f          *os.File
	w          *bufio.Writer
	path       string
	rate       int
	channels   int
	samples    int64
	sinceFlush int
	scratch    []byte
	closed     bool
}

// NewWAVWriter creates (or truncates) path and writes a WAV header for mono 16-bit PCM at rate Hz.
func NewWAVWriter(path string, rate int) (*WAVWriter, error) {
	return NewWAVWriterChannels(path, rate, 1)
}

// NewWAVWriterChannels is NewWAVWriter for channels interleaved channels (1-8); Write then
// takes whole frames of interleaved samples (for stereo: left, right, left, right, ...).
func NewWAVWriterChannels(path string, rate, channels int) (*WAVWriter, error) {
	if !validRate(rate) {
		return nil, fmt.Errorf("WAV writer %q: %w: %d Hz", path, ErrBadRate, rate)
	}
	if channels < 1 || channels > maxWriterChannels {
		return nil, fmt.Errorf("WAV writer %q: %w: %d channels (1-%d)", path, ErrBadChannels, channels, maxWriterChannels)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("WAV writer: %w", err)
	}
	if _, err := f.Write(encodeWAVHeader(rate, channels, 0)); err != nil {
		f.Close()
		return nil, fmt.Errorf("WAV writer %q: %w", path, err)
	}
	return &WAVWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), path: path, rate: rate, channels: channels}, nil
}

// Rate returns the sample rate written in the header.
func (w *WAVWriter) Rate() int { return w.rate }

// Channels returns the channel count written in the header.
func (w *WAVWriter) Channels() int { return w.channels }

// Samples returns how many samples have been written so far, counting each channel's sample
// (a stereo second at 16 kHz is 32000).
func (w *WAVWriter) Samples() int64 { return w.samples }

// Write appends samples (whole frames of interleaved channels). Past the 4 GiB limit of a RIFF
// header further samples are dropped.
func (w *WAVWriter) Write(samples []int16) error {
	if w.closed {
		return fmt.Errorf("WAV writer %q: %w", w.path, ErrClosed)
	}
	if len(samples)%w.channels != 0 {
		return fmt.Errorf("WAV writer %q: %w: %d samples is not a whole number of %d-channel frames",
			w.path, ErrBadChannels, len(samples), w.channels)
	}
	if room := int64(maxWAVData/2) - w.samples; int64(len(samples)) > room {
		samples = samples[:room-room%int64(w.channels)]
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
	if w.sinceFlush >= w.rate*w.channels {
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
	if _, err := w.f.WriteAt(encodeWAVHeader(w.rate, w.channels, uint32(w.samples*2)), 0); err != nil {
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
