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
	// CallConnected is true while the call shown is answered: hold, mute, transfer and
	// conference apply to it.
	CallConnected binding.Bool
	// CallHeld is true while we hold the call shown.
	CallHeld binding.Bool
	// CallMuted is true while the microphone is muted on the call shown.
	CallMuted binding.Bool
	// RemoteHold is true while the far end holds the call shown.
	RemoteHold binding.Bool
	// Recording is true while the call shown is being recorded.
	Recording binding.Bool
	// CallEncrypted is true while the media of the call shown is encrypted (SRTP).
	CallEncrypted binding.Bool
	// CallQuality is the live quality of the call shown ("MOS 4.3 · loss 0.1 % · jitter 3 ms");
	// empty before the first figures and once it is not connected.
	CallQuality binding.String
	// CanMerge is true while two or more lines are connected, so they can be merged.
	CanMerge binding.Bool
	// DTMFText shows the digits received from the far end for a few seconds; empty otherwise.
	DTMFText binding.String
	// MWIText is the voicemail indicator ("Voicemail: 2 new, 8 old"); empty while nothing waits.
	MWIText binding.String
	// CreditText is a user's balance from the creditrequest HTTP request ("Credit: 12.50 EUR");
	// empty while none is known.
	CreditText binding.String
	// TransferType is the transfertype parameter when the window opened: blind or attended.
	TransferType string

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
	onLines    func([]lineButton)  // the line row changed
	observe    eventObserver       // sees every event first (notifications); event goroutine
	onSocial   socialSink          // chat, presence, BLF and CDR events; event goroutine
	onParam    func(name string)   // a parameter changed in the phone; UI thread
	endedTimer func()              // stops the timer that dismisses the ended call shown
	dtmfTimer  func()              // stops the timer that clears the received digits

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
		CallConnected: binding.NewBool(), CallHeld: binding.NewBool(), CallMuted: binding.NewBool(),
		RemoteHold: binding.NewBool(), Recording: binding.NewBool(), CanMerge: binding.NewBool(),
		DTMFText: binding.NewString(), MWIText: binding.NewString(), CallEncrypted: binding.NewBool(),
		CallQuality: binding.NewString(), CreditText: binding.NewString(),
		ctrl: c, log: slog.Default(), dispatch: fyne.Do, work: (&serial{}).run, now: time.Now,
		after: realAfter, tick: time.Second,
		stop: make(chan struct{}), done: make(chan struct{}), syncReq: make(chan chan struct{}),
	}
	for _, o := range opts {
		o(v)
	}
	v.state = newPhoneState(c.Status(), v.param(paramServer) != "")
	v.state.maxLines = parseLines(v.param(paramLines))
	v.TransferType = v.param(paramTransferType)
	if v.TransferType == "" {
		v.TransferType = TransferBlind
	}
	return v
}

// Start subscribes to the controller's events and schedules the first refresh.
func (v *ViewModel) Start() {
	v.startOnce.Do(func() {
		events, cancel := v.ctrl.Subscribe()
		// What changed between NewViewModel's snapshot and the subscription (the first
		// registration, often) reached no subscriber: take the status again.
		st := v.ctrl.Status()
		v.mu.Lock()
		v.state.resync(st)
		v.mu.Unlock()
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

// param reads parameter name from the controller; "" when it cannot be read.
func (v *ViewModel) param(name string) string {
	value, err := v.ctrl.GetParameter(name)
	if err != nil {
		v.log.Debug("read parameter", "name", name, "err", err)
	}
	return value
}
