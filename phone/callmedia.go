package phone

import (
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"softphone/phone/audio"
	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sdpneg"
)

// ensureEngine opens the audio devices on first use; the microphone only once a call needs
// it (not while a call merely rings). A device that cannot be opened is reported and
// replaced by the null device, so the call still proceeds. Owner goroutine.
func (p *Phone) ensureEngine(mic bool) {
	if p.engine != nil && (p.engineMic || !mic) {
		return
	}
	p.closeEngine() // reopen with the microphone; streams and tones are attached again below
	var in audio.Input
	var err error
	if mic {
		in, err = p.drivers.OpenInput(p.params.Get("audioinput"))
		if err != nil {
			p.notice(control.KindError, "Microphone unavailable (parameter audioinput=%q): %v; continuing without it",
				p.params.Get("audioinput"), err)
		}
	}
	if in == nil {
		in, _ = p.drivers.OpenInput("null")
	}
	out, err := p.drivers.OpenOutput(p.params.Get("audiooutput"))
	if err != nil {
		p.notice(control.KindError, "Speaker unavailable (parameter audiooutput=%q): %v; continuing without it",
			p.params.Get("audiooutput"), err)
		out, _ = p.drivers.OpenOutput("null")
	}
	var ring audio.Output
	if spec := p.params.Get("ringdevice"); spec != "" {
		if ring, err = p.drivers.OpenOutput(spec); err != nil {
			p.notice(control.KindError, "Ring device unavailable (parameter ringdevice=%q): %v; ringing on the speaker",
				spec, err)
			ring = nil
		}
	}
	p.engine = media.NewEngine(media.EngineConfig{Input: in, Output: out, Ring: ring, Logger: p.log})
	p.ringOn, p.toneKind = false, "" // a new engine plays nothing yet
	p.engine.OnError(func(err error) { p.post(func() { p.notice(control.KindError, "Audio device error: %v", err) }) })
	p.engineMic = mic
	p.applyVolumes()
	p.engine.Start()
	for _, c := range p.lines {
		if c.attached {
			p.engine.Attach(lineKey(c.line), c.ls)
		}
	}
	p.updateTones()
}

// closeEngine releases the audio devices. Owner goroutine.
func (p *Phone) closeEngine() {
	if p.engine != nil {
		p.engine.Close()
		p.engine = nil
	}
}

// updateTones plays the ring tone while an incoming call rings and ringback while an outgoing
// call rings without early media. Owner goroutine.
func (p *Phone) updateTones() {
	if p.engine == nil {
		return
	}
	ringing, ringback, talking := false, false, false
	for _, c := range p.lines {
		switch {
		case c.dir == control.DirectionIncoming && c.state == control.StateRinging:
			ringing = true
		case c.dir == control.DirectionOutgoing && c.state == control.StateRinging && !c.early:
			ringback = true
		case c.state == control.StateInCall:
			talking = true
		}
	}
	// While talking, a second incoming call is signalled by the call-waiting tone in the
	// speaker instead of the full ringer.
	if ring := ringing && !talking && p.params.Bool("playing"); ring != p.ringOn { // playing: the seed's ring-tone switch
		p.ringOn = ring
		if ring {
			p.engine.SetRing(audio.NewRingTone())
		} else {
			p.engine.SetRing(nil)
		}
	}
	kind := ""
	switch {
	case ringback:
		kind = "ringback"
	case ringing && talking:
		kind = "waiting"
	}
	if kind == p.toneKind {
		return // keep the running tone's cadence
	}
	p.toneKind = kind
	switch kind {
	case "ringback":
		p.engine.SetTone(audio.NewRingbackTone())
	case "waiting":
		p.engine.SetTone(audio.NewCallWaitingTone())
	default:
		p.engine.SetTone(nil)
	}
}

// codecList returns the registered codecs restricted to, and ordered as, the codecs
// parameter lists them (all of them when it lists none or one the registry lacks).
func (p *Phone) codecList() *media.Registry {
	names := strings.Split(p.params.Get("codecs"), ",")
	var keep []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return p.codecs
	}
	reg, err := p.codecs.Ordered(keep)
	if err != nil {
		// The codecs parameter's check knows every codec of DefaultRegistry; only a
		// registry given with WithCodecs can lack one. Keep the order of those it has.
		var have []string
		for _, n := range keep {
			if _, ok := p.codecs.Lookup(n, 0); ok {
				have = append(have, n)
			}
		}
		if reg, err = p.codecs.Ordered(have); err != nil || len(reg.Codecs()) == 0 {
			return p.codecs
		}
	}
	return reg
}

// newSession binds an RTP session and describes it for SDP: over ICE when withICE (see
// newICE), else a UDP socket pair whose public address STUN may tell (stun.go). Safe off the
// owner goroutine.
func (p *Phone) newSession(host string, withICE bool) (*media.Session, *media.ICEAgent, sdpneg.Local, error) {
	bind := p.params.Get("localip")
	if bind == "" {
		bind = "0.0.0.0"
	}
	cfg := media.SessionConfig{
		LocalIP:           bind,
		PortMin:           p.params.Int("rtpportmin"),
		PortMax:           p.params.Int("rtpportmax"),
		JitterDelay:       time.Duration(p.params.Int("jitterdelay")) * time.Millisecond,
		InactivityTimeout: time.Duration(p.params.Int("rtptimeout")) * time.Second,
		Logger:            p.log,
	}
	local := sdpneg.Local{
		IP: host, DTMF: true, Direction: sdpneg.SendRecv,
		SessionID: rand.Uint64N(1 << 62), Version: 1, Username: "-", Ptime: 20,
		SRTP: p.srtpMode(), CryptoKey: make([]byte, sdpneg.KeyLen),
	}
	var sess *media.Session
	var agent *media.ICEAgent
	if withICE {
		var err error
		if sess, agent, local.ICE, err = p.newICE(cfg); err != nil {
			return nil, nil, sdpneg.Local{}, err
		}
		def := agent.Default()
		local.IP, local.Port, local.RTCPMux = def.Addr().String(), int(def.Port()), true
	} else {
		cfg.STUNServer = p.stunFor()
		var err error
		if sess, err = media.Listen(cfg); err != nil {
			return nil, nil, sdpneg.Local{}, fmt.Errorf("cannot open an RTP port on %s: %w", bind, err)
		}
		local.Port = sess.LocalAddr().Port
		p.applySTUN(sess, cfg.STUNServer, &local.IP, &local.Port)
	}
	if _, err := crand.Read(local.CryptoKey); err != nil {
		sess.Close()
		return nil, nil, sdpneg.Local{}, fmt.Errorf("cannot make an SRTP key: %w", err)
	}
	local.Formats = p.localFormats()
	local.RTCPMux = local.RTCPMux || p.params.Bool("rtcpmux") // always with ICE (one component)
	var err error
	if local, err = p.withDTLS(local); err != nil {
		sess.Close()
		return nil, nil, sdpneg.Local{}, err
	}
	return sess, agent, local, nil
}

// localFormats describes our codecs, in the codecs parameter's order, for SDP.
func (p *Phone) localFormats() []sdpneg.Format {
	var out []sdpneg.Format
	reg := p.codecList()
	for _, c := range reg.Codecs() {
		pt, _ := reg.PayloadType(c.Name())
		out = append(out, sdpneg.Format{PT: pt, Name: c.Name(), Rate: c.ClockRate(), Channels: c.Channels(), Fmtp: c.Fmtp()})
	}
	return out
}

// negotiated returns our codec for a negotiation's result, set up for the far end's fmtp.
func (p *Phone) negotiated(res sdpneg.Result) (media.Codec, bool) {
	codec, ok := p.codecs.Lookup(res.Format.Name, res.Format.Rate)
	if rf, isRF := codec.(media.RemoteFmtp); ok && isRF {
		codec = rf.WithRemoteFmtp(res.Format.Fmtp)
	}
	return codec, ok
}

// startMedia starts RTP with the negotiated result and attaches it to the audio engine. Owner goroutine.
func (p *Phone) startMedia(c *call, res sdpneg.Result) error {
	if c.session == nil {
		return fmt.Errorf("no RTP session")
	}
	codec, ok := p.negotiated(res)
	if !ok {
		return fmt.Errorf("negotiated codec %s/%d is not available", res.Format.Name, res.Format.Rate)
	}
	if res.Remote == nil {
		return fmt.Errorf("the far end rejected the audio stream")
	}
	if err := p.applySRTP(c, res); err != nil {
		return err
	}
	c.session.SetRTCPMux(res.RTCPMux) // only when both sides agreed (RFC 5761); always over ICE
	if err := p.startICE(c, res); err != nil {
		return err
	}
	remote := res.Remote
	if c.ice != nil && c.ice.RemoteAddr() != nil {
		remote = c.ice.RemoteAddr() // the selected pair, whatever the SDP's default candidate says
	}
	if err := c.session.Start(codec, res.Format.PT, res.DTMFPT, remote); err != nil {
		return fmt.Errorf("cannot start RTP to %s: %w", res.Remote, err)
	}
	c.session.SetRemoteRTCP(res.RemoteRTCP) // a=rtcp (RFC 3605) when the far end gave one
	if err := p.startDTLS(c, res); err != nil {
		return err
	}
	p.applyDirection(c, res.LocalDirection)
	c.codec = codec.Name()
	sess := c.session
	sess.OnDTMF(func(d rune) {
		p.post(func() {
			if c.session == sess {
				p.receivedDigit(c, d)
			}
		})
	})
	sess.OnInactive(func(idle time.Duration) {
		p.post(func() {
			if c.session == sess && c.state != control.StateFinished {
				p.notice(control.KindError, "Line %d: no audio received from %s for %s; ending the call", c.line, c.peer, idle.Round(time.Second))
				p.endCall(c, fmt.Sprintf("RTP timeout: no media from the far end for %s", idle.Round(time.Second)), 3)
			}
		})
	})
	if c.stream == nil {
		p.setStream(c, sess)
	}
	p.watchQuality(c)
	return nil
}

// applySRTP keys the call's RTP session with our SDES key and the one the far end sent
// (SRTP off when the negotiation was plain RTP), or starts its DTLS-SRTP handshake, records whether the call is encrypted and
// keeps what was agreed (profile, suite, tag) for the session's later offers. Every
// negotiation that takes effect passes here. Owner goroutine.
func (p *Phone) applySRTP(c *call, res sdpneg.Result) error {
	if res.DTLS != nil {
		// Keys come from the handshake (startDTLS, once Start gave the far end's address);
		// the call is marked encrypted when they are in place.
		c.session.AwaitDTLS()
		c.local0 = c.local0.Keep(res)
		return nil
	}
	var err error
	if res.RemoteKey == nil {
		err = c.session.SetSRTP(nil, nil)
	} else {
		err = c.session.SetSRTPSuite(res.Suite, c.local0.CryptoKey, res.RemoteKey)
	}
	if err != nil {
		return fmt.Errorf("cannot set up SRTP: %w", err)
	}
	c.encrypted = res.RemoteKey != nil
	c.local0 = c.local0.Keep(res)
	return nil
}

// setStream gives a call its audio stream, wrapped for per-line mute and recording, and
// starts recording when recordcalls asks. Owner goroutine.
func (p *Phone) setStream(c *call, s media.Stream) {
	c.stream = s
	c.ls = media.NewLineStream(s)
	p.applyMute(c)
	if p.params.Bool("recordcalls") {
		if err := p.startRecording(c); err != nil {
			p.notice(control.KindError, "Line %d: cannot record the call: %v", c.line, err)
		}
	}
	p.syncAudio()
}

// startEcho attaches the built-in echo test to a call. Owner goroutine.
func (p *Phone) startEcho(c *call) error {
	echo, err := media.NewEchoTest(p.codecs)
	if err != nil {
		return fmt.Errorf("echo test: %w", err)
	}
	c.codec = "PCMU"
	p.setStream(c, echo)
	return nil
}

// stopMedia detaches and closes a call's media. Owner goroutine.
func (p *Phone) stopMedia(c *call) {
	if c.attached && p.engine != nil {
		p.engine.Detach(lineKey(c.line))
	}
	c.attached = false
	p.stopRecording(c)
	c.ls = nil
	if cl, ok := c.stream.(interface{ Close() error }); ok {
		cl.Close()
	}
	c.stream = nil
	if c.session != nil {
		p.endQuality(c)
		c.session.Close()
		c.session = nil
	}
	c.ice = nil // closed with the session
}

// lineKey names a line's stream in the audio engine.
func lineKey(line int) string { return fmt.Sprintf("line%d", line) }
