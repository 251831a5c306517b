package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// fakeSelfTester is the fake controller with a scripted self-test.
type fakeSelfTester struct {
	*fakeController
	res  control.SelfTest
	runs int
}

func (f *fakeSelfTester) SelfTest(context.Context) control.SelfTest { f.runs++; return f.res }

// labelsOf returns the texts of every label under o.
func labelsOf(o fyne.CanvasObject) []string {
	var out []string
	switch w := o.(type) {
	case *widget.Label:
		out = append(out, w.Text)
	case *fyne.Container:
		for _, c := range w.Objects {
			out = append(out, labelsOf(c)...)
		}
	}
	return out
}

// TestSelfTestCard: the Settings tab's self-test button runs the controller's self-test off
// the UI thread and shows one line per check, with the advice of a failed one, and a summary.
func TestSelfTestCard(t *testing.T) {
	a := test.NewTempApp(t)
	h := &harness{t: t, fake: newFakeController(nil), queue: &uiQueue{}, work: &uiQueue{},
		clock: &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, timers: &fakeTimers{}}
	st := &fakeSelfTester{fakeController: h.fake, res: control.SelfTest{Checks: []control.Check{
		{Name: "server", OK: true, Detail: "pbx answered 200 OK"},
		{Name: "registration", OK: false, Detail: "wrong username or password", Advice: "check username and password"},
	}}}
	h.vm = NewViewModel(st, WithDispatcher(h.queue.add), WithWorker(h.work.add), WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: "Acme"})
	t.Cleanup(h.w.Close)
	h.settle()
	card := h.w.settings.selfTest
	if card == nil {
		t.Fatal("no self-test card for a controller that has a self-test")
	}
	var pending func()
	card.start = func(f func()) { pending = f }
	test.Tap(card.button)
	if !card.button.Disabled() || pending == nil {
		t.Fatalf("while running: button disabled %v, test started %v", card.button.Disabled(), pending != nil)
	}
	pending()
	h.settle()
	got := strings.Join(labelsOf(card.results), " | ")
	for _, want := range []string{"Some checks failed", "server: pbx answered 200 OK", "registration: wrong username or password\ncheck username and password"} {
		if !strings.Contains(got, want) {
			t.Errorf("results %q lack %q", got, want)
		}
	}
	if card.button.Disabled() || st.runs != 1 {
		t.Errorf("after the run: button disabled %v, runs %d", card.button.Disabled(), st.runs)
	}

	// A controller without a self-test gets no card.
	plain := newHarness(t, nil)
	if plain.w.settings.selfTest != nil {
		t.Error("self-test card shown for a controller without one")
	}
}
