package phone

import "softphone/phone/control"

// The seed's per-line statuses that our line states do not name: Muted (a connected call
// muted) and Midcall (a connected call joined to a conference, which the seed says to treat
// like Speaking). They are published after the line event that mutes or joins the call, as
// KindCall events (Line holds the call, State the seed's status). A connected call is InCall,
// the seed's other name for Speaking, so Speaking itself is not published.
const (
	SeedMuted   = "Muted"
	SeedMidcall = "Midcall"
)

// lineStatuses returns the Muted and Midcall events l starts, given the line's previous
// snapshot of the same call (same false for a new call).
func lineStatuses(prev control.Line, same bool, l control.Line) []control.Event {
	if !connected(l) {
		return nil
	}
	var out []control.Event
	add := func(status string) {
		c := l
		c.State = status
		out = append(out, control.Event{Kind: control.KindCall, Line: &c, Message: status, Notification: c.StatusLine()})
	}
	if l.Mute && !(same && prev.Mute && connected(prev)) {
		add(SeedMuted)
	}
	if l.Conference && !(same && prev.Conference && connected(prev)) {
		add(SeedMidcall)
	}
	return out
}
