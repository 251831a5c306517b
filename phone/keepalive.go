package phone

import (
	"context"
	"time"
)

// Clock is the time source of the phone's schedules: the registrar's timers (keep-alives,
// address polling, refresh and retry backoff), the ring timeout, the glare retry delay, the
// BYE that waits for our re-INVITE and the session timer, so tests drive them with a fake
// clock (WithClock) instead of sleeping.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
	// AfterFunc calls f in its own goroutine once d has passed, unless stop is called first
	// (stop reports whether it stopped f).
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// clock is the package's name for Clock.
type clock = Clock

// realClock is the system clock.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// pongTimeout is how long a pong may take once the server has shown it answers pings
// (RFC 5626 section 4.4.1 suggests 10 s); no pong in time ends the flow.
const pongTimeout = 10 * time.Second

// keepAlive sends ping every ival until ctx ends. ping reports whether an answer is expected
// (a channel that receives on the pong, nil for none); when no answer arrives within
// pongTimeout, dead is called once and the loop ends. A failed ping calls dead too.
//
// Keep-alives hold the NAT binding between the phone and its registrar open (RFC 5626
// section 4.4): on TCP the double-CRLF ping of the flow; on UDP a CRLFCRLF packet from the
// listening socket. The UDP form is CRLFCRLF rather than OPTIONS: it needs no transaction,
// no authentication and no answer, every common registrar (Kamailio, Asterisk, FreeSWITCH)
// drops it silently, and the only job of a UDP keep-alive is to refresh the NAT mapping;
// whether the registrar still knows us is checked by the (short, behind NAT) re-registration.
func keepAlive(ctx context.Context, clk clock, ival time.Duration, ping func() (<-chan struct{}, error), dead func(error)) {
	if ival <= 0 {
		return
	}
	for {
		select {
		case <-clk.After(ival):
		case <-ctx.Done():
			return
		}
		pong, err := ping()
		if err != nil {
			dead(err)
			return
		}
		if pong == nil {
			continue
		}
		select {
		case <-pong: // answered already: no pong timer to start
			continue
		default:
		}
		select {
		case <-pong:
		case <-clk.After(pongTimeout):
			dead(errNoPong)
			return
		case <-ctx.Done():
			return
		}
	}
}

// errNoPong ends a flow whose server stopped answering keep-alives.
var errNoPong = errorString("no keep-alive pong within 10 s")

type errorString string

func (e errorString) Error() string { return string(e) }

// addrPollIval is how often the registrar checks whether the local address it would use to
// reach the server changed (interface down/up, new DHCP lease, another network). The check
// is a routing-table lookup (a UDP "connect", no packet sent).
const addrPollIval = 3 * time.Second

// watchLocalAddr calls changed(old, new) whenever lookup's answer differs from the previous
// one, checking every addrPollIval until ctx ends.
func watchLocalAddr(ctx context.Context, clk clock, start string, lookup func() string, changed func(old, cur string)) {
	last := start
	for {
		select {
		case <-clk.After(addrPollIval):
		case <-ctx.Done():
			return
		}
		if cur := lookup(); cur != last {
			changed(last, cur)
			last = cur
		}
	}
}
