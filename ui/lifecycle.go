package ui

import "time"

// endedLinger is how long a finished call stays in the call panel.
const endedLinger = 5 * time.Second

// noticeChanges reacts to what a refresh changed: a call that appeared brings the Phone tab
// forward, and an ended call starts the timer that takes it off the panel. UI thread only.
func (v *ViewModel) noticeChanges(prev, cur viewState) {
	if v.onCall != nil {
		in := cur.incoming
		if in.visible && (!prev.incoming.visible || in.line != prev.incoming.line || in.callID != prev.incoming.callID) {
			v.onCall(true)
		}
		c := cur.call
		if c.canHangup && (!prev.call.canHangup || c.line != prev.call.line || c.callID != prev.call.callID) {
			v.onCall(false)
		}
	}
	sameEnded := prev.call.ended && cur.call.ended &&
		prev.call.line == cur.call.line && prev.call.callID == cur.call.callID
	if sameEnded && v.endedTimer != nil {
		return
	}
	if v.endedTimer != nil {
		v.endedTimer()
		v.endedTimer = nil
	}
	if cur.call.ended {
		line, id := cur.call.line, cur.call.callID
		v.endedTimer = v.after(endedLinger, func() {
			v.dispatch(func() { v.dismiss(line, id) })
		})
	}
}

// DismissEnded takes a finished call off the call panel (the user started a new number).
// UI thread only.
func (v *ViewModel) DismissEnded() {
	if v.shown.call.ended {
		v.dismiss(v.shown.call.line, v.shown.call.callID)
	}
}

// dismiss forgets the ended call with callID on line and refreshes; UI thread only.
func (v *ViewModel) dismiss(line int, callID string) {
	v.mu.Lock()
	changed := v.state.dismiss(line, callID)
	v.mu.Unlock()
	if changed {
		v.refresh()
	}
}

// dtmfLinger is how long received DTMF digits stay on show after the last one.
const dtmfLinger = 3 * time.Second

// dtmfChanges restarts the timer that clears the received digits each time one arrives.
// UI thread only.
func (v *ViewModel) dtmfChanges(prev, cur viewState) {
	if cur.dtmfSeq == prev.dtmfSeq || cur.dtmf == "" {
		return
	}
	if v.dtmfTimer != nil {
		v.dtmfTimer()
	}
	seq := cur.dtmfSeq
	v.dtmfTimer = v.after(dtmfLinger, func() {
		v.dispatch(func() { v.clearDTMF(seq) })
	})
}

// clearDTMF stops showing the received digits unless more arrived after seq; UI thread only.
func (v *ViewModel) clearDTMF(seq uint64) {
	v.mu.Lock()
	changed := v.state.clearDTMF(seq)
	v.mu.Unlock()
	if changed {
		v.refresh()
	}
}
