package audio

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gordonklaus/portaudio"
)

// XRunCounter is implemented by hardware devices that count input overflows and output
// underflows; they are not fatal, but a growing count means the pipeline is too slow.
type XRunCounter interface {
	// XRuns returns the number of overflows (input) or underflows (output) so far.
	XRuns() int64
}

// Device buffer lengths in 20 ms frames. Each buffer costs one blocking PortAudio call, and each
// such call costs far more than its audio: PortAudio's ALSA path (and the pulse plugin behind
// it) makes a dozen system calls, and a cgo call blocked for longer than 10 ms has its P taken
// by the Go runtime's sysmon, which then polls every 20 µs for a while. On the device path
// (scripts/measure-device-call) that polling was most of the phone's CPU. Playback therefore
// moves 40 ms per call, halving those wake-ups for 20 ms more output latency; capture keeps
// 20 ms, so each RTP packet still leaves as soon as its frame is captured.
const (
	outputBufferFrames = 2
	inputBufferFrames  = 1
)

// paStream is one blocking PortAudio stream, input-only or output-only, of
// inputBufferFrames or outputBufferFrames 20 ms frames per buffer.
type paStream struct {
	mu       sync.Mutex
	stream   *portaudio.Stream
	name     string
	output   bool
	rate     int
	channels int
	frames   int
	buf      []int16 // frames*channels interleaved samples, bound to the stream
	pos      int     // input: next unread frame; output: frames filled
	pace     pacer
	xruns    atomic.Int64
	release  func()
	closed   bool
}

// openPAStream opens dev at its native rate, mono if the device accepts it, else stereo.
func openPAStream(dev *portaudio.DeviceInfo, output bool, clock Clock, release func()) (*paStream, error) {
	rate := int(math.Round(dev.DefaultSampleRate))
	if !validRate(rate) {
		return nil, fmt.Errorf("audio device %q: %w: native rate %v Hz", dev.Name, ErrBadRate, dev.DefaultSampleRate)
	}
	perBuffer := inputBufferFrames
	if output {
		perBuffer = outputBufferFrames
	}
	s := &paStream{name: dev.Name, output: output, rate: rate, frames: perBuffer * rate * FrameDuration / 1000,
		pace: newPacer(clock, rate), release: release}
	var err error
	for _, ch := range []int{1, 2} {
		if ch > channelsOf(dev, output) {
			break
		}
		s.channels = ch
		s.buf = make([]int16, s.frames*ch)
		p := portaudio.StreamParameters{SampleRate: float64(rate), FramesPerBuffer: s.frames}
		if output {
			p.Output = portaudio.StreamDeviceParameters{Device: dev, Channels: ch, Latency: dev.DefaultHighOutputLatency}
		} else {
			p.Input = portaudio.StreamDeviceParameters{Device: dev, Channels: ch, Latency: dev.DefaultHighInputLatency}
		}
		if s.stream, err = portaudio.OpenStream(p, &s.buf); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("audio device %q: open at %d Hz: %w", dev.Name, rate, err)
	}
	if err := s.stream.Start(); err != nil {
		s.stream.Close()
		return nil, fmt.Errorf("audio device %q: start: %w", dev.Name, err)
	}
	if !output {
		s.pos = s.frames // empty: the first Read fetches a buffer
	}
	return s, nil
}

// Rate returns the device's native rate the stream runs at.
func (s *paStream) Rate() int { return s.rate }

// XRuns returns the overflow/underflow count.
func (s *paStream) XRuns() int64 { return s.xruns.Load() }

// transfer runs one blocking stream.Read or stream.Write and applies the pacing guard.
func (s *paStream) transfer() error {
	start := s.pace.clock.Now()
	var err error
	if s.output {
		err = s.stream.Write()
	} else {
		err = s.stream.Read()
	}
	if errors.Is(err, portaudio.InputOverflowed) || errors.Is(err, portaudio.OutputUnderflowed) {
		s.xruns.Add(1)
	} else if err != nil {
		return fmt.Errorf("audio device %q: %w", s.name, err)
	}
	blocked := s.pace.clock.Now().Sub(start) >= FrameDuration*time.Millisecond/4
	s.pace.guard(s.frames, blocked)
	return nil
}

// Read captures len(buf) mono samples (stereo devices are mixed down).
func (s *paStream) Read(buf []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("audio input %q: %w", s.name, ErrClosed)
	}
	for len(buf) > 0 {
		if s.pos == s.frames {
			if err := s.transfer(); err != nil {
				return err
			}
			s.pos = 0
		}
		n := min(len(buf), s.frames-s.pos)
		if s.channels == 1 {
			copy(buf[:n], s.buf[s.pos:])
		} else {
			for i := range n {
				j := 2 * (s.pos + i)
				buf[i] = int16((int32(s.buf[j]) + int32(s.buf[j+1])) / 2)
			}
		}
		s.pos += n
		buf = buf[n:]
	}
	return nil
}

// Write plays buf (duplicated to both channels on stereo-only devices).
func (s *paStream) Write(buf []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("audio output %q: %w", s.name, ErrClosed)
	}
	for len(buf) > 0 {
		n := min(len(buf), s.frames-s.pos)
		if s.channels == 1 {
			copy(s.buf[s.pos:], buf[:n])
		} else {
			for i, v := range buf[:n] {
				s.buf[2*(s.pos+i)], s.buf[2*(s.pos+i)+1] = v, v
			}
		}
		s.pos += n
		buf = buf[n:]
		if s.pos == s.frames {
			if err := s.transfer(); err != nil {
				return err
			}
			s.pos = 0
		}
	}
	return nil
}

// Close plays any partly filled output buffer, stops the stream and releases PortAudio.
func (s *paStream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	defer s.release()
	var errs []error
	if s.output && s.pos > 0 {
		clear(s.buf[s.pos*s.channels:])
		if err := s.stream.Write(); err != nil && !errors.Is(err, portaudio.OutputUnderflowed) {
			errs = append(errs, err)
		}
	}
	errs = append(errs, s.stream.Stop(), s.stream.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("audio device %q: close: %w", s.name, err)
	}
	return nil
}
