package ui

import (
	"time"

	"softphone/phone/control"
)

// run owns the subscription: it folds events into the state and runs the timer ticker only
// while a call is connected.
func (v *ViewModel) run(events <-chan control.Event, cancel func()) {
	defer close(v.done)
	defer cancel()
	var ticker *time.Ticker
	var tickC <-chan time.Time
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	for {
		select {
		case <-v.stop:
			return
		case e, ok := <-events:
			if !ok {
				v.log.Debug("event subscription closed")
				events = nil
				continue
			}
			v.receive(e)
		case <-tickC:
			v.schedule()
		case ack := <-v.syncReq:
			v.drain(events)
			close(ack)
		}
		switch want := v.connected(); {
		case want && ticker == nil:
			ticker = time.NewTicker(v.tick)
			tickC = ticker.C
		case !want && ticker != nil:
			ticker.Stop()
			ticker, tickC = nil, nil
		}
	}
}

// drain folds every event already waiting on events.
func (v *ViewModel) drain(events <-chan control.Event) {
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return
			}
			v.receive(e)
		default:
			return
		}
	}
}

// receive folds e into the state and makes sure a refresh is scheduled.
func (v *ViewModel) receive(e control.Event) {
	if v.observe != nil {
		v.observe(e)
	}
	if v.onSocial != nil && isSocial(e.Kind) {
		v.onSocial(e)
	}
	if e.Kind == control.KindParameter && e.Parameter != nil {
		name := e.Parameter.Name
		v.dispatch(func() {
			if v.onParam != nil {
				v.onParam(name)
			}
		})
		return
	}
	v.mu.Lock()
	v.state.apply(e)
	v.mu.Unlock()
	v.schedule()
}

// schedule queues one refresh on the UI thread unless one is already pending.
func (v *ViewModel) schedule() {
	v.mu.Lock()
	pending := v.scheduled
	v.scheduled = true
	v.mu.Unlock()
	if !pending {
		v.dispatch(v.applyScheduled)
	}
}

// connected reports whether the timer must tick.
func (v *ViewModel) connected() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.state.connected()
}

// sync waits until the event goroutine has folded every event already sent to it (tests).
func (v *ViewModel) sync() {
	ack := make(chan struct{})
	select {
	case v.syncReq <- ack:
		<-ack
	case <-v.done:
	}
}
