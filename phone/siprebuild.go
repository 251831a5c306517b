package phone

import (
	"time"

	"softphone/phone/control"
)

// Rebuilding the SIP stack at run time. A parameter whose definition says params.RebuildSIP
// (transport, localport, localip) is read only when the stack starts, so a change closes the
// stack and starts it again on the owner goroutine, unregistering first and registering again
// when the phone was registering. A call in progress keeps the stack it was set up on: the
// rebuild waits until the last call ends, and the user is told so.

// rebuildSIP applies a change of parameter name (a RebuildSIP parameter). Owner goroutine.
func (p *Phone) rebuildSIP(name string) {
	p.configuredTransport(name) // transportdetect.go
	if p.sip == nil {
		return
	}
	if len(p.lines) > 0 {
		p.notice(control.KindInfo, "%s change applies when the call ends", capitalize(name))
		p.rebuildWhenIdle()
		return
	}
	p.rebuildSIPNow()
}

// rebuildWhenIdle watches for calls ending and rebuilds the stack once none is left (once,
// however many changes wait). Owner goroutine.
func (p *Phone) rebuildWhenIdle() {
	if p.sip.rebuildWait != nil {
		return
	}
	events, stop := p.bus.subscribe()
	p.sip.rebuildWait = stop
	go func() {
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					return
				}
				if ev.Kind == control.KindCDR { // a call ended (published after its line was freed)
					p.post(p.rebuildIfIdle)
				}
			case <-p.ctx.Done():
				return
			}
		}
	}()
}

// rebuildIfIdle rebuilds a stack waiting for the calls to end, once they have. Owner goroutine.
func (p *Phone) rebuildIfIdle() {
	if p.sip == nil || p.sip.rebuildWait == nil || len(p.lines) > 0 {
		return
	}
	p.rebuildSIPNow()
}

// rebuildSIPNow closes the stack and starts it again with the current parameters, removing
// the registration made through the old one and registering through the new one when the
// phone was registering. Owner goroutine, no call in progress.
func (p *Phone) rebuildSIPNow() {
	old := p.sip
	if old.rebuildWait != nil {
		old.rebuildWait()
		old.rebuildWait = nil
	}
	registering := p.reg != nil
	if registering {
		// The old binding names the old transport and port: remove it before they go away.
		select {
		case <-p.unregister():
		case <-time.After(unregisterTimeout + time.Second):
		}
	}
	old.close()
	if err := p.startSIP(); err != nil {
		p.notice(control.KindError, "SIP stack not restarted: %v", err)
		if registering {
			p.setRegistrationFailed(err)
		}
		return
	}
	if p.sip.websocket() {
		p.notice(control.KindInfo, "SIP stack restarted: %s (no listening port: it connects to the server)", p.sip.transport)
	} else {
		p.notice(control.KindInfo, "SIP stack restarted: %s, port %d", p.sip.transport, p.sip.port)
	}
	if registering {
		if err := p.register(); err != nil {
			p.setRegistrationFailed(err)
		}
	}
}
