package media

import "sync/atomic"

// LineStream wraps one call's Stream for the controller: it mutes either
// direction and records what passes through, without touching the inner
// stream. It is allocation-free per frame and safe for concurrent use.
type LineStream struct {
	inner   Stream
	micMute atomic.Bool
	spkMute atomic.Bool
	rec     atomic.Pointer[Recorder]
	zeros   [FrameSamples]int16 // read-only silence sent while the mic is muted
}

// NewLineStream wraps inner.
func NewLineStream(inner Stream) *LineStream {
	return &LineStream{inner: inner}
}

// Inner returns the wrapped stream.
func (l *LineStream) Inner() Stream { return l.inner }

// SetMute mutes the microphone (the far end receives silence from us) and/or
// the speaker (we play silence from the far end).
func (l *LineStream) SetMute(mic, speaker bool) {
	l.micMute.Store(mic)
	l.spkMute.Store(speaker)
}

// Muted reports the current mute state.
func (l *LineStream) Muted() (mic, speaker bool) {
	return l.micMute.Load(), l.spkMute.Load()
}

// SetRecorder starts recording into r (nil stops). The recorder gets what the
// far end is sent (after mic mute) as local audio and what it sends us
// (before speaker mute) as remote audio. The caller closes the recorder.
func (l *LineStream) SetRecorder(r *Recorder) { l.rec.Store(r) }

// Recorder returns the current recorder, or nil.
func (l *LineStream) Recorder() *Recorder { return l.rec.Load() }

// ReadFrame reads the far end's audio from the inner stream, records it and
// plays silence instead while the speaker is muted.
func (l *LineStream) ReadFrame(pcm []int16) {
	l.inner.ReadFrame(pcm)
	if r := l.rec.Load(); r != nil {
		r.Remote(pcm)
	}
	if l.spkMute.Load() {
		clear(pcm)
	}
}

// WriteFrame sends pcm (or silence while the mic is muted) to the inner
// stream and records what was sent. A muted frame longer than FrameSamples is
// cleared in place.
func (l *LineStream) WriteFrame(pcm []int16) error {
	if l.micMute.Load() {
		if len(pcm) <= len(l.zeros) {
			pcm = l.zeros[:len(pcm)]
		} else {
			clear(pcm)
		}
	}
	if r := l.rec.Load(); r != nil {
		r.Local(pcm)
	}
	return l.inner.WriteFrame(pcm)
}
