package phone

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"softphone/phone/control"
	"softphone/phone/httpreq"
)

// The seed's custom HTTP requests ("Custom HTTP requests and links"): the provider's HTTP API,
// named by parameters whose value begins with * (creditrequest, ratingrequest, p2p, callback,
// sms, newuser, recharge). Each runs off the owner goroutine, bounded by
// httpreq.DefaultTimeout; its answer is published in the seed's format (CREDIT, RATING,
// NEWUSER, ANSWER) and a failure as an error event naming the request and its URL (secrets
// masked). The phone goes on either way.

// notificationOf is the seed notification each request's answer is published as.
var notificationOf = map[string]struct {
	kind   control.Kind
	header string
}{
	"creditrequest": {control.KindCredit, "CREDIT"},
	"ratingrequest": {control.KindRating, "RATING"},
	"newuser":       {control.KindNewUser, "NEWUSER"},
	"recharge":      {control.KindAnswer, "ANSWER"},
	"p2p":           {control.KindAnswer, "ANSWER"},
	"callback":      {control.KindAnswer, "ANSWER"},
	"sms":           {control.KindAnswer, "ANSWER"},
}

// HTTPRequest sends the request of parameter name (creditrequest, ratingrequest, p2p,
// callback, sms, newuser, recharge) with words giving the keywords that are not parameters
// (CALLEDNUMBER, PHONE2, TEXT, PINCODE), waits for its answer, publishes it and returns its
// text. It fails when the parameter is empty or a link (see HTTPLink), a keyword has no value,
// or the server does not answer usable text; the failure is also published as an error event.
func (p *Phone) HTTPRequest(ctx context.Context, name string, words map[string]string) (string, error) {
	n, ok := notificationOf[name]
	if !ok {
		return "", fmt.Errorf("%q is not one of the seed's HTTP requests", name)
	}
	value := p.params.Get(name)
	if value == "" {
		return "", fmt.Errorf("%w: parameter %s is empty", ErrNotConfigured, name)
	}
	if !httpreq.IsAPI(value) {
		return "", fmt.Errorf("%w: parameter %s is a link (no leading *): open it with HTTPLink", ErrNotConfigured, name)
	}
	r, err := httpreq.Expand(name, value, p.httpValues(words))
	if err == nil {
		var text string
		if text, err = (httpreq.Client{}).Get(ctx, r); err == nil {
			p.post(func() {
				p.publish(control.Event{Kind: n.kind, Message: text, Notification: control.MessageLine(n.header, text)})
			})
			return text, nil
		}
	}
	p.post(func() { p.notice(control.KindError, "HTTP request %v", err) })
	return "", err
}

// HTTPLink returns the link of parameter name (a value without a leading *) with its keywords
// replaced, for a user's browser; "" when the parameter is empty or an HTTP request.
func (p *Phone) HTTPLink(name string, words map[string]string) (string, error) {
	value := p.params.Get(name)
	if value == "" || httpreq.IsAPI(value) {
		return "", nil
	}
	r, err := httpreq.Expand(name, value, p.httpValues(words))
	return r.URL, err
}

// httpValues are the keyword values: the account's from the parameters, the rest from words.
func (p *Phone) httpValues(words map[string]string) httpreq.Values {
	v := httpreq.Values{
		Words: map[string]string{
			httpreq.Username:     p.params.Get("username"),
			httpreq.Password:     p.params.Get("password"),
			httpreq.ServerAPIKey: p.params.Get("serverapikey"),
			httpreq.CallbackNr:   p.params.Get("callbacknumber"),
			httpreq.Phone1:       p.params.Get("callbacknumber"),
		},
		Source: map[string]string{
			httpreq.Username:     "parameter username",
			httpreq.Password:     "parameter password",
			httpreq.ServerAPIKey: "parameter serverapikey",
			httpreq.CallbackNr:   "parameter callbacknumber",
			httpreq.Phone1:       "parameter callbacknumber",
			httpreq.CalledNumber: "the number dialled",
			httpreq.Phone2:       "the number dialled",
			httpreq.Text:         "the message text",
			httpreq.PinCode:      "the PIN code",
		},
		Salt: randomSalt(),
	}
	for k, val := range words {
		v.Words[k] = val
	}
	return v
}

// randomSalt is MD5SALT: 16 random hex digits, new for each request.
func randomSalt() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// isRequest reports whether parameter name holds an HTTP request (a value beginning with *).
func (p *Phone) isRequest(name string) bool { return httpreq.IsAPI(p.params.Get(name)) }

// requestCredit asks creditrequest for the balance in the background (after registering and
// after each call), when it is set.
func (p *Phone) requestCredit() {
	if p.isRequest("creditrequest") {
		go p.HTTPRequest(p.ctx, "creditrequest", nil)
	}
}

// requestRating asks ratingrequest for the rate of number in the background as its call
// starts, when it is set; the RATING event arrives while the call sets up.
func (p *Phone) requestRating(number string) {
	if p.isRequest("ratingrequest") {
		go p.HTTPRequest(p.ctx, "ratingrequest", map[string]string{httpreq.CalledNumber: number, httpreq.Phone2: number})
	}
}

// Credit asks creditrequest for a user's balance and returns it (also published as CREDIT).
func (p *Phone) Credit(ctx context.Context) (string, error) {
	return p.HTTPRequest(ctx, "creditrequest", nil)
}

// Recharge sends the recharge request with a user's PIN code and returns the answer.
func (p *Phone) Recharge(ctx context.Context, pin string) (string, error) {
	return p.HTTPRequest(ctx, "recharge", map[string]string{httpreq.PinCode: pin})
}

// NewUser sends the newuser request with the fields a user filled in (keyword -> value, e.g.
// USERNAME, PASSWORD, PHONE1) and returns the answer (also published as NEWUSER).
func (p *Phone) NewUser(ctx context.Context, fields map[string]string) (string, error) {
	return p.HTTPRequest(ctx, "newuser", fields)
}

// ServerCall has the server place a call to number: the callback request (the server calls
// callbacknumber back, then number) or, when only p2p is set, the phone to phone request
// (PHONE1 callbacknumber, PHONE2 number). It returns the server's answer.
func (p *Phone) ServerCall(ctx context.Context, number string) (string, error) {
	name := "callback"
	if !p.isRequest(name) && p.isRequest("p2p") {
		name = "p2p"
	}
	return p.HTTPRequest(ctx, name, map[string]string{httpreq.CalledNumber: number, httpreq.Phone2: number})
}

// callsByServer reports whether calls are placed by the server: callback or p2p is an HTTP
// request and no normal VoIP call is possible (the seed's secondary engines): no SIP server is
// configured, or registering to it failed.
func (p *Phone) callsByServer() bool {
	if !p.isRequest("callback") && !p.isRequest("p2p") {
		return false
	}
	if strings.TrimSpace(p.params.Get("serveraddress")) == "" {
		return true
	}
	p.statusMu.RLock()
	defer p.statusMu.RUnlock()
	return p.status.Registration == control.RegFailed
}

// SendSMS sends text to number with the sms request and returns the answer.
func (p *Phone) SendSMS(ctx context.Context, number, text string) (string, error) {
	return p.HTTPRequest(ctx, "sms", map[string]string{httpreq.CalledNumber: number, httpreq.Phone2: number, httpreq.Text: text})
}

// sendSMSChat saves a chat message to number and sends it with the sms request; its state
// (sent, or failed with the request's error) follows as chat events, the answer as ANSWER.
// Owner goroutine.
func (p *Phone) sendSMSChat(number, text string) error {
	msg, err := p.saveOutgoing(number, text)
	if err != nil {
		return err
	}
	go func() {
		state, reason := "sent", ""
		if _, err := p.SendSMS(p.ctx, number, text); err != nil {
			state, reason = "failed", err.Error()
		}
		p.chatDelivered(msg, number, state, reason)
	}()
	return nil
}

// smsFor reports whether a chat message to number goes as SMS: chatsms 1 (SMS only), or 0
// with the sms request set and number a phone number (+ and digits, or 8 digits or more).
func (p *Phone) smsFor(number string) (bool, error) {
	switch p.params.Get("chatsms") {
	case "2":
		return false, nil
	case "1":
		if !p.isRequest("sms") {
			return false, fmt.Errorf("%w: chatsms is 1 (SMS only) but parameter sms is not an HTTP request (*URL)", ErrNotConfigured)
		}
		return true, nil
	}
	return p.isRequest("sms") && phoneNumber(number), nil
}

// phoneNumber reports whether s looks like a telephone number rather than an extension or a
// user name: a + and digits, or at least 8 digits (spaces, dashes and dots allowed).
func phoneNumber(s string) bool {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	digits := 0
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '.':
		default:
			return false
		}
	}
	return digits > 0 && (plus || digits >= 8)
}
