package phone

import (
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
)

// target is where a dialled number leads.
type target struct {
	echo      bool    // the built-in echo test
	uri       sip.Uri // request URI
	viaServer bool    // send through the account's proxy/server
	display   string  // what the line shows as the peer
}

// EchoNumber dials the built-in echo test (control.EchoNumber).
const EchoNumber = control.EchoNumber

// resolveTarget turns what a user typed (number, user name, SIP URI) into a target.
// control.CheckNumber is the dial check; spaces, dashes and brackets inside phone numbers
// are dropped.
func resolveTarget(input string, a account) (target, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return target{}, fmt.Errorf("%w: the number is empty", ErrInvalidNumber)
	}
	if strings.EqualFold(s, EchoNumber) {
		return target{echo: true, display: EchoNumber}, nil
	}
	s, err := control.CheckNumber(input)
	if err != nil {
		return target{}, err
	}
	if control.IsURI(s) {
		lower := strings.ToLower(s)
		if !strings.HasPrefix(lower, "sip:") && !strings.HasPrefix(lower, "sips:") {
			s = "sip:" + s
		}
		var u sip.Uri
		if err := sip.ParseUri(s, &u); err != nil || u.Host == "" {
			return target{}, fmt.Errorf("%w: %q is not a valid SIP URI", ErrInvalidNumber, input)
		}
		// sips: and ;transport=tls stay in the request URI: the INVITE leaves over TLS
		// (sipStack.transportFor; wss on a wss stack). Only a TLS or wss stack sends them: a udp stack's requests leave
		// from its listening port, which a second TLS connection cannot share.
		u.Scheme = strings.ToLower(u.Scheme)
		if uriWantsTLS(u) && !transportOrUDP(a.transport).encrypted {
			return target{}, fmt.Errorf("%w: %q needs TLS; set parameter transport=tls (or wss)", ErrInvalidNumber, input)
		}
		t := target{uri: u, display: u.User}
		if t.display == "" {
			t.display = u.Host
		}
		// A URI naming the account's own server goes through it; others go direct.
		_, sport := splitHostPort(a.server)
		t.viaServer = a.server != "" && strings.EqualFold(u.Host, a.domain()) &&
			portFor(a.transport, u.Port) == portFor(a.transport, sport) &&
			(!uriWantsTLS(u) || transportOrUDP(a.transport).encrypted)
		return t, nil
	}
	user := s
	if user == "" {
		return target{}, fmt.Errorf("%w: %q has no digits or name", ErrInvalidNumber, input)
	}
	if a.server == "" {
		return target{}, fmt.Errorf("%w: no SIP server is set (parameter serveraddress); dial a full URI such as sip:%s@host:port, or %q to test audio",
			ErrNotConfigured, user, EchoNumber)
	}
	u := a.aor()
	u.User = user
	return target{uri: u, viaServer: true, display: user}, nil
}

// uriWantsTLS reports whether a request to u must travel over TLS: a sips: URI or one with
// ;transport=tls.
func uriWantsTLS(u sip.Uri) bool {
	if strings.EqualFold(u.Scheme, "sips") {
		return true
	}
	if u.UriParams != nil {
		if tp, ok := u.UriParams.Get("transport"); ok && strings.EqualFold(tp, "tls") {
			return true
		}
	}
	return false
}
