package phone

import (
	"fmt"
	"strings"

	"softphone/phone/control"
	"softphone/phone/params"
)

// Register starts registering the account with the current parameters (and keeps it
// registered). Progress arrives as registration events.
func (p *Phone) Register() error {
	var err error
	if !p.run(func() { err = p.register() }) {
		return ErrClosed
	}
	return err
}

// Unregister removes the registration and stops refreshing it.
func (p *Phone) Unregister() error {
	var done <-chan struct{}
	if !p.run(func() { done = p.unregister() }) {
		return ErrClosed
	}
	<-done
	return nil
}

// Hangup ends the call on line (0: the current call): CANCEL while ringing out, 486 for a
// ringing incoming call, BYE once connected.
func (p *Phone) Hangup(line int) error {
	if line == -1 {
		return p.hangupAll()
	}
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err == nil {
			p.endCall(c, "hung up", 1)
		}
	}) {
		return ErrClosed
	}
	return err
}

// SetParameter changes a parameter at run time (source: runtime). Errors name the parameter
// and the bad value.
func (p *Phone) SetParameter(name, value string) error {
	if err := p.checkDevice(name, value); err != nil && !p.params.Locked(name) { // a locked one answers as locked
		return err
	}
	return p.params.Set(name, value, params.Runtime)
}

// GetParameter returns a parameter's current value; secrets are masked. An unknown name gives
// an error wrapping control.ErrUnknownParameter (the control API answers it with an empty
// value, as the seed's getparameter does).
func (p *Phone) GetParameter(name string) (string, error) {
	d, ok := p.params.Def(name)
	if !ok {
		return "", fmt.Errorf("%w %q", control.ErrUnknownParameter, name)
	}
	if d.Kind == params.Secret {
		if p.params.Get(d.Name) == "" {
			return "", nil
		}
		return "********", nil
	}
	return p.params.Get(d.Name), nil
}

// onParamChange reacts to parameter changes that affect a running phone, as the parameter's
// definition says (params.Def.Apply): registering again or rebuilding the SIP stack.
func (p *Phone) onParamChange(name, _ string) {
	p.post(func() { p.publishParameter(name) })
	if volumeDev(name) >= 0 {
		p.post(p.applyVolumes)
		return
	}
	if isProcessingParam(name) {
		p.post(p.applyProcessing)
		return
	}
	if isDeviceParam(name) {
		p.post(func() { p.applyDevice(name) })
		return
	}
	def, _ := p.params.Def(name)
	switch def.Apply {
	case params.Reregister:
		p.post(func() {
			if p.reg != nil {
				if err := p.register(); err != nil {
					p.setRegistrationFailed(err)
				}
			}
		})
	case params.RebuildSIP:
		p.post(func() { p.rebuildSIP(def.Name) })
	}
}

// setRegistrationFailed reports a registration that could not even start. Owner goroutine.
func (p *Phone) setRegistrationFailed(err error) {
	p.setRegistration(registrationFailed(err))
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// publishParameter tells subscribers a parameter's value as GetParameter reads it, so a
// window shows a change made elsewhere (control API, tray). Owner goroutine.
func (p *Phone) publishParameter(name string) {
	value, err := p.GetParameter(name)
	if err != nil {
		return
	}
	p.publish(control.Event{Kind: control.KindParameter, Parameter: &control.Parameter{Name: name, Value: value},
		Notification: "EVENT,PARAMETER," + name + "," + value})
}
