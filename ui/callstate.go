package ui

import (
	"softphone/phone/control"
)

// callControls is the state of the in-call controls for the call shown.
type callControls struct {
	connected  bool   // answered and not over: hold, mute, transfer and conference apply
	held       bool   // we hold the call
	remoteHold bool   // the far end holds us
	micMuted   bool   // our microphone is muted
	recording  bool   // the call is being recorded
	encrypted  bool   // the call's media is encrypted (SRTP)
	quality    string // the live quality line (callquality.go); empty before the first figures
}

// presentControls describes the in-call controls for l; all off unless l is connected.
func presentControls(l control.Line) callControls {
	if !isConnected(l) {
		return callControls{}
	}
	return callControls{
		connected:  true,
		held:       l.Hold || l.State == control.StateHold,
		remoteHold: l.RemoteHold,
		micMuted:   l.Mute && control.MuteDirection(l.MuteDirection) != control.MuteSpeaker,
		recording:  l.Recording != "",
		encrypted:  l.Encrypted,
		quality:    qualityText(l.Quality),
	}
}

// sendsDTMF reports whether the dialpad sends DTMF on the call instead of typing a number.
func (c callControls) sendsDTMF() bool { return c.connected && !c.held }
