package audio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"softphone/phone/control"
)

// FileDriverName is the registered name of the WAV file driver.
const FileDriverName = "file"

// FileDriver plays a WAV file as a microphone ("file:in.wav") and records what the speaker
// would play to a WAV file ("file:out.wav"), both paced in real time.
type FileDriver struct {
	opts options
}

// NewFileDriver builds the file driver. Options: WithClock, WithLoop (inputs restart at the end
// instead of continuing with silence), WithRate (rate of recorded files, default 16000 Hz).
func NewFileDriver(opts ...Option) *FileDriver {
	return &FileDriver{opts: buildOptions(opts)}
}

// Name returns "file".
func (d *FileDriver) Name() string { return FileDriverName }

// Inputs returns nothing: files are named by path, not listed.
func (d *FileDriver) Inputs() ([]control.DeviceInfo, error) { return nil, nil }

// Outputs returns nothing: files are named by path, not listed.
func (d *FileDriver) Outputs() ([]control.DeviceInfo, error) { return nil, nil }

// OpenInput opens the WAV file at path as a capture device running at the file's own rate.
// The header is checked now, so unreadable or unsupported files fail here, naming the problem.
func (d *FileDriver) OpenInput(path string) (Input, error) {
	if isDefaultName(path) {
		return nil, fmt.Errorf("audio input %q: %w: the file driver needs a path, e.g. file:/tmp/in.wav", path, ErrBadSpec)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audio file %q: %w: %w", path, ErrUnreadableWAV, err)
	}
	br := bufio.NewReaderSize(f, 32<<10)
	h, err := parseWAVHeader(br)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audio file %q: %w", path, err)
	}
	in := &fileInput{f: f, path: path, head: h, loop: d.opts.loop, pace: newPacer(d.opts.clock, h.format.rate)}
	in.dec = newWAVDecoder(br, h)
	return in, nil
}

// OpenOutput creates (or truncates) the WAV file at path and records mono 16-bit PCM into it.
func (d *FileDriver) OpenOutput(path string) (Output, error) {
	if isDefaultName(path) {
		return nil, fmt.Errorf("audio output %q: %w: the file driver needs a path, e.g. file:/tmp/out.wav", path, ErrBadSpec)
	}
	w, err := NewWAVWriter(path, d.opts.rate)
	if err != nil {
		return nil, err
	}
	return &fileOutput{w: w, pace: newPacer(d.opts.clock, d.opts.rate)}, nil
}

// fileInput plays a WAV file in real time, then silence (or the file again when looping).
type fileInput struct {
	mu     sync.Mutex
	f      *os.File
	path   string
	head   wavHeader
	dec    *wavDecoder
	loop   bool
	ended  bool
	pace   pacer
	closed bool
}

// Rate returns the file's sample rate.
func (in *fileInput) Rate() int { return in.head.format.rate }

// Read returns the next samples of the file, paced in real time.
func (in *fileInput) Read(buf []int16) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return fmt.Errorf("audio file %q: %w", in.path, ErrClosed)
	}
	if err := in.fill(buf); err != nil {
		return err
	}
	in.pace.wait(len(buf))
	return nil
}

// fill decodes len(buf) samples, rewinding when looping and padding with silence at the end.
func (in *fileInput) fill(buf []int16) error {
	rewound := false
	for len(buf) > 0 && !in.ended {
		n, err := in.dec.read(buf)
		buf = buf[n:]
		switch {
		case errors.Is(err, io.EOF):
			if !in.loop || rewound {
				in.ended = !in.loop
				clear(buf)
				return nil
			}
			if err := in.rewind(); err != nil {
				return err
			}
			rewound = n == 0 // a file with no samples would spin forever
		case err != nil:
			return fmt.Errorf("audio file %q: %w", in.path, err)
		default:
			rewound = false
		}
	}
	clear(buf)
	return nil
}

func (in *fileInput) rewind() error {
	if _, err := in.f.Seek(in.head.dataOffset, io.SeekStart); err != nil {
		return fmt.Errorf("audio file %q: rewind: %w", in.path, err)
	}
	in.dec = newWAVDecoder(bufio.NewReaderSize(in.f, 32<<10), in.head)
	return nil
}

// Close closes the file.
func (in *fileInput) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return nil
	}
	in.closed = true
	return in.f.Close()
}

// fileOutput records to a WAV file in real time.
type fileOutput struct {
	mu   sync.Mutex
	w    *WAVWriter
	pace pacer
}

// Rate returns the recording's sample rate.
func (out *fileOutput) Rate() int { return out.w.Rate() }

// Write appends buf to the recording, paced in real time.
func (out *fileOutput) Write(buf []int16) error {
	out.mu.Lock()
	defer out.mu.Unlock()
	if err := out.w.Write(buf); err != nil {
		return err
	}
	out.pace.wait(len(buf))
	return nil
}

// Close writes the final header and closes the file.
func (out *fileOutput) Close() error {
	out.mu.Lock()
	defer out.mu.Unlock()
	return out.w.Close()
}
