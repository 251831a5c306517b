package audio

import (
	"fmt"
	"math"
	"sync"
	"time"

	"softphone/phone/control"
)

// RoomDriverName is the registered name of the room driver.
const RoomDriverName = "room"

// RoomConfig describes the acoustics of a RoomDriver's room.
type RoomConfig struct {
	// Delay is how long what the speaker plays takes to reach the microphone.
	Delay time.Duration
	// GainDB is the level of that echo relative to what was played (e.g. -6).
	GainDB float64
	// Near is what the user in the room says (the microphone's own signal, at the
	// driver's rate); it plays once, then the room is silent but for the echo.
	Near []int16
	// Lead is how far the speaker's buffer lets playback run ahead of capture, as
	// when the capture device delivers its first frame that long after the
	// playback device started: the n-th captured sample then holds the
	// (n + lead - delay)-th played sample.
	Lead time.Duration
}

// RoomDriver is a test sound card in a room: its one input hears its one output
// after RoomConfig.Delay, attenuated by RoomConfig.GainDB, mixed with the
// near-end signal. Input and output share one sample clock, like a card whose
// two directions run from one crystal: the n-th captured sample holds the
// (n - delay)-th played sample (RoomConfig.Lead shifts that), and while both
// are open a read waits until what it hears has been played and a write waits
// until the previous frame was heard (plus the lead), so the echo is exact. Output
// writes are paced by the clock (WithClock), and so are reads while no output
// is open. Not in DefaultDrivers: tests register it with NewDrivers.
type RoomDriver struct {
	opts  options
	cfg   RoomConfig
	gain  float64
	delay int // Delay in samples
	lead  int // Lead in samples

	mu      sync.Mutex
	cond    *sync.Cond
	in, out *roomSide  // open sides, nil when closed
	paceMu  sync.Mutex // guards pace, used outside mu so the other side runs meanwhile
	pace    pacer
	history []int16 // played samples, a ring indexed by played position
	played  int64   // samples played since the room was last empty
	heard   int64   // samples captured since then
	near    int     // position in cfg.Near (not reset)
}

// NewRoomDriver builds a room (a negative Delay or Lead counts as 0). Options: WithClock,
// WithRate (default 16000 Hz).
func NewRoomDriver(cfg RoomConfig, opts ...Option) *RoomDriver {
	o := buildOptions(opts)
	r := &RoomDriver{opts: o, cfg: cfg, gain: math.Pow(10, cfg.GainDB/20)}
	r.cond = sync.NewCond(&r.mu)
	if validRate(o.rate) {
		r.delay = max(int(cfg.Delay*time.Duration(o.rate)/time.Second), 0)
		r.lead = max(int(cfg.Lead*time.Duration(o.rate)/time.Second), 0)
		r.history = make([]int16, r.delay+r.lead+o.rate/2) // delay and lead plus frames up to 500 ms
	}
	return r
}

// Name returns "room".
func (r *RoomDriver) Name() string { return RoomDriverName }

func (r *RoomDriver) info(output bool) []control.DeviceInfo {
	return []control.DeviceInfo{{Driver: RoomDriverName, Name: RoomDriverName, DefaultRate: r.opts.rate,
		Channels: 1, Default: true, Output: output}}
}

// Inputs lists the room's microphone.
func (r *RoomDriver) Inputs() ([]control.DeviceInfo, error) { return r.info(false), nil }

// Outputs lists the room's speaker.
func (r *RoomDriver) Outputs() ([]control.DeviceInfo, error) { return r.info(true), nil }

// OpenInput opens the room's microphone (any name). Only one can be open.
func (r *RoomDriver) OpenInput(string) (Input, error) { return r.open(&r.in, "input") }

// OpenOutput opens the room's speaker (any name). Only one can be open.
func (r *RoomDriver) OpenOutput(string) (Output, error) { return r.open(&r.out, "output") }

func (r *RoomDriver) open(side **roomSide, kind string) (*roomSide, error) {
	if !validRate(r.opts.rate) {
		return nil, fmt.Errorf("room %s: %w: %d Hz", kind, ErrBadRate, r.opts.rate)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if *side != nil {
		return nil, fmt.Errorf("room %s: %w: already open", kind, ErrNoDevice)
	}
	if r.in == nil && r.out == nil { // an empty room starts a new shared clock
		r.played, r.heard = 0, 0
		clear(r.history)
		r.paceMu.Lock()
		r.pace = newPacer(r.opts.clock, r.opts.rate)
		r.paceMu.Unlock()
	} else {
		r.join(side == &r.in)
	}
	s := &roomSide{r: r, slot: side}
	*side = s
	r.cond.Broadcast()
	return s, nil
}

// join starts a side that opens while the other one runs at the present, as a real card's
// direction opened mid-stream does: a microphone hears from what is played now on (not the
// history played before it opened), a speaker plays into a room whose microphone hears it
// after the delay (plus the lead). Called with mu held.
func (r *RoomDriver) join(input bool) {
	if input {
		r.heard = max(r.played-int64(r.lead), 0)
		return
	}
	if r.heard == 0 { // the microphone has heard nothing yet: one clock start for both
		return
	}
	clear(r.history) // what the closed speaker played is no longer heard
	r.played = r.heard + int64(r.lead)
}

// roomSide is the open input or output of a RoomDriver.
type roomSide struct {
	r      *RoomDriver
	slot   **roomSide
	closed bool
}

// Rate returns the room's rate.
func (s *roomSide) Rate() int { return s.r.opts.rate }

// Write plays buf into the room.
func (s *roomSide) Write(buf []int16) error {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(buf) > r.opts.rate/4 {
		return fmt.Errorf("room output: %d samples in one write, at most %d", len(buf), r.opts.rate/4)
	}
	for !s.closed && r.in != nil && r.played > r.heard+int64(r.lead) { // the previous frame is not heard yet
		r.cond.Wait()
	}
	if s.closed {
		return fmt.Errorf("room output: %w", ErrClosed)
	}
	for _, v := range buf {
		r.history[r.played%int64(len(r.history))] = v
		r.played++
	}
	r.cond.Broadcast()
	r.mu.Unlock()
	r.wait(len(buf))
	r.mu.Lock()
	return nil
}

// wait paces n samples on the room's clock.
func (r *RoomDriver) wait(n int) {
	r.paceMu.Lock()
	defer r.paceMu.Unlock()
	r.pace.wait(n)
}

// Read captures buf: the near-end signal plus the echo of what was played.
func (s *roomSide) Read(buf []int16) error {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(buf) > r.opts.rate/4 {
		return fmt.Errorf("room input: %d samples in one read, at most %d", len(buf), r.opts.rate/4)
	}
	for !s.closed && r.out != nil && r.played < r.heard+int64(len(buf)+max(r.lead-r.delay, 0)) {
		r.cond.Wait()
	}
	if s.closed {
		return fmt.Errorf("room input: %w", ErrClosed)
	}
	for i := range buf {
		v := 0.0
		if r.near < len(r.cfg.Near) {
			v = float64(r.cfg.Near[r.near])
			r.near++
		}
		if p := r.heard + int64(r.lead-r.delay); p >= 0 && p < r.played {
			v += r.gain * float64(r.history[p%int64(len(r.history))])
		}
		buf[i] = int16(min(max(math.Round(v), math.MinInt16), math.MaxInt16))
		r.heard++
	}
	r.cond.Broadcast()
	if r.out == nil {
		r.mu.Unlock()
		r.wait(len(buf))
		r.mu.Lock()
	}
	return nil
}

// Close closes this side; the other one runs on alone.
func (s *roomSide) Close() error {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if !s.closed {
		s.closed = true
		*s.slot = nil
		r.cond.Broadcast()
	}
	return nil
}
