package media

import (
	"sync"
	"time"

	"github.com/pion/rtp"
)

// FrameStatus says what JitterBuffer.Pop produced for one playout slot.
type FrameStatus int

const (
	// FrameEmpty means nothing to play: not started yet, buffering, or underrun.
	FrameEmpty FrameStatus = iota
	// FrameOK means the payload is the next frame in sequence.
	FrameOK
	// FrameLost means the frame for this slot never arrived in time: conceal it.
	FrameLost
	// FrameStretch means playout waits one frame to grow the delay (a packet
	// arrived late, or the buffer ran dry mid-stream): play a concealment
	// frame; nothing is missing, so no FEC applies.
	FrameStretch
)

// String names the status.
func (s FrameStatus) String() string {
	switch s {
	case FrameOK:
		return "ok"
	case FrameLost:
		return "lost"
	case FrameStretch:
		return "stretch"
	default:
		return "empty"
	}
}

const (
	jbSlots      = 128 // ring capacity in packets (power of two)
	jbMask       = jbSlots - 1
	seqOffset    = 1 << 16 // extended sequence numbers start here so they stay positive
	maxDropout   = 3000    // a forward sequence jump beyond this is a new stream (RFC 3550 A.1)
	maxMisorder  = 3000    // a backward jump beyond this is a new stream
	maxTSJumpSec = 10      // a timestamp jump beyond this many seconds is a new stream
)

// JitterStats are the receive statistics of a JitterBuffer.
type JitterStats struct {
	Received      uint64        // packets accepted (including late ones, not duplicates)
	Expected      uint64        // packets expected from sequence numbers (RFC 3550 A.3)
	Lost          uint64        // Expected - Received, never negative
	Concealed     uint64        // playout slots reported as FrameLost
	Late          uint64        // packets dropped because their playout time had passed
	Duplicate     uint64        // packets dropped as duplicates
	Reordered     uint64        // packets that arrived after a higher sequence number
	Discarded     uint64        // packets dropped to bound the delay (overflow)
	Resyncs       uint64        // SSRC changes and sequence/timestamp jumps
	Underruns     uint64        // times playout found the buffer empty
	Stretched     uint64        // frames inserted to grow the delay (FrameStretch)
	Skipped       uint64        // frames dropped one at a time to shrink the delay
	ExtHighestSeq uint32        // extended highest sequence number (cycles<<16 | seq)
	JitterUnits   uint32        // interarrival jitter in timestamp units (RFC 3550 A.8)
	Jitter        time.Duration // the same jitter as a duration
	Buffered      int           // packets waiting to be played
	TargetDelay   time.Duration // the delay the buffer adapts to now, between one frame and the maximum
	SSRC          uint32        // current source
}

type jbSlot struct {
	ext     int64
	used    bool
	payload []byte
}

// JitterBuffer reorders RTP packets by sequence number and releases one frame
// per call to Pop, which the playout clock calls every frame. It is safe for one
// goroutine pushing while another pops.
type JitterBuffer struct {
	mu           sync.Mutex
	clockRate    int
	frameSamples int
	frameDur     time.Duration
	maxFrames    int64 // upper bound of the target (the jitterdelay parameter)
	ad           jbAdapt
	slots        [jbSlots]jbSlot
	seen         [256]int64 // ext+1 of recently received sequence numbers
	out          []byte
	peek         []byte

	synced    bool
	ssrc      uint32
	base      int64 // first extended seq of the current sync
	highest   int64
	highestTS uint32
	next      int64 // next extended seq to play
	count     int   // packets in slots
	playing   bool
	fresh     bool // nothing played since the last sync
	underrun  bool

	epoch       time.Time
	haveTransit bool
	lastTransit uint32
	jitter      float64

	expectedPrior uint64
	st            JitterStats
}

// NewJitterBuffer returns a buffer for a stream at clockRate with frameSamples
// timestamp units per packet. Its delay adapts to the measured jitter between
// one frame and maxDelay (60 ms when maxDelay <= 0); see jitter_adapt.go.
func NewJitterBuffer(clockRate int, frameSamples int, maxDelay time.Duration) *JitterBuffer {
	if clockRate <= 0 {
		clockRate = 8000
	}
	if frameSamples <= 0 {
		frameSamples = samplesPerFrame(clockRate)
	}
	if maxDelay <= 0 {
		maxDelay = 60 * time.Millisecond
	}
	frameDur := time.Duration(frameSamples) * time.Second / time.Duration(clockRate)
	maxFrames := int64((maxDelay + frameDur - 1) / frameDur)
	maxFrames = min(max(maxFrames, jbMinFrames), jbSlots/4)
	j := &JitterBuffer{clockRate: clockRate, frameSamples: frameSamples, frameDur: frameDur, maxFrames: maxFrames}
	j.ad.reset()
	return j
}

// Push adds a received packet. Duplicates and packets whose playout time has
// passed are dropped; a new SSRC or a large sequence or timestamp jump resyncs.
// The payload is copied, so p may be reused after Push returns.
func (j *JitterBuffer) Push(p *rtp.Packet, arrival time.Time) {
	if p == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.synced || p.SSRC != j.ssrc {
		j.resync(p, arrival)
	}
	delta := int64(int16(p.SequenceNumber - uint16(j.highest)))
	if j.jumped(p, delta) {
		j.resync(p, arrival)
		delta = 0
	}
	ext := j.highest + delta
	if j.seen[ext&255] == ext+1 {
		j.st.Duplicate++
		return
	}
	j.seen[ext&255] = ext + 1
	j.st.Received++
	j.updateJitter(p.Timestamp, arrival)
	if ext < j.highest {
		j.st.Reordered++
	} else {
		j.highest, j.highestTS = ext, p.Timestamp
	}
	if j.playing {
		j.observe(ext, p.Marker)
	}
	if ext < j.next {
		if !j.fresh || j.next-ext >= jbSlots/2 {
			j.st.Late++
			return
		}
		j.next = ext // an earlier packet arrived before playout began
	}
	if p.Marker && j.underrun && j.count == 0 {
		// Talkspurt start after silence: rebuild the target delay.
		j.playing, j.next = false, ext
	}
	if ext-j.next >= jbSlots {
		j.advance(ext - jbSlots + 1)
	}
	s := &j.slots[ext&jbMask]
	if s.used {
		j.st.Discarded++
		j.count--
	}
	s.ext, s.used = ext, true
	s.payload = append(s.payload[:0], p.Payload...)
	j.count++
}

// jumped reports a sequence or timestamp discontinuity that starts a new stream.
func (j *JitterBuffer) jumped(p *rtp.Packet, delta int64) bool {
	if delta > maxDropout || delta < -maxMisorder {
		return true
	}
	if delta <= 0 {
		return false
	}
	want := int64(j.highestTS) + delta*int64(j.frameSamples)
	got := int64(j.highestTS) + int64(int32(p.Timestamp-j.highestTS))
	d := got - want
	limit := int64(maxTSJumpSec * j.clockRate)
	return d > limit || d < -limit
}

// resync starts a new stream at p.
func (j *JitterBuffer) resync(p *rtp.Packet, arrival time.Time) {
	if j.synced {
		j.st.Resyncs++
		j.expectedPrior += uint64(j.highest - j.base + 1)
	}
	ext := int64(p.SequenceNumber) + seqOffset
	j.synced, j.ssrc = true, p.SSRC
	j.base, j.highest, j.highestTS, j.next = ext, ext, p.Timestamp, ext
	j.playing, j.fresh, j.underrun = false, true, false
	for i := range j.slots {
		j.slots[i].used = false
	}
	clear(j.seen[:])
	j.count = 0
	j.ad.reset()
	j.haveTransit = false
	if j.epoch.IsZero() {
		j.epoch = arrival
	}
}

// advance drops everything before seq and makes seq the next to play.
func (j *JitterBuffer) advance(seq int64) {
	for ; j.next < seq; j.next++ {
		s := &j.slots[j.next&jbMask]
		if s.used && s.ext == j.next {
			s.used = false
			j.count--
			j.st.Discarded++
		}
	}
}

// updateJitter applies RFC 3550 A.8.
func (j *JitterBuffer) updateJitter(ts uint32, arrival time.Time) {
	units := uint32(int64(arrival.Sub(j.epoch)) * int64(j.clockRate) / int64(time.Second))
	transit := units - ts
	if j.haveTransit {
		d := float64(int32(transit - j.lastTransit))
		if d < 0 {
			d = -d
		}
		j.jitter += (d - j.jitter) / 16
	}
	j.lastTransit, j.haveTransit = transit, true
}

// Pop is PopQuiet(false): playout that cannot say whether it is in a pause.
func (j *JitterBuffer) Pop() (payload []byte, status FrameStatus) { return j.PopQuiet(false) }

// PopQuiet returns the next frame's payload, called once per frame by the
// playout clock; quiet says the frame played last was near silence, where a
// frame dropped to shrink the delay goes unheard. The payload is valid until
// the next call.
func (j *JitterBuffer) PopQuiet(quiet bool) (payload []byte, status FrameStatus) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.synced {
		return nil, FrameEmpty
	}
	if !j.playing {
		if j.count == 0 || j.highest-j.next+1 < j.ad.target {
			return nil, FrameEmpty
		}
		j.playing = true
		// Far more queued than the maximum before playout began (a burst
		// after a stall): skip ahead to the target.
		if j.highest-j.next+1 > j.maxFrames+2 {
			j.advance(j.highest - j.ad.target + 1)
		}
	}
	if j.ad.grow > 0 {
		return j.stretch()
	}
	j.maybeSkip(quiet)
	s := &j.slots[j.next&jbMask]
	if s.used && s.ext == j.next {
		j.out = append(j.out[:0], s.payload...)
		s.used = false
		j.count--
		j.next++
		j.fresh, j.underrun = false, false
		j.ad.dry = 0
		return j.out, FrameOK
	}
	if j.count == 0 {
		if !j.underrun {
			j.st.Underruns++
			j.underrun = true
		}
		return j.dried()
	}
	j.next++
	j.fresh = false
	j.st.Concealed++
	return nil, FrameLost
}

// PeekNext returns the payload the next Pop will return when that packet has
// already arrived, else nil; a decoder rebuilds a lost frame from the in-band
// FEC it carries. The payload is valid until the next PeekNext.
func (j *JitterBuffer) PeekNext() []byte {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := &j.slots[j.next&jbMask]
	if !j.synced || !s.used || s.ext != j.next {
		return nil
	}
	j.peek = append(j.peek[:0], s.payload...)
	return j.peek
}

// Stats returns a snapshot of the receive statistics.
func (j *JitterBuffer) Stats() JitterStats {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := j.st
	if j.synced {
		st.Expected = j.expectedPrior + uint64(j.highest-j.base+1)
		st.ExtHighestSeq = uint32(j.highest - seqOffset)
	}
	if st.Expected > st.Received {
		st.Lost = st.Expected - st.Received
	}
	st.JitterUnits = uint32(j.jitter)
	st.Jitter = time.Duration(j.jitter * float64(time.Second) / float64(j.clockRate))
	st.Buffered = j.count
	st.TargetDelay = time.Duration(j.ad.target) * j.frameDur
	st.SSRC = j.ssrc
	return st
}
