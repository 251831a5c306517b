package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/params"
)

// Parameter names the Account tab edits (the seed's names).
const (
	paramServer      = "serveraddress"
	paramUsername    = "username"
	paramPassword    = "password"
	paramDisplayName = "displayname"
	paramTransport   = "transport"
)

// accountField is one account parameter and its label in the form.
type accountField struct{ param, label string }

// accountFields lists the account parameters in form order.
func accountFields() []accountField {
	return []accountField{
		{paramServer, lang.L("Server")},
		{paramUsername, lang.L("Username")},
		{paramPassword, lang.L("Password")},
		{paramDisplayName, lang.L("Display name")},
		{paramTransport, lang.L("Transport")},
	}
}

// transports lists the transports the Account tab offers, as the transport parameter's
// definition does (udp, tcp, tls, ws, wss); the first is the default.
func transports() []string {
	for _, d := range params.StandardDefs() {
		if d.Name == paramTransport && len(d.Enum) > 0 {
			return d.Enum
		}
	}
	return []string{"udp"}
}

// Account is the Account tab's form.
type Account struct {
	// Server is serveraddress: host[:port] of the registrar/proxy.
	Server string
	// Username is the SIP user (username).
	Username string
	// Password is the SIP password (password).
	Password string
	// DisplayName is the caller name sent with calls (displayname).
	DisplayName string
	// Transport is udp or tcp (transport).
	Transport string
}

// AccountError reports the fields whose SetParameter failed, keyed by parameter name; each
// error names its field.
type AccountError struct {
	// Fields maps a parameter name (serveraddress, ...) to its "<Label>: <reason>" error.
	Fields map[string]error
}

// Error lists the failed fields in form order.
func (e *AccountError) Error() string {
	msgs := make([]string, 0, len(e.Fields))
	for _, f := range accountFields() {
		if err, ok := e.Fields[f.param]; ok {
			msgs = append(msgs, err.Error())
		}
	}
	return "account: " + strings.Join(msgs, "; ")
}

// get returns the value of parameter p in a.
func (a Account) get(p string) string {
	switch p {
	case paramServer:
		return a.Server
	case paramUsername:
		return a.Username
	case paramPassword:
		return a.Password
	case paramDisplayName:
		return a.DisplayName
	case paramTransport:
		return a.Transport
	}
	return ""
}

// set stores value as parameter p in a.
func (a *Account) set(p, value string) {
	switch p {
	case paramServer:
		a.Server = value
	case paramUsername:
		a.Username = value
	case paramPassword:
		a.Password = value
	case paramDisplayName:
		a.DisplayName = value
	case paramTransport:
		a.Transport = value
	}
}

// LoadAccount reads the account parameters from the controller; unreadable ones stay empty
// and the transport defaults to udp. The password is whatever the controller shows for it
// (the real phone masks a set password as "********"); SaveAccount does not save it back.
func (v *ViewModel) LoadAccount() Account {
	var a Account
	for _, f := range accountFields() {
		val, err := v.ctrl.GetParameter(f.param)
		if err != nil {
			v.log.Debug("read parameter", "name", f.param, "err", err)
			continue
		}
		a.set(f.param, val)
	}
	if a.Transport == "" {
		a.Transport = transports()[0]
	}
	v.mu.Lock()
	v.loadedPassword = a.Password
	v.mu.Unlock()
	return a
}

// SaveAccount sets the account parameters and then registers, off the UI thread, and calls
// done with the outcome on the UI thread. The password is set only when it differs from what
// LoadAccount read (or the last password saved), so a masked or untouched password is never
// written back. When some parameters are refused done gets an *AccountError and nothing
// registers. UI thread only.
func (v *ViewModel) SaveAccount(a Account, done func(error)) {
	v.mu.Lock()
	savePassword := a.Password != v.loadedPassword
	v.mu.Unlock()
	v.work(func() {
		err := v.saveAccount(a, savePassword)
		v.dispatch(func() {
			v.refresh()
			if done != nil {
				done(err)
			}
		})
	})
}

// saveAccount is SaveAccount's controller half; it runs on the worker.
func (v *ViewModel) saveAccount(a Account, savePassword bool) error {
	fields := map[string]error{}
	for _, f := range accountFields() {
		val := a.get(f.param)
		switch {
		case f.param == paramPassword && !savePassword:
			continue
		case f.param != paramPassword:
			val = strings.TrimSpace(val)
		}
		if err := v.ctrl.SetParameter(f.param, val); err != nil {
			fields[f.param] = fmt.Errorf("%s: %w", f.label, err)
		} else if f.param == paramPassword {
			v.mu.Lock()
			v.loadedPassword = val
			v.mu.Unlock()
		}
	}
	if len(fields) > 0 {
		return &AccountError{Fields: fields}
	}
	v.mu.Lock()
	v.state.configured = strings.TrimSpace(a.Server) != ""
	v.mu.Unlock()
	if err := v.ctrl.Register(); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	return nil
}

// errorsAsAccount extracts an *AccountError from err.
func errorsAsAccount(err error) (*AccountError, bool) {
	var ae *AccountError
	ok := errors.As(err, &ae)
	return ae, ok
}
