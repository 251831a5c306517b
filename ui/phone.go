package ui

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// phoneTab is the Phone tab: incoming banner, call panel, number entry, notice, dialpad and
// Call button.
type phoneTab struct {
	content  fyne.CanvasObject
	vm       *ViewModel
	log      *slog.Logger
	focus    func(fyne.Focusable)
	entry    *numberEntry
	erase    *widget.Button
	notice   *widget.Label
	pad      *dialpad
	call     *widget.Button
	redial   *widget.Button
	lines    *lineBar
	panel    *callPanel
	incoming *incomingPanel
	suggest  *suggestView
	picking  bool // a suggestion is being put in the entry: no lookup for it
	relayout func()
}

// newPhoneTab builds the tab; focus moves keyboard focus (the window canvas's Focus).
func newPhoneTab(vm *ViewModel, log *slog.Logger, focus func(fyne.Focusable)) *phoneTab {
	t := &phoneTab{vm: vm, log: log, focus: focus}
	t.entry = newNumberEntry(t.submit, t.cancel)
	t.entry.intercept = t.dtmfRune
	t.entry.onShortcut = t.shortcut
	t.entry.OnChanged = func(text string) {
		t.vm.DismissEnded()
		t.numberChanged()
		if !t.picking {
			t.suggest.update(text)
		}
	}
	t.erase = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), t.backspace)
	t.erase.Importance = widget.LowImportance
	t.notice = widget.NewLabelWithData(vm.Notice)
	t.notice.Importance = widget.DangerImportance
	t.notice.Wrapping = fyne.TextWrapWord
	t.pad = newDialpad(t.press)
	t.call = widget.NewButtonWithIcon(lang.L("Call"), theme.MediaPlayIcon(), func() { t.dial(t.entry.Text) })
	t.call.Importance = widget.SuccessImportance
	t.redial = widget.NewButtonWithIcon(lang.L("Redial"), theme.MediaReplayIcon(), t.doRedial)
	changed := func() {
		if t.relayout != nil {
			t.relayout()
		}
	}
	t.lines = newLineBar(t.selectLine, changed)
	vm.onLines = t.lines.show
	t.panel = newCallPanel(vm, t.hangup, t.callActions(), changed)
	t.incoming = newIncomingPanel(vm, t.answer, t.reject, changed)
	t.suggest = newSuggestView(vm, func() string { return t.entry.Text }, t.pickSuggestion, changed)
	t.suggest.focus, t.suggest.backTo = focus, t.entry
	t.entry.onDown = t.suggest.focusFirst
	t.hideSuggestionsInCall()
	t.numberChanged()

	body := container.NewVBox(
		t.incoming.content,
		t.lines.content,
		t.panel.content,
		container.NewBorder(nil, nil, nil, t.erase, t.entry),
		t.suggest.content,
		t.notice,
		t.pad.content,
		container.NewBorder(nil, nil, nil, t.redial, t.call),
	)
	scroll := container.NewVScroll(body)
	t.content = scroll
	t.relayout = relayout(nil, body, scroll)
	bindVisibleText(t.notice, vm.Notice, t.relayout)
	return t
}

// numberChanged enables Call and the erase button only when there is a number, and offers
// Redial when there is none.
func (t *phoneTab) numberChanged() {
	if t.entry.Text == "" {
		t.call.Disable()
		t.erase.Hide()
		t.redial.Show()
		return
	}
	t.call.Enable()
	t.erase.Show()
	t.redial.Hide()
}

// press sends a dialpad key as DTMF during a call; otherwise it types the key into the number
// and keeps keyboard focus on the entry.
func (t *phoneTab) press(r rune) {
	if t.dtmfRune(r) {
		return
	}
	t.entry.Append(string(r))
	if t.focus != nil {
		t.focus(t.entry)
	}
}

// backspace deletes the last character of the number.
func (t *phoneTab) backspace() {
	if r := []rune(t.entry.Text); len(r) > 0 {
		t.entry.SetText(string(r[:len(r)-1]))
	}
}

// dial calls the number; the view-model refuses, in the notice line, a number with a
// character no call can use, and shows a failure there.
func (t *phoneTab) dial(number string) { t.logErr("call", t.vm.Dial(number)) }

// submit is Enter: answer a waiting call or dial.
func (t *phoneTab) submit(number string) {
	if t.vm.shown.incoming.visible {
		t.logErr("submit", t.vm.Submit(number))
		return
	}
	t.dial(number)
}

// cancel is Escape: reject a waiting call or hang up.
func (t *phoneTab) cancel() { t.logErr("cancel", t.vm.Cancel()) }

// answer, reject and hangup are the panel buttons.
func (t *phoneTab) answer() { t.logErr("answer", t.vm.Answer()) }
func (t *phoneTab) reject() { t.logErr("reject", t.vm.Reject()) }
func (t *phoneTab) hangup() { t.logErr("hangup", t.vm.Hangup()) }

// logErr records a command that had nothing to act on; controller failures are logged and
// shown in the notice line by the view-model.
func (t *phoneTab) logErr(what string, err error) {
	if err != nil {
		t.log.Info("command failed", "command", what, "err", err)
	}
}
