package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// callSettings is the Calls card: auto-answer, do not disturb and call forwarding.
type callSettings struct {
	content     fyne.CanvasObject
	autoAnswer  *widget.Select
	dnd         *widget.Check
	forward     *widget.Entry
	forwardSet  *widget.Button
	forwardMode *widget.Select
	onDND       func(on bool) // told of every DND change made here (the tray's tick)
}

// newCallSettings builds the card from the current parameters.
func newCallSettings(t *settingsTab) *callSettings {
	c := &callSettings{}
	c.autoAnswer = t.newChoiceSelect(paramAutoAnswer, autoAnswerChoices())
	c.dnd = widget.NewCheck(lang.L("Do not disturb (Ctrl+D)"), nil)
	c.dnd.SetChecked(parseFlag(t.vm.param(paramDND)))
	dnd := t.param(paramDND)
	c.dnd.OnChanged = func(on bool) {
		dnd.set(strconv.FormatBool(on))
		if c.onDND != nil {
			c.onDND(on)
		}
	}
	c.forward = widget.NewEntry()
	c.forward.PlaceHolder = lang.L("Number or sip:user@host; empty for none")
	c.forward.SetText(t.vm.param(paramCallForward))
	fwd := t.param(paramCallForward)
	apply := func() {
		t.live.forwardAt = c.forward.Text
		fwd.set(strings.TrimSpace(c.forward.Text))
	}
	c.forward.OnSubmitted = func(string) { apply() }
	c.forwardSet = widget.NewButton(lang.L("Set"), apply)
	c.forwardMode = t.newSelect(paramCallForwardMode, forwardModes())
	c.content = t.form(
		formItem{lang.L("Auto answer"), c.autoAnswer, paramAutoAnswer},
		formItem{"", c.dnd, paramDND},
		formItem{lang.L("Forward to"), container.NewBorder(nil, nil, nil, c.forwardSet, c.forward), paramCallForward},
		formItem{lang.L("Forward when"), c.forwardMode, paramCallForwardMode},
	)
	return c
}

// toggleDND flips do not disturb (Ctrl+D, the tray); UI thread only.
func (c *callSettings) toggleDND() { c.dnd.SetChecked(!c.dnd.Checked) }

// networkSettings is the Network card: SIP transport and local port.
type networkSettings struct {
	content   fyne.CanvasObject
	transport *widget.Select
	localPort *widget.Entry
	portSet   *widget.Button
}

// newNetworkSettings builds the card from the current parameters.
func newNetworkSettings(t *settingsTab) *networkSettings {
	n := &networkSettings{}
	n.transport = t.newSelect(paramTransport, transports())
	n.localPort = widget.NewEntry()
	n.localPort.PlaceHolder = lang.L("0 for any")
	n.localPort.SetText(t.vm.param(paramLocalPort))
	port := t.param(paramLocalPort)
	apply := func() { port.set(strings.TrimSpace(n.localPort.Text)) }
	n.localPort.OnSubmitted = func(string) { apply() }
	n.portSet = widget.NewButton(lang.L("Set"), apply)
	n.content = t.form(
		formItem{lang.L("Transport"), n.transport, paramTransport},
		formItem{lang.L("Local SIP port"), container.NewBorder(nil, nil, nil, n.portSet, n.localPort), paramLocalPort},
	)
	return n
}
