package phone

import (
	"errors"
	"fmt"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/store"
)

// Functions of the seed's JavaScript API that the control API offers beside
// control.Controller: hangup of every call (line -1), isencrypted and start.

// Encryption codes of the seed's isencrypted().
const (
	EncryptedUnknown   = -1 // no call to judge
	EncryptedNo        = 0  // the call's media is plain RTP
	EncryptedPartially = 1  // media is SRTP but the signalling (with its keys) is not over TLS
	EncryptedYes       = 2  // media over SRTP and signalling over TLS
	EncryptedAlways    = 3  // as EncryptedYes, and srtp=2 refuses any call that is not
)

// hangupAll ends every call (the seed's hangup with line -1). ErrNoLine when there is none.
func (p *Phone) hangupAll() error {
	var n int
	if !p.run(func() {
		for _, c := range p.lines {
			p.endCall(c, "hung up", 1)
			n++
		}
	}) {
		return ErrClosed
	}
	if n == 0 {
		return fmt.Errorf("%w: no call to hang up", control.ErrNoLine)
	}
	return nil
}

// IsEncrypted answers the seed's isencrypted() for the current call (the only one, or the
// current line): EncryptedUnknown without a connected call, else how much of it is encrypted.
func (p *Phone) IsEncrypted() int {
	st := p.Status()
	var cur *control.Line
	for i := range st.Lines {
		l := &st.Lines[i]
		if l.State != control.StateInCall && l.State != control.StateHold || l.Connected.IsZero() {
			continue
		}
		if cur == nil || l.Line == st.Line {
			cur = l
		}
	}
	if cur == nil {
		return EncryptedUnknown
	}
	if !cur.Encrypted {
		return EncryptedNo
	}
	switch t := transportParam(p.params); {
	case t != "tls" && t != "wss":
		return EncryptedPartially
	case p.params.Get("srtp") == "2":
		return EncryptedAlways
	}
	return EncryptedYes
}

// StartEngine is the seed's start(): the phone is running once Start returned, so what is
// left is registering when the register parameter allows it (register=1 with username,
// password or md5 and serveraddress set, or register=2) and no registration is under way.
func (p *Phone) StartEngine() error {
	var err error
	if !p.run(func() {
		if p.reg == nil && p.shouldRegister() {
			err = p.register()
		}
	}) {
		return ErrClosed
	}
	return err
}

// dialledUser is the number an incoming call was dialled to, reported as the line's local
// name (the seed's localname; a call centre's "numeroDestino"): the To user (the caller's own
// addressing, which proxies keep), else the Request-URI user, else our username.
func dialledUser(req *sip.Request, username string) string {
	if to := req.To(); to != nil && to.Address.User != "" {
		return to.Address.User
	}
	if req.Recipient.User != "" {
		return req.Recipient.User
	}
	return username
}

// DeleteSettings is the seed's delsettings(): it forgets the settings a user saved (run-time
// values at once, the settings file for the next start) and deletes the call history,
// contacts and chat messages. Without a database only the settings go.
func (p *Phone) DeleteSettings() error {
	if err := p.params.ForgetSaved(); err != nil {
		return fmt.Errorf("delsettings: %w", err)
	}
	err := p.withStore(func(s *store.Store) error { return s.DeleteAll() })
	if err != nil && !errors.Is(err, ErrNoStore) {
		return fmt.Errorf("delsettings: %w", err)
	}
	p.log.Info("settings, history, contacts and chat deleted (delsettings)")
	return nil
}
