package phone

import (
	"strconv"
	"sync"

	"softphone/phone/control"
)

// The seed's call notifications that are derived from the line events: the one-time
// CallSetup, CallConnect and CallDisconnect of each call (published just before the line
// event that starts, connects or ends it, as the seed's status list orders them), and the
// general STATUS,-1 status of the calls ("Calling...", "Ringing...", "Incoming...",
// "In Call (xxx sec)", "Call Finished"), published after the line event when it changes.

// General call statuses of the seed (STATUS,-1,...).
const (
	GeneralCalling  = "Calling..."
	GeneralRinging  = "Ringing..."
	GeneralIncoming = "Incoming..."
	GeneralInCall   = "In Call"
	GeneralFinished = "Call Finished"
)

// callOnce records which one-time events a call has had.
type callOnce struct{ setup, connect, disconnect bool }

// seedCalls derives the seed's call notifications; its lock also orders publishing, so the
// derived events stay next to the line event they come from.
type seedCalls struct {
	mu      sync.Mutex
	once    map[string]*callOnce // by Call-ID
	active  map[int]control.Line // lines not finished, by line number
	general string               // the general status last published ("In Call" without seconds)
}

// derive returns the events to publish before and after ev. Callers hold s.mu.
func (s *seedCalls) derive(ev control.Event) (before, after []control.Event) {
	if ev.Kind != control.KindLine || ev.Line == nil {
		return nil, nil
	}
	if s.once == nil {
		s.once, s.active = map[string]*callOnce{}, map[int]control.Line{}
	}
	l := *ev.Line
	o := s.once[l.CallID]
	if o == nil {
		o = &callOnce{}
		s.once[l.CallID] = o
	}
	oneTime := func(what string) {
		c := l
		c.State = what
		before = append(before, control.Event{Kind: control.KindCall, Line: &c, Message: what, Notification: c.StatusLine()})
	}
	ended := l.State == control.StateFinishing || l.State == control.StateFinished
	if !o.setup && !ended {
		o.setup = true
		oneTime("CallSetup")
	}
	if connected(l) && !o.connect {
		o.connect = true
		oneTime("CallConnect")
	}
	if ended && o.setup && !o.disconnect {
		o.disconnect = true
		oneTime("CallDisconnect")
	}
	prev, had := s.active[l.Line]
	after = append(after, lineStatuses(prev, had && prev.CallID == l.CallID, l)...) // seedlinestates.go
	if l.State == control.StateFinished {
		delete(s.active, l.Line)
		delete(s.once, l.CallID)
	} else {
		s.active[l.Line] = l
	}
	status, shown := s.generalStatus(l.State == control.StateFinished)
	if status != "" && status != s.general {
		s.general = status
		after = append(after, control.Event{Kind: control.KindCall, Message: shown, Notification: "STATUS,-1," + shown})
	}
	return before, after
}

// connected reports whether a line's call is connected (talking or on hold).
func connected(l control.Line) bool {
	return l.State == control.StateInCall || l.State == control.StateHold
}

// generalStatus is the "best" status among the active lines, and its text with the seconds
// for In Call; "" when nothing changed worth a general status.
func (s *seedCalls) generalStatus(justFinished bool) (status, shown string) {
	rank, secs := 0, 0
	for _, l := range s.active {
		r, st := 0, ""
		switch {
		case connected(l):
			r, st = 4, GeneralInCall
			secs = max(secs, l.Duration)
		case l.Direction == control.DirectionIncoming && (l.State == control.StateRinging || l.State == control.StateSetup):
			r, st = 3, GeneralIncoming
		case l.State == control.StateRinging:
			r, st = 2, GeneralRinging
		case l.State == control.StateSetup || l.State == control.StateInProgress:
			r, st = 1, GeneralCalling
		}
		if r > rank {
			rank, status = r, st
		}
	}
	switch {
	case status == GeneralInCall:
		return status, GeneralInCall + " (" + strconv.Itoa(secs) + " sec)"
	case status != "":
		return status, status
	case len(s.active) == 0 && justFinished:
		return GeneralFinished, GeneralFinished
	}
	return "", ""
}
