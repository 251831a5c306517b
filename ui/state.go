package ui

import (
	"time"

	"softphone/phone/control"
)

// lineEntry is the latest snapshot of one line and when (in event order) it last changed.
type lineEntry struct {
	line  control.Line
	order uint64
}

// phoneState is the latest snapshot of everything the window shows, folded from events.
// It is not safe for concurrent use; ViewModel guards it with its mutex.
type phoneState struct {
	reg        control.Registration
	configured bool
	lines      map[int]lineEntry
	order      uint64
	notice     string
	dismissed  map[int]string // line -> call id of an ended call the user no longer sees
	selected   int            // the phone's current line as far as the window knows
	picked     bool           // the user chose selected while it was free, to dial a new call
	maxLines   int            // how many lines the phone has (the lines parameter)
	dtmf       string         // digits received from the far end, shown briefly
	dtmfSeq    uint64         // counts received digits, so a clear timer knows it is stale
	mwi        control.MWI    // voicemail waiting, from the phone's message-summary
	credit     string         // a user's balance, the latest CREDIT answer (credit.go)
}

// viewState is everything the widgets show at one moment.
type viewState struct {
	reg      regView
	call     callView
	incoming incomingView
	notice   string
	lines    linesView
	dtmf     string
	dtmfSeq  uint64
	mwi      string // voicemail indicator text; empty hides it
	credit   string // balance label text; empty hides it
}

// newPhoneState starts from the phone's status.
func newPhoneState(st control.Status, configured bool) phoneState {
	s := phoneState{
		configured: configured,
		lines:      make(map[int]lineEntry, len(st.Lines)),
		dismissed:  map[int]string{},
		selected:   st.Line,
		maxLines:   defaultLines,
	}
	s.resync(st)
	return s
}

// resync folds a fresh status into the state: the registration, every line in use, and
// the end of calls that are no longer in use (ended calls already shown stay until
// dismissed).
func (s *phoneState) resync(st control.Status) {
	s.reg = control.Registration{Registered: st.Registered, Status: st.Registration, Reason: st.Reason}
	s.mwi = st.MWI
	inUse := make(map[int]bool, len(st.Lines))
	for _, l := range st.Lines {
		inUse[l.Line] = true
		s.putLine(l)
	}
	for n, e := range s.lines {
		if !inUse[n] && e.line.State != control.StateFinished {
			delete(s.lines, n)
		}
	}
}

// apply folds one event into the state.
func (s *phoneState) apply(e control.Event) {
	switch e.Kind {
	case control.KindRegistration:
		if e.Registration != nil {
			s.reg = *e.Registration
		}
	case control.KindLine, control.KindQuality:
		if e.Line != nil {
			s.putLine(*e.Line)
		}
	case control.KindDTMF:
		s.addDTMF(e.Message)
	case control.KindMWI:
		if e.MWI != nil {
			s.mwi = *e.MWI
		}
	case control.KindCredit:
		s.credit = e.Message
	case control.KindError, control.KindInfo, control.KindWarning, control.KindPopup,
		control.KindDevice: // a device lost, back or chosen
		if e.Message != "" {
			s.notice = e.Message
		}
	}
}

// putLine records the latest snapshot of a line; an idle line is forgotten, and so is a
// repeated snapshot of an ended call that was dismissed.
func (s *phoneState) putLine(l control.Line) {
	if l.State == control.StateFinished && l.CallID != "" && s.dismissed[l.Line] == l.CallID {
		return
	}
	delete(s.dismissed, l.Line)
	if l.State == control.StateIdle || l.State == "" {
		delete(s.lines, l.Line)
		return
	}
	if l.Line == s.selected {
		s.picked = false
	}
	s.order++
	s.lines[l.Line] = lineEntry{line: l, order: s.order}
}

// dismiss forgets the ended call with callID on line, so the call panel stops showing it. It
// reports whether there was such a call; calls in progress are never dismissed.
func (s *phoneState) dismiss(line int, callID string) bool {
	e, ok := s.lines[line]
	if !ok || e.line.State != control.StateFinished || e.line.CallID != callID {
		return false
	}
	delete(s.lines, line)
	s.dismissed[line] = callID
	return true
}

// current picks the line the call panel shows: calls in progress before ended ones, the
// selected line before the others, then the latest changed. Unanswered incoming calls are never
// current, and nothing is while the user has picked a free line to dial from.
func (s *phoneState) current() (control.Line, bool) {
	if _, ok := s.lines[s.selected]; s.picked && !ok {
		return control.Line{}, false
	}
	var best lineEntry
	bestScore := -1
	for _, e := range s.lines {
		if isIncomingRinging(e.line) {
			continue
		}
		score := 0
		if isActive(e.line) {
			score += 2
		}
		if e.line.Line == s.selected {
			score++
		}
		if score > bestScore || (score == bestScore && e.order > best.order) {
			best, bestScore = e, score
		}
	}
	return best.line, bestScore >= 0
}

// incoming picks the unanswered incoming call to offer: the one that arrived first.
func (s *phoneState) incoming() (control.Line, bool) {
	var best lineEntry
	found := false
	for _, e := range s.lines {
		if isIncomingRinging(e.line) && (!found || e.order < best.order) {
			best, found = e, true
		}
	}
	return best.line, found
}

// connected reports whether any call is answered, so the timer must tick.
func (s *phoneState) connected() bool {
	for _, e := range s.lines {
		if isConnected(e.line) {
			return true
		}
	}
	return false
}

// view renders the state at time now.
func (s *phoneState) view(now time.Time) viewState {
	cur, ok := s.current()
	in, inOK := s.incoming()
	call := presentCall(cur, ok, now)
	return viewState{
		reg:      presentRegistration(s.reg, s.configured),
		call:     call,
		incoming: presentIncoming(in, inOK),
		notice:   s.notice,
		lines:    s.presentLines(call),
		dtmf:     presentDTMF(s.dtmf),
		dtmfSeq:  s.dtmfSeq,
		mwi:      presentMWI(s.mwi),
		credit:   presentCredit(s.credit),
	}
}
