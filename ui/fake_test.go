package ui

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// fakeController records commands and lets a test push events.
type fakeController struct {
	mu      sync.Mutex
	status  control.Status
	params  map[string]string
	setErr  map[string]error
	callErr error
	cmdErr  map[string]error // by command name: Hold, Mute, DTMF, Transfer, ...
	line    int              // the current line GetLine reports
	block   chan struct{}    // when set, Call waits until it is closed
	log     []string
	events  chan control.Event

	*fakeSocial // chat, contacts and history in memory (control.Social)
}

func newFakeController(params map[string]string) *fakeController {
	if params == nil {
		params = map[string]string{}
	}
	f := &fakeController{
		status: control.Status{Registration: control.RegReady},
		params: params,
		setErr: map[string]error{},
		cmdErr: map[string]error{},
		events: make(chan control.Event),
	}
	f.fakeSocial = &fakeSocial{record: f.record}
	return f
}

func (f *fakeController) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, fmt.Sprintf(format, args...))
}

func (f *fakeController) commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *fakeController) Status() control.Status { return f.status }

func (f *fakeController) Subscribe() (<-chan control.Event, func()) {
	return f.events, func() { f.record("Cancel") }
}

func (f *fakeController) Register() error   { f.record("Register"); return nil }
func (f *fakeController) Unregister() error { f.record("Unregister"); return nil }

func (f *fakeController) Call(number string) (int, error) {
	f.record("Call %s", number)
	if f.block != nil {
		<-f.block
	}
	if f.callErr != nil {
		return 0, f.callErr
	}
	return 1, nil
}

func (f *fakeController) Hangup(line int) error { f.record("Hangup %d", line); return nil }
func (f *fakeController) Accept(line int) error { f.record("Accept %d", line); return nil }
func (f *fakeController) Reject(line int) error { f.record("Reject %d", line); return nil }

func (f *fakeController) SetParameter(name, value string) error {
	f.record("Set %s=%s", name, value)
	if err := f.setErr[name]; err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.params[name] = value
	return nil
}

func (f *fakeController) GetParameter(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.params[name], nil
}

// Record makes the fake a control.Recorder.
func (f *fakeController) Record(line int, on bool) error {
	return f.result("Record", "%d %t", line, on)
}

// uiQueue stands in for the UI thread: dispatched work waits until the test drains it.
type uiQueue struct {
	mu    sync.Mutex
	funcs []func()
}

func (q *uiQueue) add(fn func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.funcs = append(q.funcs, fn)
}

// drain runs queued work on the calling goroutine until none is left; it returns how many ran.
func (q *uiQueue) drain() int {
	n := 0
	for {
		q.mu.Lock()
		funcs := q.funcs
		q.funcs = nil
		q.mu.Unlock()
		if len(funcs) == 0 {
			return n
		}
		for _, fn := range funcs {
			fn()
			n++
		}
	}
}

// fakeClock is a settable clock for the call timer.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fakeTimers stands in for time.AfterFunc: timers fire only when the test says so.
type fakeTimers struct {
	mu      sync.Mutex
	pending []*fakeTimer
}

// fakeTimer is one timer started through fakeTimers.
type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (ts *fakeTimers) after(d time.Duration, f func()) func() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := &fakeTimer{d: d, f: f}
	ts.pending = append(ts.pending, t)
	return func() {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		t.stopped = true
	}
}

// live returns the durations of the timers neither fired nor stopped.
func (ts *fakeTimers) live() []time.Duration {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var ds []time.Duration
	for _, t := range ts.pending {
		if !t.stopped {
			ds = append(ds, t.d)
		}
	}
	return ds
}

// fire runs every live timer (as if its time had come) and returns how many ran.
func (ts *fakeTimers) fire() int {
	ts.mu.Lock()
	pending := ts.pending
	ts.pending = nil
	ts.mu.Unlock()
	n := 0
	for _, t := range pending {
		if !t.stopped {
			t.f()
			n++
		}
	}
	return n
}

// harness is a window over a fake controller, with the UI thread under the test's control.
type harness struct {
	t      *testing.T
	fake   *fakeController
	queue  *uiQueue // the UI thread
	work   *uiQueue // the command worker
	clock  *fakeClock
	timers *fakeTimers
	raised int // RequestFocus calls
	vm     *ViewModel
	w      *Window
}

func newHarness(t *testing.T, params map[string]string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{
		t:      t,
		fake:   newFakeController(params),
		queue:  &uiQueue{},
		work:   &uiQueue{},
		clock:  &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		timers: &fakeTimers{},
	}
	h.vm = NewViewModel(h.fake, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: "Acme"})
	h.w.raise = func() { h.raised++ }
	t.Cleanup(h.w.Close)
	h.settle()
	return h
}

// push sends events to the view-model and lets the UI catch up.
func (h *harness) push(events ...control.Event) {
	h.t.Helper()
	for _, e := range events {
		h.fake.events <- e
	}
	h.settle()
}

// settle waits until every sent event is folded in and the queued commands and UI work have
// run.
func (h *harness) settle() {
	for {
		h.vm.sync()
		if h.work.drain()+h.queue.drain() == 0 {
			return
		}
	}
}

func lineEvent(l control.Line) control.Event {
	return control.Event{Kind: control.KindLine, Line: &l}
}

func regEvent(r control.Registration) control.Event {
	return control.Event{Kind: control.KindRegistration, Registration: &r}
}

func assertCommands(t *testing.T, f *fakeController, want ...string) {
	t.Helper()
	got := f.commands()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("commands = %q, want %q", got, want)
	}
}
