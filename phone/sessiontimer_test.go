package phone

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/params"
)

// TestSessionTimerSchedule drives runSessionTimer on a fake clock: the refresher refreshes
// at half the interval and gives up at interval - min(32 s, interval/3); the other side only
// gives up, at that same time (RFC 4028 sections 7.2 and 10). No step fires early.
func TestSessionTimerSchedule(t *testing.T) {
	cases := []struct {
		name      string
		interval  int
		weRefresh bool
		want      []stStep
	}{
		{"refresher 1800 s", 1800, true, []stStep{{900 * time.Second, stRefresh}, {1768 * time.Second, stExpire}}},
		{"refresher 90 s", 90, true, []stStep{{45 * time.Second, stRefresh}, {60 * time.Second, stExpire}}},
		{"not refresher 90 s", 90, false, []stStep{{60 * time.Second, stExpire}}},
		{"not refresher 120 s", 120, false, []stStep{{88 * time.Second, stExpire}}},
		{"off", 0, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			start := clk.Now()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			var got []stStep
			fired := make(chan struct{}, 10)
			done := make(chan struct{})
			go func() {
				defer close(done)
				runSessionTimer(ctx, clk, stNegotiation{interval: tc.interval, weRefresh: tc.weRefresh}, func(a stAction) {
					mu.Lock()
					got = append(got, stStep{clk.Now().Sub(start), a})
					mu.Unlock()
					fired <- struct{}{}
				})
			}()
			for i, w := range tc.want {
				clk.waitWaiters(t, 1)
				prev := time.Duration(0)
				if i > 0 {
					prev = tc.want[i-1].at
				}
				clk.advance(w.at - prev - time.Millisecond) // just before: nothing fires
				select {
				case <-fired:
					t.Fatalf("step %d fired before %v", i, w.at)
				case <-time.After(20 * time.Millisecond):
				}
				clk.advance(time.Millisecond)
				select {
				case <-fired:
				case <-time.After(5 * time.Second):
					t.Fatalf("step %d did not fire at %v", i, w.at)
				}
			}
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("runner did not end after its last step")
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != len(tc.want) {
				t.Fatalf("steps %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("step %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestSessionTimerStops: cancelling the runner (a refresh restarts it; the call ends) fires
// nothing more.
func TestSessionTimerStops(t *testing.T) {
	clk := newFakeClock()
	ctx, cancel := context.WithCancel(context.Background())
	fired := make(chan stAction, 2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runSessionTimer(ctx, clk, stNegotiation{interval: 90, weRefresh: true}, func(a stAction) { fired <- a })
	}()
	clk.waitWaiters(t, 1)
	cancel()
	<-done
	clk.advance(time.Hour)
	select {
	case a := <-fired:
		t.Fatalf("fired %v after cancel", a)
	default:
	}
}

// request builds an INVITE with the given headers for the negotiation tests.
func timerRequest(hdrs map[string]string) *sip.Request {
	req := sip.NewRequest(sip.INVITE, sip.Uri{Scheme: "sip", User: "me", Host: "127.0.0.1"})
	for k, v := range hdrs {
		req.AppendHeader(sip.NewHeader(k, v))
	}
	return req
}

// TestUASSessionTimerDecision: how we answer an INVITE's session timer (RFC 4028 section 9).
func TestUASSessionTimerDecision(t *testing.T) {
	p := &Phone{params: testParams(t, "sessiontimer=1800")}
	cases := []struct {
		name     string
		hdrs     map[string]string
		tooSmall bool
		want     stNegotiation
	}{
		{"below Min-SE", map[string]string{"Supported": "timer", "Session-Expires": "60"}, true, stNegotiation{}},
		{"caller refreshes", map[string]string{"Supported": "timer", "Session-Expires": "90;refresher=uac"}, false,
			stNegotiation{interval: 90, refresher: "uac", require: true, minSE: 90}},
		{"caller asks us", map[string]string{"Supported": "timer", "Session-Expires": "600;refresher=uas"}, false,
			stNegotiation{interval: 600, refresher: "uas", weRefresh: true, require: true, minSE: 90}},
		{"we pick the caller", map[string]string{"Supported": "timer", "Session-Expires": "600"}, false,
			stNegotiation{interval: 600, refresher: "uac", require: true, minSE: 90}},
		{"caller without timer: we refresh", map[string]string{"Session-Expires": "600"}, false,
			stNegotiation{interval: 600, refresher: "uas", weRefresh: true, minSE: 90}},
		{"no header, caller supports: ours", map[string]string{"Supported": "100rel, timer", "Min-SE": "120"}, false,
			stNegotiation{interval: 1800, refresher: "uac", require: true, minSE: 120}},
		{"no header, no support: none", map[string]string{}, false, stNegotiation{}},
		{"compact form", map[string]string{"k": "timer", "x": "300;refresher=uac"}, false,
			stNegotiation{interval: 300, refresher: "uac", require: true, minSE: 90}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, small := p.uasSessionTimer(timerRequest(tc.hdrs))
			if small != tc.tooSmall {
				t.Fatalf("tooSmall = %v, want %v", small, tc.tooSmall)
			}
			if !small && n != tc.want {
				t.Errorf("negotiation %+v, want %+v", n, tc.want)
			}
		})
	}
}

// TestParseRAck: RAck is response-num CSeq-num Method; anything else is refused.
func TestParseRAck(t *testing.T) {
	for _, tc := range []struct {
		v          string
		rseq, cseq uint32
		ok         bool
	}{
		{"776 1 INVITE", 776, 1, true},
		{"  2147483647   3 invite ", 2147483647, 3, true},
		{"1 INVITE", 0, 0, false},
		{"x 1 INVITE", 0, 0, false},
		{"99999999999 1 INVITE", 0, 0, false},
	} {
		req := timerRequest(map[string]string{"RAck": tc.v})
		r, c, m, err := parseRAck(req)
		if (err == nil) != tc.ok || tc.ok && (r != tc.rseq || c != tc.cseq || m != "INVITE") {
			t.Errorf("parseRAck(%q) = %d %d %s %v", tc.v, r, c, m, err)
		}
	}
}

// testParams loads parameters from name=value settings, as the phone's loader does.
func testParams(t *testing.T, sets ...string) *params.Params {
	t.Helper()
	ps, err := params.Load(params.Sources{Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
