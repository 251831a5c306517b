package media

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"softphone/phone/audio"
)

// ErrRecorder wraps errors from creating or writing a call recording.
var ErrRecorder = errors.New("media: call recording")

// recorderMaxLead is how many frames one side may run ahead of the other
// before its oldest frame is written against silence (the other side stalled).
const recorderMaxLead = 8

// recorderPool is how many frame pairs may wait for the file writer (2 s).
const recorderPool = 100

// recPair is one 20 ms frame of each side, on its way to the file.
type recPair struct {
	local, remote [FrameSamples]int16
}

// Recorder writes a call to a WAV file at InternalRate: stereo (left = local
// audio sent to the far end, right = remote audio heard from it) or mono (both
// mixed). Local and Remote are called from the engine's two clocks; they pair
// frames in arrival order, never touch the file and never wait for it: a
// goroutine writes, and when it falls behind whole pairs are dropped (both
// sides together, so the channels stay aligned). The WAV header is rewritten
// every second, so a killed process leaves a readable file.
type Recorder struct {
	path   string
	stereo bool
	wav    *audio.WAVWriter

	mu     sync.Mutex // guards the pairing state below
	closed bool
	pend   [recorderMaxLead][FrameSamples]int16
	head   int
	n      int  // frames pending in pend
	remote bool // which side the pending frames belong to

	free    chan *recPair
	work    chan *recPair
	dropped atomic.Uint64
	err     error // first write error; read after done closes
	done    chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// NewRecorder creates (or truncates) the WAV file at path and starts its
// writer. stereo picks two channels (local left, remote right) over one mix.
func NewRecorder(path string, stereo bool) (*Recorder, error) {
	channels := 1
	if stereo {
		channels = 2
	}
	wav, err := audio.NewWAVWriterChannels(path, InternalRate, channels)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRecorder, err)
	}
	r := &Recorder{path: path, stereo: stereo, wav: wav,
		free: make(chan *recPair, recorderPool), work: make(chan *recPair, recorderPool),
		done: make(chan struct{})}
	for range recorderPool {
		r.free <- new(recPair)
	}
	go r.writeLoop()
	return r, nil
}

// Path returns the file being written.
func (r *Recorder) Path() string { return r.path }

// Dropped returns how many frame pairs were lost because the file writer fell
// behind.
func (r *Recorder) Dropped() uint64 { return r.dropped.Load() }

// Local records one frame (FrameSamples samples; shorter is padded with
// silence, longer is cut) of the audio sent to the far end.
func (r *Recorder) Local(pcm []int16) { r.add(false, pcm) }

// Remote records one frame of the audio heard from the far end.
func (r *Recorder) Remote(pcm []int16) { r.add(true, pcm) }

// add pairs pcm with the oldest pending frame of the other side, or queues it.
func (r *Recorder) add(remote bool, pcm []int16) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	if r.n > 0 && r.remote != remote { // the other side is waiting: pair up
		old := &r.pend[r.head]
		r.head = (r.head + 1) % recorderMaxLead
		r.n--
		if remote {
			r.emit(old[:], pcm)
		} else {
			r.emit(pcm, old[:])
		}
		return
	}
	if r.n == recorderMaxLead { // the other side stalled: write the oldest against silence
		old := &r.pend[r.head]
		r.head = (r.head + 1) % recorderMaxLead
		r.n--
		if remote {
			r.emit(nil, old[:])
		} else {
			r.emit(old[:], nil)
		}
	}
	slot := &r.pend[(r.head+r.n)%recorderMaxLead]
	clear(slot[copy(slot[:], pcm):])
	r.n++
	r.remote = remote
}

// emit hands one pair to the writer, or drops it when the writer is behind;
// nil is silence. r.mu is held.
func (r *Recorder) emit(local, remote []int16) {
	var p *recPair
	select {
	case p = <-r.free:
	default:
		r.dropped.Add(1)
		return
	}
	clear(p.local[copy(p.local[:], local):])
	clear(p.remote[copy(p.remote[:], remote):])
	r.work <- p // never blocks: work holds as many pairs as exist
}

// writeLoop writes pairs to the file until work is closed.
func (r *Recorder) writeLoop() {
	defer close(r.done)
	buf := make([]int16, 2*FrameSamples)
	for p := range r.work {
		out := buf[:FrameSamples]
		if r.stereo {
			out = buf
			for i := range FrameSamples {
				out[2*i], out[2*i+1] = p.local[i], p.remote[i]
			}
		} else {
			for i := range FrameSamples {
				out[i] = clip16(int32(p.local[i]) + int32(p.remote[i]))
			}
		}
		r.free <- p
		if r.err == nil {
			if err := r.wav.Write(out); err != nil {
				r.err = fmt.Errorf("%w: %w", ErrRecorder, err)
			}
		}
	}
}

// Close writes the frames still waiting for their other side (against
// silence), finishes the file and returns the first error met while writing
// it. Local and Remote are no-ops afterwards; closing twice returns the same.
func (r *Recorder) Close() error {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		for ; r.n > 0; r.n-- {
			old := r.pend[r.head][:]
			r.head = (r.head + 1) % recorderMaxLead
			if r.remote {
				r.emit(nil, old)
			} else {
				r.emit(old, nil)
			}
		}
		r.closed = true
		close(r.work)
		r.mu.Unlock()
		<-r.done
		r.closeErr = r.err
		if err := r.wav.Close(); err != nil && r.closeErr == nil {
			r.closeErr = fmt.Errorf("%w: %w", ErrRecorder, err)
		}
	})
	return r.closeErr
}
