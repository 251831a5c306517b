package media

import "math"

// The jitter buffer's delay adapts to the jitter it sees, between jbMinFrames
// and the maximum given to NewJitterBuffer (the jitterdelay parameter).
//
// The measure is the slack of each arriving packet: how many frames playout
// will take before it needs the packet (0 = just in time, below 0 = late). This
// is the arrival delay relative to the playout clock, so it covers network
// jitter and a playout clock that pulls unevenly alike.
//
//   - Growing is fast: a late packet adds at once the frames it missed by, and a
//     buffer that ran dry mid-stream counts the frames it waited. The frames are
//     inserted as FrameStretch (the decoder's concealment, Opus PLC or G.711
//     repeat-with-fade), never as silence.
//   - A packet arriving more than twice the maximum ahead (a burst after a
//     stall) drops the backlog down to the target at once.
//   - Shrinking is slow: when every packet of a window of jbShrinkWindow packets
//     had at least one frame to spare, one frame is dropped, in a quiet frame
//     when one comes within jbForceSkip frames (else anyway), or a frame that
//     was lost anyway; one frame per window at most.
const (
	jbMinFrames    = 1   // the least target: one frame
	jbShrinkWindow = 100 // packets (2 s at 20 ms) whose slack must all be >= 1 to drop one frame
	jbForceSkip    = 100 // frames to wait for a quiet one before dropping anyway
	jbDryConceal   = 5   // frames of a dry buffer concealed before it turns to silence
)

// jbAdapt is the adaptation state of a JitterBuffer, guarded by its mutex.
type jbAdapt struct {
	target   int64 // playout starts (and restarts after a talkspurt) at this many frames
	grow     int64 // FrameStretch frames still to insert
	skip     bool  // one frame is to be dropped
	skipWait int   // frames waited for a quiet one
	winMin   int64 // least slack in the current window
	winN     int   // packets in the current window
	dry      int   // consecutive pops that found the buffer empty while playing
}

// reset returns to the least delay with a fresh window (a new stream).
func (a *jbAdapt) reset() {
	*a = jbAdapt{target: jbMinFrames}
	a.newWindow()
}

func (a *jbAdapt) newWindow() { a.winMin, a.winN = math.MaxInt64, 0 }

// observe accounts the slack of packet ext arriving while playing; marker is
// its RTP marker bit (a talkspurt start, which rebuilds the delay instead).
func (j *JitterBuffer) observe(ext int64, marker bool) {
	a := &j.ad
	if j.underrun && j.count == 0 && a.dry > 0 && !marker && ext == j.next {
		// The buffer ran dry waiting for this packet: playout already
		// waited a.dry frames for it, so the delay grew by that much.
		a.target = min(a.target+int64(a.dry), j.maxFrames)
		a.skip = false
		a.newWindow()
		return
	}
	slack := ext - j.next + a.grow
	if slack < 0 {
		if g := min(-slack, j.maxFrames-a.target); g > 0 {
			a.grow += g
			a.target += g
		}
		a.skip = false
		a.newWindow()
		return
	}
	if slack > 2*j.maxFrames+2 {
		// A burst after a stall: drop the backlog down to the target.
		a.grow = 0
		j.advance(ext - a.target + 1)
		a.newWindow()
		return
	}
	a.winMin = min(a.winMin, slack)
	if a.winN++; a.winN < jbShrinkWindow {
		return
	}
	if a.winMin >= 1 && a.target > jbMinFrames {
		a.skip, a.skipWait = true, 0
	}
	a.newWindow()
}

// stretch inserts one frame of the pending growth.
func (j *JitterBuffer) stretch() ([]byte, FrameStatus) {
	j.ad.grow--
	j.st.Stretched++
	return nil, FrameStretch
}

// dried answers a pop that found nothing queued while playing: a few frames
// are concealed (the packet is probably just late), then silence.
func (j *JitterBuffer) dried() ([]byte, FrameStatus) {
	if j.ad.dry++; j.ad.dry <= jbDryConceal {
		j.st.Stretched++
		return nil, FrameStretch
	}
	return nil, FrameEmpty
}

// maybeSkip drops the next frame when a shrink is due and the moment fits: the
// frame is missing anyway, the last one played was quiet, or the wait is over.
// At least one more packet must be queued behind it.
func (j *JitterBuffer) maybeSkip(quiet bool) {
	a := &j.ad
	if !a.skip || j.count == 0 || j.highest <= j.next {
		return
	}
	s := &j.slots[j.next&jbMask]
	present := s.used && s.ext == j.next
	if a.skipWait++; present && !quiet && a.skipWait < jbForceSkip {
		return
	}
	if present {
		s.used = false
		j.count--
	}
	j.next++
	j.st.Skipped++
	a.target = max(a.target-1, jbMinFrames)
	a.skip = false
}
