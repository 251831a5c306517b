package phone

import (
	"errors"
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/params"
)

// Parameters pushed by the server (the seed's "SIP signaling (sent from server)" source): an
// X-MParam header of name=value pairs separated by semicolons, e.g.
// "X-MParam: loglevel=5;aec=0". They are honoured only in answers to our REGISTER and in
// requests from the registrar or proxy (screening's trusted addresses), set at the runtime rank,
// so a provisioning lock ([locks]) keeps its value. A header from any other address is ignored.

// mparamHeader is the header's name (matched case-insensitively).
const mparamHeader = "X-MParam"

// mparamMax is the most pairs one message may set.
const mparamMax = 32

// mparamLocal are parameters a server may not push: they name files and folders the phone
// reads or writes, guard the control API, TLS or who may call, or are URLs the phone sends a
// user's password to (the HTTP requests).
var mparamLocal = map[string]bool{
	"apiaddress": true, "apitoken": true, "apiallowedorigins": true, "siptrace": true,
	"tlscafile": true, "tlsverify": true, "tlsclientcert": true, "tlsclientkey": true,
	"audioinput": true, "audiooutput": true, "ringdevice": true, "recordpath": true,
	"database": true, "skin": true, "logo": true, "allowdirectcalls": true, "allowedsources": true,
	"provisioning": true, "provisioningkey": true, "autostart": true,
	"creditrequest": true, "ratingrequest": true, "p2p": true, "callback": true, "sms": true,
	"newuser": true, "recharge": true,
}

// headerSource is what carries X-MParam headers: a SIP request or response.
type headerSource interface {
	GetHeaders(name string) []sip.Header
}

// applyMParam sets the parameters of msg's X-MParam headers, which came from the registrar or
// proxy, described by from for the events. Each one refused (unknown, invalid, locked, local)
// is an error event naming it; the others change as a setparameter would. Any goroutine.
func (p *Phone) applyMParam(msg headerSource, from string) {
	n := 0
	for _, h := range msg.GetHeaders(mparamHeader) {
		for _, pair := range strings.Split(h.Value(), ";") {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			if n++; n > mparamMax {
				p.post(func() {
					p.notice(control.KindError, "x-mparam from %s: more than %d parameters; the rest ignored", from, mparamMax)
				})
				return
			}
			if err := p.setMParam(pair); err != nil {
				p.log.Warn("x-mparam refused", "from", from, "error", err)
				p.post(func() { p.notice(control.KindError, "x-mparam from %s: %v", from, err) })
			}
		}
	}
}

// setMParam sets one name=value pair pushed by the server.
func (p *Phone) setMParam(pair string) error {
	name, value, ok := strings.Cut(pair, "=")
	name = strings.ToLower(strings.TrimSpace(name))
	if !ok || name == "" {
		return fmt.Errorf("%q is not name=value", pair)
	}
	d, known := p.params.Def(name)
	if !known {
		return fmt.Errorf("unknown parameter %q", name)
	}
	shown := d.Mask(value)
	if mparamLocal[d.Name] {
		return fmt.Errorf("parameter %q=%q refused: a server may not set it", d.Name, shown)
	}
	err := p.params.Set(d.Name, strings.TrimSpace(value), params.Runtime)
	if errors.Is(err, params.ErrLocked) {
		return fmt.Errorf("parameter %q=%q refused: locked by the provisioning profile", d.Name, shown)
	}
	return err
}

// mparamFromRequest applies an incoming request's X-MParam headers when it came from the
// registrar or proxy; from anyone else they are ignored (and logged).
func (p *Phone) mparamFromRequest(req *sip.Request) {
	if len(req.GetHeaders(mparamHeader)) == 0 {
		return
	}
	if !p.fromServer(req) {
		p.log.Info("x-mparam ignored: not from the registrar or proxy", "source", req.Source(), "method", req.Method)
		return
	}
	p.applyMParam(req, "the server at "+req.Source())
}
