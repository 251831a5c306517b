package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// RegKind classifies the registration state for the header's coloured dot.
type RegKind int

// Registration kinds shown by the header dot.
const (
	// RegIdle is grey: ready, unregistered or not configured.
	RegIdle RegKind = iota
	// RegBusy is amber: registering.
	RegBusy
	// RegOK is green: registered.
	RegOK
	// RegFailed is red: the registrar refused or did not answer.
	RegFailed
)

// regView is what the header shows.
type regView struct {
	text string
	kind RegKind
}

// presentRegistration turns a registration snapshot into header text and dot kind.
func presentRegistration(r control.Registration, configured bool) regView {
	switch {
	case r.Status == control.RegRegistered || (r.Registered && r.Status == ""):
		return regView{text: lang.L("Registered"), kind: RegOK}
	case r.Status == control.RegRegistering:
		return regView{text: lang.L("Registering..."), kind: RegBusy}
	case r.Status == control.RegFailed:
		text := lang.L("Register Failed")
		if r.Reason != "" {
			text += ": " + r.Reason
		}
		return regView{text: text, kind: RegFailed}
	case !configured && (r.Status == "" || r.Status == control.RegReady):
		return regView{text: lang.L("Not configured"), kind: RegIdle}
	case r.Status == "":
		return regView{text: lang.L("Ready"), kind: RegIdle}
	default:
		return regView{text: lang.L(r.Status), kind: RegIdle}
	}
}

// callView is what the call panel shows for the current line.
type callView struct {
	visible   bool
	line      int
	callID    string
	ended     bool
	name      string
	number    string
	state     string
	timer     string
	canHangup bool
	controls  callControls
}

// incomingView is what the incoming-call panel shows.
type incomingView struct {
	visible bool
	line    int
	callID  string
	text    string
}

// isIncomingRinging reports whether l is an unanswered incoming call.
func isIncomingRinging(l control.Line) bool {
	return l.Direction == control.DirectionIncoming && (l.State == control.StateRinging || l.State == control.StateSetup)
}

// isConnected reports whether l has an answered call whose timer should tick.
func isConnected(l control.Line) bool {
	return l.State == control.StateInCall || l.State == control.StateHold
}

// isActive reports whether l has a call that is not over (and not an unanswered incoming one).
func isActive(l control.Line) bool {
	switch l.State {
	case control.StateSetup, control.StateInProgress, control.StateRinging, control.StateInCall,
		control.StateHold, control.StateFinishing:
		return !isIncomingRinging(l)
	}
	return false
}

// presentCall describes line l (ok false: no call) at time now.
func presentCall(l control.Line, ok bool, now time.Time) callView {
	if !ok {
		return callView{}
	}
	name, number := peerNames(l)
	v := callView{visible: true, line: l.Line, callID: l.CallID, name: name, number: number,
		canHangup: isActive(l), ended: l.State == control.StateFinished}
	v.state = stateText(l)
	v.controls = presentControls(l)
	switch {
	case isConnected(l) && !l.Connected.IsZero():
		v.timer = formatDuration(now.Sub(l.Connected))
	case isConnected(l) || l.Duration > 0:
		v.timer = formatDuration(time.Duration(l.Duration) * time.Second)
	}
	return v
}

// codecSep separates the call state from the codec, as in "In call · PCMU".
const codecSep = " · "

// stateText is the call panel's state text for l, followed by the codec when it is known and
// the call is not ending.
func stateText(l control.Line) string {
	var text string
	switch l.State {
	case control.StateSetup, control.StateInProgress:
		text = lang.L("Calling...")
	case control.StateRinging:
		text = lang.L("Ringing...")
	case control.StateInCall:
		text = lang.L("In call")
	case control.StateHold:
		text = lang.L("On hold")
	case control.StateFinishing:
		return lang.L("Ending...")
	case control.StateFinished:
		if l.Reason != "" {
			return lang.L("Call ended") + ": " + l.Reason
		}
		return lang.L("Call ended")
	default:
		text = l.State
	}
	if l.Codec != "" {
		text += codecSep + l.Codec
	}
	return text
}

// presentIncoming describes the incoming call on l (ok false: none).
func presentIncoming(l control.Line, ok bool) incomingView {
	if !ok {
		return incomingView{}
	}
	name, number := peerNames(l)
	text := lang.L("Incoming call from {{.Name}}", map[string]any{"Name": name})
	if number != "" {
		text += " " + number
	}
	return incomingView{visible: true, line: l.Line, callID: l.CallID, text: text}
}

// peerNames returns the display name (the number when there is none) and the number when it adds
// something to the name.
func peerNames(l control.Line) (name, number string) {
	if l.PeerDisplayName == "" || l.PeerDisplayName == l.Peer {
		return l.Peer, ""
	}
	return l.PeerDisplayName, l.Peer
}

// formatDuration renders d as mm:ss (minutes keep counting past 59).
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
