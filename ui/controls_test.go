package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// plainController hides the fake's Record: a controller that cannot record calls.
type plainController struct{ Controller }

// newPlainHarness is a window over the fake seen through plainController.
func newPlainHarness(t *testing.T) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, fake: newFakeController(configured), queue: &uiQueue{}, work: &uiQueue{},
		clock: &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, timers: &fakeTimers{}}
	h.vm = NewViewModel(plainController{h.fake}, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: "Acme"})
	t.Cleanup(h.w.Close)
	h.settle()
	return h
}

func TestRecordButton(t *testing.T) {
	recording := with(func(l *control.Line) { l.Recording = "/tmp/rec/c2.wav" })
	tests := []struct {
		name    string
		line    control.Line
		text    string // the button's label before the tap
		command string
	}{
		{"start", inCall(), "Record", "Record 2 true"},
		{"stop", recording, "Stop recording", "Record 2 false"},
		{"start on hold", with(func(l *control.Line) { l.State, l.Hold = control.StateHold, true }), "Record", "Record 2 true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(tt.line))
			c := h.w.phone.panel.controls
			if !c.record.Visible() || c.record.Text != tt.text {
				t.Fatalf("record button visible %v text %q, want shown as %q", c.record.Visible(), c.record.Text, tt.text)
			}
			if rec := tt.line.Recording != ""; c.rec.Visible() != rec {
				t.Errorf("REC mark visible %v, want %v", c.rec.Visible(), rec)
			}
			test.Tap(c.record)
			h.settle()
			assertCommands(t, h.fake, tt.command)
		})
	}
}

func TestRecordButtonFollowsTheLine(t *testing.T) {
	h := newHarness(t, configured)
	c := h.w.phone.panel.controls
	h.push(lineEvent(inCall()))
	h.push(lineEvent(with(func(l *control.Line) { l.Recording = "/tmp/c2.wav" })))
	if c.record.Text != "Stop recording" {
		t.Fatalf("while recording the button says %q, want Stop recording", c.record.Text)
	}
	h.push(lineEvent(inCall()))
	if c.record.Text != "Record" {
		t.Fatalf("after recording stopped the button says %q, want Record", c.record.Text)
	}
}

func TestRecordHiddenWithoutRecorder(t *testing.T) {
	h := newPlainHarness(t)
	h.push(lineEvent(inCall()))
	if h.w.phone.panel.controls.record.Visible() {
		t.Fatal("Record shown though the controller cannot record")
	}
	err := h.vm.ToggleRecord()
	if !errors.Is(err, ErrNoRecorder) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("ToggleRecord = %v, want ErrNoRecorder naming line 2", err)
	}
	h.settle()
	assertCommands(t, h.fake)
}

func TestRecordFailureShownInNotice(t *testing.T) {
	h := newHarness(t, configured)
	h.fake.cmdErr["Record"] = errors.New("line 2 has no audio yet")
	h.push(lineEvent(inCall()))
	test.Tap(h.w.phone.panel.controls.record)
	h.settle()
	if got, _ := h.vm.Notice.Get(); !strings.Contains(got, "Record failed: line 2 has no audio yet") {
		t.Fatalf("notice = %q", got)
	}
}

func TestLockIconWhileEncrypted(t *testing.T) {
	tests := []struct {
		name string
		line control.Line
		want bool
	}{
		{"encrypted call", with(func(l *control.Line) { l.Encrypted = true }), true},
		{"plain call", inCall(), false},
		{"encrypted call on hold", with(func(l *control.Line) { l.Encrypted, l.State = true, control.StateHold }), true},
		{"encrypted call ended", with(func(l *control.Line) { l.Encrypted, l.State = true, control.StateFinished }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(tt.line))
			if got := h.w.phone.panel.lock.Visible(); got != tt.want {
				t.Fatalf("lock visible = %v, want %v", got, tt.want)
			}
			if got, _ := h.vm.CallEncrypted.Get(); got != tt.want {
				t.Fatalf("CallEncrypted = %v, want %v", got, tt.want)
			}
		})
	}
}
