package phone

import (
	"fmt"
	"slices"
	"time"

	"softphone/phone/control"
)

// The call's line states and the one table of the transitions between them. c.to changes
// the state and says what follows from it (effects); the owner (setState) applies the
// effects and publishes the line once. A new state is added here: to transitions, and to
// the effects it has.

// transitions lists, for each state, the states a call may go to from it ("" is a call
// not yet on a line: outgoing calls start in Setup, incoming ones Ringing). Finishing may
// still go InCall: the 2xx (or the ACK of ours) arrived after the user hung up, so the call
// connects and is then ended with BYE. Setup goes straight to Finished when the user hangs
// up before any provisional answer (endCall; the INVITE is cleaned up behind the line, see
// call_abandon.go). Nothing leaves Finished.
var transitions = map[string][]string{
	"":                     {control.StateSetup, control.StateRinging},
	control.StateSetup:     {control.StateRinging, control.StateInCall, control.StateFinishing, control.StateFinished},
	control.StateRinging:   {control.StateInCall, control.StateFinishing, control.StateFinished},
	control.StateInCall:    {control.StateHold, control.StateFinishing, control.StateFinished},
	control.StateHold:      {control.StateInCall, control.StateFinishing, control.StateFinished},
	control.StateFinishing: {control.StateInCall, control.StateFinished},
	control.StateFinished:  nil,
}

// effectKind is one consequence of a state change.
type effectKind int

// What a state change asks of the owner, in the order it applies them.
const (
	effHistory       effectKind = iota + 1 // write the call's history row (once, historyStart)
	effSyncAudio                           // attach or detach the call's audio (syncAudio)
	effPublish                             // refresh the status and publish the line's snapshot
	effReferProgress                       // tell the REFER that placed this call how it goes
	effEndReplaced                         // end the call this one replaces (INVITE with Replaces)
)

// effect is one consequence of a state change; call is the other call it concerns
// (effEndReplaced).
type effect struct {
	kind effectKind
	call *call
}

// ending reports whether the call is finished or being finished.
func (c *call) ending() bool {
	return c.state == control.StateFinishing || c.state == control.StateFinished
}

// to moves the call to state s if the table allows it and returns what follows: the
// history row, audio, one publication, REFER progress and, once connected, ending a call it
// replaces. Changing to the state it is in does nothing. Only the call's own fields change
// (state, connect time, the conference it asked to join, the call it replaces); no events.
// Owner goroutine.
func (c *call) to(s string) ([]effect, error) {
	if c.state == s {
		return nil, nil
	}
	if !slices.Contains(transitions[c.state], s) {
		from := c.state
		if from == "" {
			from = "new"
		}
		return nil, fmt.Errorf("%w: line %d cannot go from %s to %s", ErrWrongState, c.line, from, s)
	}
	c.state = s
	effs := []effect{{kind: effHistory}}
	if s == control.StateInCall {
		if c.connected.IsZero() {
			c.connected = time.Now()
		}
		if c.joinConf {
			c.joinConf, c.conference = false, true
		}
	}
	effs = append(effs, effect{kind: effSyncAudio}, effect{kind: effPublish}, effect{kind: effReferProgress})
	if s == control.StateInCall && c.replaces != nil {
		effs = append(effs, effect{kind: effEndReplaced, call: c.replaces})
		c.replaces = nil
	}
	return effs, nil
}

// setState moves a call to state through the transition table and applies what follows;
// a transition the table refuses is logged and changes nothing. Owner goroutine.
func (p *Phone) setState(c *call, state string) {
	effs, err := c.to(state)
	if err != nil {
		p.log.Warn("call state change refused", "error", err)
		return
	}
	for _, e := range effs {
		switch e.kind {
		case effHistory:
			p.historyStart(c)
		case effSyncAudio:
			p.syncAudio()
		case effPublish:
			p.refreshStatus()
			p.publishSnapshot(c, c.snapshot())
		case effReferProgress:
			p.referProgress(c)
		case effEndReplaced:
			p.endCall(e.call, "replaced by a transferred call", 3)
		}
	}
}
