package phone

import (
	"context"
	"fmt"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sipua"
)

// The pre-shift self-test: one call that checks, each with a verdict and advice, the SIP
// server, the packet loss to it, NAT, registration, the media path and the audio devices.

const (
	selfTestProbes       = 10                      // OPTIONS sent to the server
	selfTestProbeTimeout = 1500 * time.Millisecond // an unanswered probe counts as lost
	selfTestProbeGap     = 50 * time.Millisecond
	selfTestRegWait      = 5 * time.Second // registration asked for by the self-test
	selfTestMicTime      = time.Second
	selfTestSilentDBFS   = -70 // a microphone quieter than this hears nothing
)

var _ control.SelfTester = (*Phone)(nil)

// SelfTest runs every check and returns their verdicts; it takes a few seconds and never
// more than about 15. Device checks are skipped while a call uses the devices.
func (p *Phone) SelfTest(ctx context.Context) control.SelfTest {
	var (
		a      account
		st     *sipStack
		inCall bool
		codecs *media.Registry
	)
	if !p.run(func() {
		a, st, inCall, codecs = p.account(), p.sip, len(p.lines) > 0, p.codecs
	}) {
		return control.SelfTest{Checks: []control.Check{{Name: "phone", Detail: "the phone is closed"}}}
	}
	var out control.SelfTest
	add := func(c control.Check) { out.Checks = append(out.Checks, c) }
	if a.server == "" || st == nil {
		add(control.Check{Name: "server", Detail: "no SIP server is configured",
			Advice: "set serveraddress (and username, password) to your provider's SIP server"})
	} else {
		server, loss, nat := p.probeServer(ctx, st, a)
		add(server)
		add(loss)
		add(nat)
		if server.OK {
			add(p.checkRegistration(ctx))
		} else {
			st := p.Status()
			add(control.Check{Name: "registration", OK: st.Registered,
				Detail: "not tried: the server does not answer (" + firstNonEmpty(st.Reason, st.Registration) + ")",
				Advice: "fix the server check first"})
		}
	}
	add(checkMediaPath(codecs))
	if inCall {
		for _, n := range []string{"microphone", "speaker"} {
			add(control.Check{Name: n, OK: true, Detail: "skipped: a call is using the audio devices"})
		}
	} else {
		add(p.checkMicrophone())
		add(p.checkSpeaker())
	}
	return out
}

// probe is one OPTIONS round trip.
type probe struct {
	rtt time.Duration
	res *sip.Response
	err error
}

// probeServer sends OPTIONS to the server in use and judges reachability (any answer),
// packet loss (probes unanswered within selfTestProbeTimeout) and NAT (the Via the server
// returns says where it saw us).
func (p *Phone) probeServer(ctx context.Context, st *sipStack, a account) (server, loss, nat control.Check) {
	where := fmt.Sprintf("%s over %s", a.describeServer(), strings.ToUpper(st.transport))
	probes := make([]probe, selfTestProbes)
	var wg sync.WaitGroup
	for i := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			probes[i] = p.optionsProbe(ctx, st, a)
		}()
		select {
		case <-time.After(selfTestProbeGap):
		case <-ctx.Done():
		}
	}
	wg.Wait()
	var rtts []time.Duration
	var first *sip.Response
	var lastErr error
	for _, pr := range probes {
		if pr.err != nil {
			lastErr = pr.err
			continue
		}
		rtts = append(rtts, pr.rtt)
		if first == nil {
			first = pr.res
		}
	}
	server = control.Check{Name: "server"}
	if first == nil {
		server.Detail = fmt.Sprintf("no answer from %s: %v", where, describeTransportError(a, lastErr, selfTestProbeTimeout))
		server.Advice = "check serveraddress and transport, the network cable or Wi-Fi, and that a firewall lets SIP through"
		loss = control.Check{Name: "packet loss", Detail: "not measured: the server does not answer"}
		nat = control.Check{Name: "nat", Detail: "not measured: the server does not answer"}
		return server, loss, nat
	}
	slices.Sort(rtts)
	median := rtts[len(rtts)/2]
	server.OK = true
	server.Detail = fmt.Sprintf("%s answered %d %s; round trip %s (median of %d)",
		where, first.StatusCode, first.Reason, median.Round(100*time.Microsecond), len(rtts))

	lost := selfTestProbes - len(rtts)
	pct := 100 * float64(lost) / selfTestProbes
	loss = control.Check{Name: "packet loss", OK: pct <= 10,
		Detail: fmt.Sprintf("%.0f %% (%d of %d requests unanswered within %s)", pct, lost, selfTestProbes, selfTestProbeTimeout)}
	if !loss.OK {
		loss.Advice = "calls will break up: use a wired connection, or ask your network administrator about loss to the SIP server"
	}

	nat = control.Check{Name: "nat", OK: true}
	if v, ok := seenVia(first); ok {
		d := decideContact(st.transport, st.localAddr(), st.port, v)
		if d.natted {
			nat.Detail = fmt.Sprintf("behind NAT: the server sees the phone at %s (local %s); the phone registers that address and keeps it open",
				d.seen, net.JoinHostPort(st.localAddr(), strconv.Itoa(st.port)))
		} else {
			nat.Detail = fmt.Sprintf("no NAT: the server sees the phone at its own address %s", d.seen)
		}
	} else {
		nat.Detail = "the server's answer does not say where it saw the phone (no received/rport)"
	}
	return server, loss, nat
}

// optionsProbe sends one OPTIONS to the server in use.
func (p *Phone) optionsProbe(ctx context.Context, st *sipStack, a account) probe {
	ctx, cancel := context.WithTimeout(ctx, selfTestProbeTimeout)
	defer cancel()
	from := a.from()
	req := sipua.NewRequest(sip.OPTIONS, a.serverURI(),
		sipua.From(from),
		sipua.To(&sip.ToHeader{Address: a.serverURI(), Params: sip.NewParams()}),
		sipua.CallID(sip.GenerateTagN(24)+"@"+st.host),
		sipua.CSeq(1),
		sipua.Field("Accept", "application/sdp"),
		sipua.Field("User-Agent", p.userAgent()),
		st.outbound(a.outbound()))
	start := time.Now()
	res, err := st.send(ctx, req, a.cred())
	if err == nil && res == nil {
		err = fmt.Errorf("no answer")
	}
	return probe{rtt: time.Since(start), res: res, err: err}
}

// checkRegistration reports the registration, asking for one when there is none yet.
func (p *Phone) checkRegistration(ctx context.Context) control.Check {
	c := control.Check{Name: "registration"}
	st := p.Status()
	if !st.Registered {
		if err := p.Register(); err != nil {
			c.Detail = err.Error()
			return c
		}
		deadline := time.Now().Add(selfTestRegWait)
		for !st.Registered && time.Now().Before(deadline) && ctx.Err() == nil {
			time.Sleep(50 * time.Millisecond)
			st = p.Status()
			if strings.Contains(st.Registration, "Failed") && st.Reason != "" {
				break
			}
		}
	}
	if st.Registered {
		c.OK = true
		c.Detail = st.Registration
		return c
	}
	c.Detail = firstNonEmpty(st.Reason, st.Registration, "not registered")
	switch {
	case strings.Contains(c.Detail, "password"):
		c.Advice = "check username and password (and authusername if your provider gave one)"
	default:
		c.Advice = "check serveraddress, username and password; the server check above says whether the server answers"
	}
	return c
}

// checkMediaPath sends a tone burst through the real media path (encoder, RTP over a
// loopback UDP pair, jitter buffer, decoder: the echo test's loop) in real time and measures
// how long it takes to come back.
func checkMediaPath(codecs *media.Registry) control.Check {
	c := control.Check{Name: "media path"}
	loop, err := media.NewEchoTest(codecs)
	if err != nil {
		c.Detail = err.Error()
		c.Advice = "the phone cannot open UDP sockets for audio: check local firewall rules"
		return c
	}
	defer loop.Close()
	const frames, burstAt = 40, 5
	in := make([]int16, media.FrameSamples)
	out := make([]int16, media.FrameSamples)
	tick := time.NewTicker(media.FrameDuration)
	defer tick.Stop()
	back := -1
	for i := 0; i < frames && back < 0; i++ {
		for j := range in {
			in[j] = 0
			if i >= burstAt && i < burstAt+3 {
				in[j] = int16(8000 * math.Sin(2*math.Pi*1000*float64(j)/float64(media.InternalRate)))
			}
		}
		_ = loop.WriteFrame(in)
		<-tick.C
		loop.ReadFrame(out)
		if i >= burstAt && rmsDBFS(out) > -40 {
			back = i
		}
	}
	if back < 0 {
		c.Detail = fmt.Sprintf("a tone sent through the codec, RTP and jitter buffer did not come back within %s", frames*media.FrameDuration)
		c.Advice = "the media path is broken on this machine: report this with the log (loglevel=5)"
		return c
	}
	c.OK = true
	c.Detail = fmt.Sprintf("a tone crossed encoder, RTP, jitter buffer and decoder in %s", time.Duration(back-burstAt+1)*media.FrameDuration)
	return c
}

// checkMicrophone listens to the input device for a second.
func (p *Phone) checkMicrophone() control.Check {
	spec := p.params.Get("audioinput")
	c := control.Check{Name: "microphone"}
	in, err := p.drivers.OpenInput(spec)
	if err != nil {
		c.Detail = err.Error()
		c.Advice = "plug in a microphone or headset, or choose another one (audioinput)"
		return c
	}
	defer in.Close()
	buf := make([]int16, in.Rate()/50)
	level := -96.0
	for end := time.Now().Add(selfTestMicTime); time.Now().Before(end); {
		if err := in.Read(buf); err != nil {
			c.Detail = fmt.Sprintf("reading the microphone %q: %v", firstNonEmpty(spec, "default"), err)
			c.Advice = "choose another microphone (audioinput)"
			return c
		}
		level = max(level, rmsDBFS(buf))
	}
	c.Detail = fmt.Sprintf("%q, loudest %.0f dBFS in %s", firstNonEmpty(spec, "default"), level, selfTestMicTime)
	c.OK = level > selfTestSilentDBFS
	if !c.OK {
		c.Advice = "the microphone hears nothing: check that it is not muted, or choose another one (audioinput); speak while the test runs"
	}
	return c
}

// checkSpeaker plays a short, quiet tone on the output device.
func (p *Phone) checkSpeaker() control.Check {
	spec := p.params.Get("audiooutput")
	c := control.Check{Name: "speaker"}
	out, err := p.drivers.OpenOutput(spec)
	if err != nil {
		c.Detail = err.Error()
		c.Advice = "plug in a speaker or headset, or choose another one (audiooutput)"
		return c
	}
	defer out.Close()
	rate := out.Rate()
	buf := make([]int16, rate/50)
	for f := 0; f < 15; f++ { // 300 ms of 440 Hz at -20 dBFS
		for j := range buf {
			n := f*len(buf) + j
			buf[j] = int16(3277 * math.Sin(2*math.Pi*440*float64(n)/float64(rate)))
		}
		if err := out.Write(buf); err != nil {
			c.Detail = fmt.Sprintf("playing on %q: %v", firstNonEmpty(spec, "default"), err)
			c.Advice = "choose another speaker (audiooutput)"
			return c
		}
	}
	c.OK = true
	c.Detail = fmt.Sprintf("%q played a 300 ms tone", firstNonEmpty(spec, "default"))
	return c
}

// rmsDBFS is the RMS level of pcm in dBFS (-96 for silence).
func rmsDBFS(pcm []int16) float64 {
	var sum float64
	for _, s := range pcm {
		sum += float64(s) * float64(s)
	}
	if len(pcm) == 0 || sum == 0 {
		return -96
	}
	return max(-96, 20*math.Log10(math.Sqrt(sum/float64(len(pcm)))/32768))
}
