package ui

import (
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/data/binding"
)

// ViewModel turns the phone's events into fyne data bindings that widgets bind to. A goroutine
// folds each event into the latest per-line snapshot and schedules one refresh on the UI thread;
// the refresh always shows the newest state, so bursts coalesce without showing stale data.
type ViewModel struct {
	// RegText is the header's registration text (with the reason when registering failed).
	RegText binding.String
	// RegKind is the header dot's RegKind as an int.
	RegKind binding.Int
	// Notice is the line under the number entry: call errors and the phone's notices.
	Notice binding.String
	// CallVisible is true while the call panel has a call (in progress or just ended) to show.
	CallVisible binding.Bool
	// CallName is the peer's display name (its number when it has none).
	CallName binding.String
	// CallNumber is the peer's number when a display name is shown, else empty.
	CallNumber binding.String
	// CallState is the call state text: Calling..., Ringing..., In call, Call ended: <reason>.
	CallState binding.String
	// CallTimer is mm:ss since the call connected; it ticks each second while connected.
	CallTimer binding.String
	// CanHangup is true while the current call can be hung up.
	CanHangup binding.Bool
	// IncomingVisible is true while an incoming call waits for Answer or Reject.
	IncomingVisible binding.Bool
	// IncomingText is "Incoming call from <name> <number>".
	IncomingText binding.String

	ctrl     Controller
	log      *slog.Logger
	dispatch func(func())
	work     func(func())
	now      func() time.Time
	after    AfterFunc
	tick     time.Duration

	mu             sync.Mutex
	state          phoneState
	scheduled      bool
	loadedPassword string // what GetParameter returned for the password: "********" or ""

	// UI thread only:
	shown      viewState
	onCall     func(incoming bool) // a call appeared: the window selects the Phone tab
	endedTimer func()              // stops the timer that dismisses the ended call shown

	startOnce, stopOnce sync.Once
	stop                chan struct{}
	done                chan struct{}
	syncReq             chan chan struct{}
}

// Option configures a ViewModel.
type Option func(*ViewModel)

// WithLogger sets the logger for diagnostics.
func WithLogger(l *slog.Logger) Option {
	return func(v *ViewModel) {
		if l != nil {
			v.log = l
		}
	}
}

// WithDispatcher sets how work is run on the UI thread; fyne.Do by default.
func WithDispatcher(run func(func())) Option {
	return func(v *ViewModel) {
		if run != nil {
			v.dispatch = run
		}
	}
}

// WithClock sets the clock the call timer reads; time.Now by default.
func WithClock(now func() time.Time) Option {
	return func(v *ViewModel) {
		if now != nil {
			v.now = now
		}
	}
}

// WithWorker sets how controller commands run off the UI thread; by default they run one at a
// time, in order, on a goroutine of their own.
func WithWorker(run func(func())) Option {
	return func(v *ViewModel) {
		if run != nil {
			v.work = run
		}
	}
}

// AfterFunc runs f once after d on a goroutine of its own; the returned func cancels it.
type AfterFunc func(d time.Duration, f func()) (stop func())

// WithAfterFunc sets the timer that dismisses an ended call; time.AfterFunc by default.
func WithAfterFunc(after AfterFunc) Option {
	return func(v *ViewModel) {
		if after != nil {
			v.after = after
		}
	}
}

// realAfter is AfterFunc on time.AfterFunc.
func realAfter(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, f)
	return func() { t.Stop() }
}

// NewViewModel builds a view-model over c, starting from c.Status(). Call Start to follow
// events and Stop to end. The bindings hold the initial state once the first refresh has run
// on the UI thread.
func NewViewModel(c Controller, opts ...Option) *ViewModel {
	v := &ViewModel{
		RegText: binding.NewString(), RegKind: binding.NewInt(), Notice: binding.NewString(),
		CallVisible: binding.NewBool(), CallName: binding.NewString(), CallNumber: binding.NewString(),
		CallState: binding.NewString(), CallTimer: binding.NewString(), CanHangup: binding.NewBool(),
		IncomingVisible: binding.NewBool(), IncomingText: binding.NewString(),
		ctrl: c, log: slog.Default(), dispatch: fyne.Do, work: (&serial{}).run, now: time.Now,
		after: realAfter, tick: time.Second,
		stop: make(chan struct{}), done: make(chan struct{}), syncReq: make(chan chan struct{}),
	}
	for _, o := range opts {
		o(v)
	}
	server, err := c.GetParameter(paramServer)
	if err != nil {
		v.log.Debug("read serveraddress", "err", err)
	}
	v.state = newPhoneState(c.Status(), server != "")
	return v
}

// Start subscribes to the controller's events and schedules the first refresh.
func (v *ViewModel) Start() {
	v.startOnce.Do(func() {
		events, cancel := v.ctrl.Subscribe()
		v.schedule()
		go v.run(events, cancel)
	})
}

// Stop ends the subscription and waits for the event goroutine to finish. It is safe to call
// more than once, and before Start.
func (v *ViewModel) Stop() {
	v.stopOnce.Do(func() {
		close(v.stop)
		started := true
		v.startOnce.Do(func() { started = false })
		if started {
			<-v.done
		}
	})
}

// applyScheduled is the refresh queued by schedule; it runs on the UI thread.
func (v *ViewModel) applyScheduled() {
	v.mu.Lock()
	v.scheduled = false
	v.mu.Unlock()
	v.refresh()
}

// refresh renders the latest state into the bindings; UI thread only.
func (v *ViewModel) refresh() {
	v.mu.Lock()
	vs := v.state.view(v.now())
	v.mu.Unlock()
	prev := v.shown
	v.shown = vs
	set := func(err error) {
		if err != nil {
			v.log.Warn("set binding", "err", err)
		}
	}
	set(v.RegText.Set(vs.reg.text))
	set(v.RegKind.Set(int(vs.reg.kind)))
	set(v.Notice.Set(vs.notice))
	set(v.CallName.Set(vs.call.name))
	set(v.CallNumber.Set(vs.call.number))
	set(v.CallState.Set(vs.call.state))
	set(v.CallTimer.Set(vs.call.timer))
	set(v.CanHangup.Set(vs.call.canHangup))
	set(v.CallVisible.Set(vs.call.visible))
	set(v.IncomingText.Set(vs.incoming.text))
	set(v.IncomingVisible.Set(vs.incoming.visible))
	v.noticeChanges(prev, vs)
}
