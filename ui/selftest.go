package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// selfTestTimeout bounds one self-test run from the window.
const selfTestTimeout = 30 * time.Second

// selfTestSection is the Settings card with the pre-shift self-test: one button, then a line
// per check (a tick or a cross, what was seen, and the advice for a failure).
type selfTestSection struct {
	content fyne.CanvasObject
	button  *widget.Button
	results *fyne.Container
	vm      *ViewModel
	tester  control.SelfTester
	start   func(func()) // runs the test off the UI thread; a goroutine by default
}

// newSelfTestSection builds the card, or returns nil when the controller has no self-test.
func newSelfTestSection(vm *ViewModel) *selfTestSection {
	tester, ok := vm.ctrl.(control.SelfTester)
	if !ok {
		return nil
	}
	s := &selfTestSection{vm: vm, tester: tester, results: container.NewVBox(),
		start: func(f func()) { go f() }}
	s.button = widget.NewButtonWithIcon(lang.L("Run self-test"), theme.MediaPlayIcon(), s.run)
	s.content = container.NewVBox(s.button, s.results)
	return s
}

// run starts the self-test and shows its checks when it ends. UI thread.
func (s *selfTestSection) run() {
	s.button.Disable()
	s.results.Objects = []fyne.CanvasObject{widget.NewLabel(lang.L("Checking the server, the network and the audio devices..."))}
	s.results.Refresh()
	s.start(func() {
		ctx, cancel := context.WithTimeout(context.Background(), selfTestTimeout)
		defer cancel()
		res := s.tester.SelfTest(ctx)
		s.vm.dispatch(func() { s.show(res) })
	})
}

// show replaces the results with res. UI thread.
func (s *selfTestSection) show(res control.SelfTest) {
	objs := make([]fyne.CanvasObject, 0, len(res.Checks)+1)
	summary := lang.L("All checks passed")
	if !res.Passed() {
		summary = lang.L("Some checks failed")
	}
	objs = append(objs, widget.NewLabelWithStyle(summary, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, c := range res.Checks {
		icon := theme.ConfirmIcon()
		if !c.OK {
			icon = theme.ErrorIcon()
		}
		text := c.Name + ": " + c.Detail
		if !c.OK && c.Advice != "" {
			text += "\n" + c.Advice
		}
		line := widget.NewLabel(text)
		line.Wrapping = fyne.TextWrapWord
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(icon), nil, line))
	}
	s.results.Objects = objs
	s.results.Refresh()
	s.button.Enable()
}
