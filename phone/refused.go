package phone

import "softphone/phone/control"

// ReportRefused tells subscribers (an EVENT,ERROR notification and the window's notice) that
// input from outside the phone, such as a URI the desktop handed over, was refused and why.
func (p *Phone) ReportRefused(err error) {
	p.post(func() { p.notice(control.KindError, "%v", err) })
}

// Locked reports whether a provisioning profile locked the parameter name.
func (p *Phone) Locked(name string) bool { return p.params.Locked(name) }
