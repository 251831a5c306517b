package phone

import (
	"fmt"
	"time"

	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sdpneg"
)

// iceOffers reports whether our own offers carry ICE: only with icemode=always. With
// icemode=offered the phone speaks ICE when the far end's offer does (the media socket of an
// offer without ICE must be a plain one, which a far end that ignores ICE sends to).
func (p *Phone) iceOffers() bool { return p.params.Get("icemode") == "always" }

// iceAnswers reports whether an incoming offer is answered with ICE: icemode offered or
// always, and the offer carries ICE.
func (p *Phone) iceAnswers(offer []byte) bool {
	return p.params.Get("icemode") != "off" && sdpneg.OfferICE(offer) != nil
}

// iceRefusal says why an incoming offer cannot be taken for ICE reasons: icemode=always
// and no ICE in it, or ICE without a usable candidate. nil when it can. Owner goroutine.
func (p *Phone) iceRefusal(offer []byte) *refusedOffer {
	mode := p.params.Get("icemode")
	if mode == "off" {
		return nil
	}
	ice := sdpneg.OfferICE(offer)
	why := ""
	switch {
	case ice == nil && mode == "always":
		why = "no ICE candidates in the offer (parameter icemode=always)"
	case ice == nil:
		return nil
	default:
		if keep, skipped := media.ParseCandidates(ice.Candidates); len(keep) == 0 {
			why = fmt.Sprintf("no usable ICE candidate in the offer (%d given, %v)", len(ice.Candidates), skipped)
		} else if ice.Ufrag == "" || ice.Pwd == "" {
			why = "ICE offer without ice-ufrag or ice-pwd"
		} else {
			return nil
		}
	}
	return &refusedOffer{code: 488, reason: "Not Acceptable Here", warnCode: 306, warnText: "ICE required or unusable", why: why}
}

// newICE gathers a call's ICE candidates and describes them for SDP: c= and m= name the
// default candidate (relay, else server-reflexive, else host), RTCP is multiplexed. A TURN
// server that gave no relay address is reported (an event naming it and why). Safe off the
// owner goroutine.
func (p *Phone) newICE(cfg media.SessionConfig) (*media.Session, *media.ICEAgent, *sdpneg.ICE, error) {
	turn := p.params.Get("turnserver")
	agent, err := media.NewICEAgent(media.ICEConfig{
		STUNServer: p.params.Get("stunserver"),
		TURNServer: turn, TURNUser: p.params.Get("turnusername"), TURNPass: p.params.Get("turnpassword"),
		PortMin: cfg.PortMin, PortMax: cfg.PortMax, Logger: p.log,
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot start ICE: %w", err)
	}
	if err := agent.TURNError(); err != nil {
		p.post(func() {
			p.notice(control.KindError, "TURN server %s (parameter turnserver, turnusername %q): %v; no relay candidate",
				turn, p.params.Get("turnusername"), err)
		})
	}
	ufrag, pwd := agent.Credentials()
	return media.ListenOn(cfg, agent.Transport()), agent, &sdpneg.ICE{Ufrag: ufrag, Pwd: pwd, Candidates: agent.Candidates(), EndOfCandidates: true}, nil
}

// startICE runs a call's connectivity checks once the far end's ICE description is known
// (controlling when we made the offer), at most once per call. When the checks end the pair
// is logged and announced, or the call ends with an event naming the cause. A far end
// without ICE is an error under icemode=always. Owner goroutine.
func (p *Phone) startICE(c *call, res sdpneg.Result) error {
	if c.ice == nil {
		return nil
	}
	if res.RemoteICE == nil {
		return fmt.Errorf("the far end's SDP has no ICE candidates (parameter icemode=%s)", p.params.Get("icemode"))
	}
	agent, sess := c.ice, c.session
	started := time.Now()
	return agent.Connect(c.iceControlling, res.RemoteICE.Ufrag, res.RemoteICE.Pwd, res.RemoteICE.Candidates, func(pair string, err error) {
		p.post(func() {
			if c.ice != agent || c.state == control.StateFinished {
				return
			}
			if err != nil {
				p.notice(control.KindError, "Line %d: ICE with %s failed: %v; ending the call", c.line, c.peer, err)
				p.endCall(c, "ICE failed: "+err.Error(), 3)
				return
			}
			if r := agent.RemoteAddr(); r != nil {
				sess.SetRemote(r)
			}
			c.icePair = pair
			p.publishLine(c) // the pair is in the line's status (icepair)
			p.log.Info("ice: media path selected", "line", c.line, "pair", pair, "took", time.Since(started).Round(time.Millisecond))
			p.notice(control.KindInfo, "Line %d: ICE connected: %s", c.line, pair)
		})
	})
}
