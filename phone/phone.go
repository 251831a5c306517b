// Package phone is the softphone's controller: it owns registration, lines (calls), the
// SIP stack and the audio pipeline, and publishes every change as an immutable event.
//
// One goroutine owns all state. Public methods send commands to it and wait for the answer;
// SIP transactions and media run on their own goroutines and report back through it.
package phone

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"softphone/phone/audio"
	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/params"
	"softphone/phone/store"
)

// Sentinel errors returned by the phone's commands; wrapped with details naming what was wrong.
// They are control's sentinels, so front ends test them without importing this package.
var (
	// ErrClosed is returned after Close.
	ErrClosed = control.ErrClosed
	// ErrNoLine is returned when a line number does not name a call.
	ErrNoLine = control.ErrNoLine
	// ErrInvalidNumber is returned for a number or URI that cannot be dialled.
	ErrInvalidNumber = control.ErrInvalidNumber
	// ErrNotConfigured is returned when an action needs a setting that is empty.
	ErrNotConfigured = control.ErrNotConfigured
	// ErrBusy is returned when every line is taken.
	ErrBusy = control.ErrBusy
	// ErrWrongState is returned when a command does not apply to the call's state.
	ErrWrongState = control.ErrWrongState
)

// Option configures a Phone.
type Option func(*Phone)

// WithLogger sets the logger; the default discards logs.
func WithLogger(l *slog.Logger) Option { return func(p *Phone) { p.log = l } }

// WithDrivers sets the audio drivers; the default is audio.DefaultDrivers.
func WithDrivers(d *audio.Drivers) Option { return func(p *Phone) { p.drivers = d } }

// WithCodecs sets the codec registry; the default is media.DefaultRegistry.
func WithCodecs(r *media.Registry) Option { return func(p *Phone) { p.codecs = r } }

// WithClock sets the time source of the phone's schedules (default: the system clock).
func WithClock(c Clock) Option { return func(p *Phone) { p.clock = c } }

// Phone is the softphone controller. Create it with New, then Start it.
type Phone struct {
	params  *params.Params
	log     *slog.Logger
	drivers *audio.Drivers
	codecs  *media.Registry
	bus     *bus
	seq     atomic.Uint64

	cmds   chan func()
	qmu    sync.Mutex
	queue  []func()      // posted work, run in order by the loop
	qsig   chan struct{} // signals that queue is not empty
	quit   chan struct{}
	closed atomic.Bool
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc

	statusMu sync.RWMutex
	status   control.Status

	screen screening    // who may send out-of-dialog requests, and the strangers refused (screening.go)
	dtls   dtlsIdentity // our DTLS-SRTP certificate (dtlssrtp.go)

	// Owned by the loop goroutine.
	sip            *sipStack
	reg            *registrar
	clock          Clock     // the time source of schedules (WithClock)
	calls          seedCalls // derives the seed's call notifications from line events (seednotify.go)
	regSnap        control.Registration
	lines          map[int]*call
	current        int
	engine         *media.Engine
	vadOn          bool                     // VAD notifications are being sent (vad.go)
	engineMic      bool                     // the engine has the real microphone open
	lastNumber     string                   // the last number dialled, for Redial
	ringOn         bool                     // the engine plays the ring tone
	toneKind       string                   // which tone the engine plays: "", "ringback", "waiting", "dtmf"
	store          *store.Store             // history, contacts and chat; nil when none is kept
	subs           map[string]*subscription // presence, BLF and voicemail subscriptions by kind|peer
	subsOff        map[string]string        // subscription kinds the server refused until the next registration: kind -> answer
	blf            map[string]string        // watched extension -> idle|ringing|busy
	mwi            control.MWI              // latest voicemail state
	presenceStatus string                   // our presence, published while registered
	publisher      context.CancelFunc       // stops the running PUBLISH refresher
	pubStatus      chan string              // status changes for the running publisher
	unwatch        func()
}

// New creates a phone that reads its settings from ps. It does no I/O until Start.
func New(ps *params.Params, opts ...Option) *Phone {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Phone{
		params:  ps,
		log:     slog.New(slog.DiscardHandler),
		bus:     newBus(),
		cmds:    make(chan func()),
		qsig:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
		lines:   make(map[int]*call),
		subs:    make(map[string]*subscription),
		blf:     make(map[string]string),
		current: 1,
		regSnap: control.Registration{Status: control.RegReady},
		clock:   realClock{},
	}
	for _, o := range opts {
		o(p)
	}
	if p.codecs == nil {
		p.codecs = media.DefaultRegistry()
	}
	if p.drivers == nil {
		p.drivers = audio.DefaultDrivers(p.log)
	}
	p.status = control.Status{Registration: control.RegReady, Line: 1, Lines: []control.Line{}}
	return p
}

// Start launches the controller and the SIP stack, registers when the register parameter
// asks for it, and calls callto when autocall is on.
func (p *Phone) Start() error {
	p.wg.Add(1)
	go p.loop()
	var err error
	p.run(func() {
		p.openStore()
		err = p.startSIP()
		if err != nil {
			return
		}
		p.publish(control.Event{Kind: control.KindStart, Message: "sip", Notification: "START,sip"})
		p.unwatch = p.params.Watch(p.onParamChange)
		if p.shouldRegister() {
			err = p.register()
		}
		p.startAutoCall()
	})
	return err
}

// loop is the owner goroutine: every state change runs here.
func (p *Phone) loop() {
	defer p.wg.Done()
	for {
		select {
		case f := <-p.cmds:
			f()
		case <-p.qsig:
			p.qmu.Lock()
			work := p.queue
			p.queue = nil
			p.qmu.Unlock()
			for _, f := range work {
				f()
			}
		case <-p.quit:
			return
		}
	}
}

// run executes f on the owner goroutine and waits for it. It returns false when the phone is closed.
func (p *Phone) run(f func()) bool {
	done := make(chan struct{})
	select {
	case p.cmds <- func() { f(); close(done) }:
		<-done
		return true
	case <-p.quit:
		return false
	}
}

// post queues f to run on the owner goroutine without waiting (used by SIP and media
// goroutines). Work posted from one goroutine runs in the order it was posted.
func (p *Phone) post(f func()) {
	p.qmu.Lock()
	p.queue = append(p.queue, f)
	p.qmu.Unlock()
	select {
	case p.qsig <- struct{}{}:
	default:
	}
}

// publish stamps and sends an event to every subscriber.
func (p *Phone) publish(ev control.Event) {
	p.calls.mu.Lock()
	defer p.calls.mu.Unlock()
	before, after := p.calls.derive(ev) // the seed's one-time and general call statuses
	for _, e := range append(append(before, ev), after...) {
		e.Seq = p.seq.Add(1)
		e.Time = time.Now()
		p.bus.publish(e)
	}
}

// notice publishes a user-facing message (EVENT,ERROR,... or EVENT,EVENT,...).
func (p *Phone) notice(kind control.Kind, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if kind == control.KindError {
		p.log.Warn(msg)
	} else {
		p.log.Info(msg)
	}
	p.publish(control.Event{Kind: kind, Message: msg, Notification: control.NoticeLine(kind, msg)})
}

// Subscribe returns a channel of events and a function that ends the subscription.
// A slow subscriber may miss intermediate events but always receives the latest.
func (p *Phone) Subscribe() (<-chan control.Event, func()) { return p.bus.subscribe() }

// Status returns a snapshot of the whole phone state.
func (p *Phone) Status() control.Status {
	p.statusMu.RLock()
	defer p.statusMu.RUnlock()
	st := p.status
	st.Lines = append(make([]control.Line, 0, len(p.status.Lines)), p.status.Lines...)
	for i := range st.Lines {
		if c := st.Lines[i]; !c.Connected.IsZero() && c.State != control.StateFinished {
			st.Lines[i].Duration = int(time.Since(c.Connected).Seconds())
		}
	}
	return st
}

// refreshStatus rebuilds the Status snapshot from owner state. Called on the owner goroutine.
func (p *Phone) refreshStatus() {
	st := control.Status{
		MWI:          p.mwi,
		Registered:   p.regSnap.Registered,
		Registration: p.regSnap.Status,
		Reason:       p.regSnap.Reason,
		Line:         p.current,
		Lines:        make([]control.Line, 0, len(p.lines)),
	}
	for n := 1; n <= p.maxLines(); n++ {
		if c, ok := p.lines[n]; ok {
			st.Lines = append(st.Lines, c.snapshot())
		}
	}
	p.statusMu.Lock()
	p.status = st
	p.statusMu.Unlock()
}

// Close hangs up every call, unregisters (waiting briefly for the registrar) and stops the phone.
func (p *Phone) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	var wait []<-chan struct{}
	p.run(func() {
		if p.unwatch != nil {
			p.unwatch()
		}
		for _, c := range p.lines {
			wait = append(wait, p.endCall(c, "Phone closed", 1))
		}
		p.stopSubscriptions()
		if p.publisher != nil {
			p.publisher()
			p.publisher = nil
		}
		if p.reg != nil {
			wait = append(wait, p.reg.stop(true))
			p.reg = nil
		}
	})
	deadline := time.After(5 * time.Second)
	for _, w := range wait {
		select {
		case <-w:
		case <-deadline:
		}
	}
	p.run(func() {
		p.closeEngine()
		if p.sip != nil {
			p.sip.close()
		}
		p.closeStore()
	})
	close(p.quit)
	p.cancel()
	p.wg.Wait()
	p.bus.close()
	return nil
}
