package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// chatPreviewRunes is how much of a chat message a notification shows.
const chatPreviewRunes = 120

// eventObserver sees every event the view-model receives, on the event goroutine.
type eventObserver func(control.Event)

// notifier sends OS notifications for an incoming call, a missed call and a new chat message
// while the window is not focused (or hidden): the user is looking elsewhere; the
// displaynotification parameter can turn them off (0) or send them while focused too (2).
// Each incoming call is announced once. UI thread only, except observer's filter.
type notifier struct {
	send    func(*fyne.Notification)
	mode    func() string // the displaynotification parameter: 0 never, 1 while unfocused, 2 always; nil is 1
	focused bool
	rung    map[string]bool // call ids of ringing calls already announced
}

// newNotifier sends through send (the app's SendNotification). The window counts as not
// focused until the driver says otherwise, so nothing is lost when focus is never reported.
func newNotifier(send func(*fyne.Notification)) *notifier {
	return &notifier{send: send, rung: map[string]bool{}}
}

// setFocused records whether the window has the keyboard focus; UI thread only.
func (n *notifier) setFocused(focused bool) { n.focused = focused }

// observer returns the view-model's event hook: events that may be announced are handed to
// the UI thread through dispatch; the rest cost nothing.
func (n *notifier) observer(dispatch func(func())) eventObserver {
	return func(e control.Event) {
		if mayNotify(e) {
			dispatch(func() { n.event(e) })
		}
	}
}

// event sends e's notification when the window is not focused; UI thread only.
func (n *notifier) event(e control.Event) {
	if e.Kind == control.KindLine && e.Line != nil && !isIncomingRinging(*e.Line) {
		delete(n.rung, e.Line.CallID)
		return
	}
	note, ok := notificationFor(e)
	mode := "1"
	if n.mode != nil {
		mode = n.mode()
	}
	if !ok || mode == "0" || n.focused && mode != "2" {
		return
	}
	if e.Kind == control.KindLine {
		if n.rung[e.Line.CallID] {
			return
		}
		n.rung[e.Line.CallID] = true
	}
	n.send(note)
}

// mayNotify reports whether e is of a kind notifications care about.
func mayNotify(e control.Event) bool {
	switch e.Kind {
	case control.KindLine:
		return e.Line != nil
	case control.KindCDR:
		return e.CDR != nil
	case control.KindChat:
		return e.Chat != nil
	}
	return false
}

// notificationFor builds the notification e deserves, if any: an incoming call ringing, an
// incoming call that ended unanswered and not declined here, or a chat message received.
func notificationFor(e control.Event) (*fyne.Notification, bool) {
	switch {
	case e.Kind == control.KindLine && e.Line != nil && isIncomingRinging(*e.Line):
		return fyne.NewNotification(lang.L("Incoming call"), caller(e.Line.PeerDisplayName, e.Line.Peer)), true
	case e.Kind == control.KindCDR && e.CDR != nil && isMissed(*e.CDR):
		return fyne.NewNotification(lang.L("Missed call"), caller("", e.CDR.Peer)), true
	case e.Kind == control.KindChat && e.Chat != nil && e.Chat.Incoming:
		return fyne.NewNotification(lang.L("Message from {{.Peer}}", map[string]any{"Peer": e.Chat.Peer}), preview(e.Chat.Text)), true
	}
	return nil, false
}

// isMissed reports whether c is an incoming call never answered that we did not end
// ourselves (the far end gave up, or it timed out).
func isMissed(c control.CDR) bool {
	return c.Direction == control.DirectionIncoming && c.DurationMS == 0 && c.DisParty != 1
}

// caller is "Name (number)", or just the number when there is no name.
func caller(name, number string) string {
	switch {
	case name == "" || name == number:
		return number
	case number == "":
		return name
	}
	return name + " (" + number + ")"
}

// preview shortens text to chatPreviewRunes runes.
func preview(text string) string {
	r := []rune(text)
	if len(r) <= chatPreviewRunes {
		return text
	}
	return string(r[:chatPreviewRunes-1]) + "…"
}
