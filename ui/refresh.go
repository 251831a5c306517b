package ui

import "slices"

// applyScheduled is the refresh queued by schedule; it runs on the UI thread.
func (v *ViewModel) applyScheduled() {
	v.mu.Lock()
	v.scheduled = false
	v.mu.Unlock()
	v.refresh()
}

// refresh renders the latest state into the bindings; UI thread only.
func (v *ViewModel) refresh() {
	v.mu.Lock()
	vs := v.state.view(v.now())
	v.mu.Unlock()
	prev := v.shown
	v.shown = vs
	set := func(err error) {
		if err != nil {
			v.log.Warn("set binding", "err", err)
		}
	}
	set(v.RegText.Set(vs.reg.text))
	set(v.RegKind.Set(int(vs.reg.kind)))
	set(v.Notice.Set(vs.notice))
	set(v.CallName.Set(vs.call.name))
	set(v.CallNumber.Set(vs.call.number))
	set(v.CallState.Set(vs.call.state))
	set(v.CallTimer.Set(vs.call.timer))
	set(v.CanHangup.Set(vs.call.canHangup))
	set(v.CallVisible.Set(vs.call.visible))
	set(v.IncomingText.Set(vs.incoming.text))
	set(v.IncomingVisible.Set(vs.incoming.visible))
	c := vs.call.controls
	set(v.CallConnected.Set(c.connected))
	set(v.CallHeld.Set(c.held))
	set(v.CallMuted.Set(c.micMuted))
	set(v.RemoteHold.Set(c.remoteHold))
	set(v.Recording.Set(c.recording))
	set(v.CallEncrypted.Set(c.encrypted))
	set(v.CallQuality.Set(c.quality))
	set(v.CanMerge.Set(vs.lines.canMerge))
	set(v.DTMFText.Set(vs.dtmf))
	set(v.MWIText.Set(vs.mwi))
	set(v.CreditText.Set(vs.credit))
	if v.onLines != nil && !slices.Equal(prev.lines.buttons, vs.lines.buttons) {
		v.onLines(vs.lines.buttons)
	}
	v.noticeChanges(prev, vs)
	v.dtmfChanges(prev, vs)
}
