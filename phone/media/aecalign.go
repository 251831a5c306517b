package media

import "math"

// echoAligner pairs each captured frame with the speaker frame whose echo it
// holds, for the echo canceller. Speaker frames are numbered as the capture
// clock takes them from the playback clock's FIFO; captured frame t is paired
// with speaker frame t+off. off starts at 0 (both clocks started together and
// device buffers cancel out) and follows an estimate of where the echo really
// is: every estimateEvery frames the microphone's frame energies over the last
// estimateWindow frames are correlated with the speaker's at each offset, and
// a clear peak that would leave the echo before the reference (which the
// canceller cannot model) or too far behind it moves off to one frame ahead of
// the peak (or onto it, when the frame ahead has not always arrived by then).
// This is the case where the playback device ran ahead before the
// capture device delivered its first frame (PulseAudio through ALSA).
// Everything belongs to the capture clock.
type echoAligner struct {
	hist   [alignHistFrames][FrameSamples]int16 // speaker frames by number
	refDB  [alignEnvFrames]float64              // their energies, dB
	micDB  [alignEnvFrames]float64              // captured frames' energies, dB
	silent [FrameSamples]int16
	newest int // number of the newest speaker frame, -1 before the first
	t      int // number of the current captured frame
	off    int
	// ahead is the fewest speaker frames beyond the current captured frame's
	// number there were since the last estimate: how far off can reach.
	ahead int
}

const (
	alignHistFrames = 64  // speaker frames kept: 1.28 s
	alignEnvFrames  = 256 // frame energies kept
	estimateWindow  = 150 // frames correlated: 3 s
	estimateEvery   = 25  // frames between estimates: 0.5 s
	alignMinLead    = -20 // earliest offset looked at (echo 400 ms behind the count)
	alignMaxLag     = 4   // frames the echo may trail the reference before off moves
	alignMinCorr    = 0.6 // correlation a peak needs
)

func (a *echoAligner) init() { a.newest, a.ahead = -1, math.MaxInt }

// drain numbers the speaker frames waiting in fifo.
func (a *echoAligner) drain(fifo *mixFIFO) {
	for {
		slot := a.hist[(a.newest+1)%alignHistFrames][:]
		if !fifo.take(slot) {
			return
		}
		a.newest++
		a.refDB[a.newest%alignEnvFrames] = frameDB(slot)
	}
}

// restart pairs the next captured frame with the newest speaker frame, as when both clocks
// start together: that frame's echo cannot have reached the microphone yet, so the
// reference leads the echo (which the canceller models) until estimate finds the echo.
func (a *echoAligner) restart() {
	a.off = a.newest - a.t
	a.ahead = math.MaxInt
}

// reference returns the speaker frame paired with captured frame mic and moves
// on to the next captured frame.
func (a *echoAligner) reference(mic []int16) []int16 {
	a.micDB[a.t%alignEnvFrames] = frameDB(mic)
	a.ahead = min(a.ahead, a.newest-a.t)
	if a.t >= estimateWindow && a.t%estimateEvery == 0 {
		a.estimate()
		a.ahead = math.MaxInt
	}
	seq := a.t + a.off
	a.t++
	if seq < 0 || seq > a.newest || seq <= a.newest-alignHistFrames {
		return a.silent[:]
	}
	return a.hist[seq%alignHistFrames][:]
}

// estimate correlates the energy envelopes and moves off when the echo's peak
// is outside [off-alignMaxLag, off].
func (a *echoAligner) estimate() {
	end := a.t // last captured frame measured
	best, bestX := alignMinCorr, 0
	found := false
	for x := alignMinLead; end+x <= a.newest; x++ {
		first := end - estimateWindow + 1
		if first+x < 0 || first+x <= a.newest-alignEnvFrames || first <= a.t-alignEnvFrames {
			continue
		}
		if c := a.correlate(first, x); c > best {
			best, bestX, found = c, x, true
		}
	}
	if !found {
		return
	}
	if lag := a.off - bestX; lag < 0 || lag > alignMaxLag {
		a.off = max(min(bestX+1, a.ahead), bestX)
	}
}

// correlate is the Pearson correlation of the microphone's energies from
// frame first on with the speaker's x frames later, over estimateWindow.
func (a *echoAligner) correlate(first, x int) float64 {
	var sm, sr, smm, srr, smr float64
	for i := first; i < first+estimateWindow; i++ {
		m, r := a.micDB[i%alignEnvFrames], a.refDB[(i+x)%alignEnvFrames]
		sm += m
		sr += r
		smm += m * m
		srr += r * r
		smr += m * r
	}
	n := float64(estimateWindow)
	vm, vr := smm-sm*sm/n, srr-sr*sr/n
	if vm <= 1e-9 || vr <= 1e-9 {
		return 0
	}
	return (smr - sm*sr/n) / math.Sqrt(vm*vr)
}

// frameDB is a frame's energy in dB (0 for silence).
func frameDB(pcm []int16) float64 {
	var e float64
	for _, v := range pcm {
		e += float64(v) * float64(v)
	}
	return 10 * math.Log10(1+e/float64(len(pcm)))
}
