package phone

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/presence"
	"softphone/phone/sipua"
)

// subscription keeps one SUBSCRIBE dialog alive (RFC 6665): refresh before expiry,
// re-subscribe with backoff after failure or termination. NOTIFYs are matched to it by
// Call-ID. Its fields are owned by its own goroutine except where noted.
type subscription struct {
	p       *Phone
	stack   *sipStack // the SIP stack it was started on
	event   string    // "presence", "dialog" or "message-summary"
	accept  string
	target  sip.Uri
	peer    string // whom the events name
	callID  string // fixed for the phone's matching (read by the owner)
	fromTag string
	toTag   string
	cseq    uint32
	route   []string
	ctx     context.Context
	cancel  context.CancelFunc
	renew   chan time.Duration  // a NOTIFY said the subscription ended: re-subscribe after this
	dialogs presence.DialogInfo // BLF: the merged dialog state (owner goroutine)
}

// subscribe starts a subscription of kind for peer (a number or URI). Owner goroutine.
func (p *Phone) subscribe(kind, peer string) error {
	key := kind + "|" + peer
	if _, ok := p.subs[key]; ok {
		return nil
	}
	if _, off := p.subsOff[kind]; off {
		return nil // the server said it has no such service; tried again at the next registration
	}
	t, err := resolveTarget(peer, p.account())
	if err != nil {
		return err
	}
	if t.echo {
		return fmt.Errorf("%w: cannot watch the echo test", ErrInvalidNumber)
	}
	accept := map[string]string{"presence": "application/pidf+xml", "dialog": "application/dialog-info+xml",
		"message-summary": "application/simple-message-summary"}[kind]
	ctx, cancel := context.WithCancel(p.ctx)
	s := &subscription{p: p, stack: p.sip, event: kind, accept: accept, target: t.uri, peer: t.display,
		callID: sip.GenerateTagN(24) + "@" + p.sip.host, fromTag: sip.GenerateTagN(16), ctx: ctx, cancel: cancel,
		renew: make(chan time.Duration, 1)}
	p.subs[key] = s
	go s.run()
	return nil
}

// stopSubscriptions ends every subscription (unsubscribing). Owner goroutine.
func (p *Phone) stopSubscriptions() {
	for k, s := range p.subs {
		s.cancel()
		delete(p.subs, k)
	}
}

// subscriptionByCallID finds the subscription a NOTIFY belongs to. Owner goroutine.
func (p *Phone) subscriptionByCallID(id string) *subscription {
	for _, s := range p.subs {
		if s.callID == id {
			return s
		}
	}
	return nil
}

// notHere is an answer meaning the server does not offer this kind of subscription at all:
// 405 Method Not Allowed, 489 Bad Event, 404 Not Found, 501 Not Implemented.
func notHere(code int) bool {
	switch code {
	case 404, 405, 489, 501:
		return true
	}
	return false
}

// subBackoff is the wait after the n-th consecutive failure (n >= 1): 5 s doubling to 5 min.
func subBackoff(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

func (s *subscription) run() {
	fails := 0
	for {
		granted, err := s.send(s.p.params.Int("subscribeexpires"))
		wait := time.Duration(granted) * time.Second * 8 / 10
		var sc *subStatusError
		if errors.As(err, &sc) && notHere(sc.code) {
			s.p.post(func() { s.p.subscriptionNotHere(s, sc) })
			return
		}
		if err != nil {
			fails++
			wait = subBackoff(fails)
			// Logged at the first failure of a run of failures, then quietly.
			level := slog.LevelDebug
			if fails == 1 {
				level = slog.LevelInfo
			}
			s.p.log.Log(context.Background(), level, "subscription failed; retrying with backoff", "event", s.event,
				"peer", s.peer, "error", err, "retry_in", wait)
			s.toTag = "" // start a new dialog next time
		} else {
			fails = 0
		}
		select {
		case <-time.After(max(wait, time.Second)):
		case d := <-s.renew:
			s.toTag = ""
			select {
			case <-time.After(d):
			case <-s.ctx.Done():
				return
			}
		case <-s.ctx.Done():
			if s.toTag != "" {
				s.send(0) // unsubscribe
			}
			return
		}
	}
}

// send performs one SUBSCRIBE transaction and returns the granted expiry.
func (s *subscription) send(expires int) (int, error) {
	p, st := s.p, s.stack
	a := p.accountOn(st)
	ctx := s.ctx
	if expires == 0 {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s.cseq++
	from := a.from()
	from.Params = sip.NewParams()
	from.Params.Add("tag", s.fromTag)
	to := &sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: s.target.User, Host: s.target.Host, Port: s.target.Port}, Params: sip.NewParams()}
	if s.toTag != "" {
		to.Params.Add("tag", s.toTag)
	}
	req := sipua.NewRequest(sip.SUBSCRIBE, s.target,
		sipua.From(from),
		sipua.To(to),
		sipua.CallID(s.callID),
		sipua.CSeq(s.cseq),
		sipua.Contact(st.contact(a.user)),
		sipua.Route(s.route...),
		sipua.Field("Event", s.event),
		sipua.Field("Accept", s.accept),
		sipua.Expires(expires),
		sipua.Field("User-Agent", p.userAgent()),
		p.customHeaderOption(),
		st.outbound(a.outbound()))
	res, err := st.send(ctx, req, a.cred())
	s.cseq = req.CSeq().SeqNo // the challenge answer took the next one
	if err != nil {
		return 0, err
	}
	if !res.IsSuccess() {
		if res.StatusCode == 481 {
			s.toTag = ""
		}
		return 0, &subStatusError{code: res.StatusCode, reason: res.Reason}
	}
	if to := res.To(); to != nil {
		if tag, ok := to.Params.Get("tag"); ok {
			s.toTag = tag
		}
	}
	s.route = sipua.RouteSet(res)
	granted := expires
	if h := res.GetHeader("Expires"); h != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(h.Value())); err == nil {
			granted = n
		}
	}
	return granted, nil
}

// subStatusError is a SUBSCRIBE answered with a failure status.
type subStatusError struct {
	code   int
	reason string
}

func (e *subStatusError) Error() string { return fmt.Sprintf("%d %s", e.code, e.reason) }

// subscriptionNotHere stops s and every later subscription of its kind until the next
// registration, saying so once. Owner goroutine.
func (p *Phone) subscriptionNotHere(s *subscription, why *subStatusError) {
	for k, v := range p.subs {
		if v == s {
			delete(p.subs, k)
		}
	}
	if _, done := p.subsOff[s.event]; done {
		return
	}
	if p.subsOff == nil {
		p.subsOff = map[string]string{}
	}
	p.subsOff[s.event] = why.Error()
	p.log.Info("the server offers no subscriptions of this kind; not asking again until the next registration",
		"event", s.event, "answer", why.Error())
}

// ended handles a NOTIFY saying the subscription terminated: re-subscribe after the server's
// retry-after, or soon.
func (s *subscription) ended(state string) {
	d := 5 * time.Second
	if i := strings.Index(state, "retry-after="); i >= 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(state[i+12:], ";", 2)[0])); err == nil {
			d = time.Duration(n) * time.Second
		}
	}
	select {
	case s.renew <- d:
	default:
	}
}

// watchAfterRegister starts the subscriptions the parameters ask for once registered:
// voicemail (mwi), BLF (blf) and presence (presence). Owner goroutine.
func (p *Phone) watchAfterRegister() {
	a := p.account()
	if p.params.Bool("mwi") && a.user != "" {
		if err := p.subscribe("message-summary", a.user); err != nil {
			p.log.Info("voicemail subscription", "error", err)
		}
	}
	for _, ext := range splitList(p.params.Get("blf")) {
		if err := p.subscribe("dialog", ext); err != nil {
			p.notice(control.KindError, "Cannot watch %q (parameter blf): %v", ext, err)
		}
	}
	for _, who := range splitList(p.params.Get("presence")) {
		if err := p.subscribe("presence", who); err != nil {
			p.notice(control.KindError, "Cannot watch the presence of %q (parameter presence): %v", who, err)
		}
	}
	p.watchContacts()
	if p.presenceStatus == "" {
		p.presenceStatus = p.params.Get("presencestatus")
	}
	p.publishPresence()
}

// splitList splits a comma-separated parameter.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
