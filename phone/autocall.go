package phone

import (
	"time"

	"softphone/phone/control"
)

// autoCallWait bounds how long autocall waits for the registration before calling anyway.
const autoCallWait = 30 * time.Second

// startAutoCall applies the seed's autocall and callto parameters at start: with autocall on,
// callto is called once, as soon as the registration succeeded (or failed, or at once when the
// phone does not register). A missing or bad callto is an error notice naming it. Owner
// goroutine; the wait runs on its own goroutine.
func (p *Phone) startAutoCall() {
	if !p.params.Bool("autocall") {
		return
	}
	number := p.params.Get("callto")
	if number == "" {
		p.notice(control.KindError, "autocall is on but parameter callto is empty: nothing to call")
		return
	}
	call := func() {
		if _, err := p.Call(number); err != nil {
			p.notice(control.KindError, "autocall: parameter callto %q: %v", number, err)
		}
	}
	if p.reg == nil {
		go call()
		return
	}
	events, cancel := p.Subscribe()
	go func() {
		defer cancel()
		deadline := time.After(autoCallWait)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					return
				}
				if ev.Kind == control.KindRegistration && ev.Registration != nil &&
					(ev.Registration.Status == control.RegRegistered || ev.Registration.Status == control.RegFailed) {
					call()
					return
				}
			case <-deadline:
				call()
				return
			}
		}
	}()
}
