package phone

import (
	"fmt"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sdpneg"
)

// call is one line's call. Owned by the loop goroutine; signalling goroutines reach it
// only through post/run.
type call struct {
	line      int
	dir       int
	callID    string
	peer      string // user part or URI of the other party
	peerName  string // display name of the other party
	local     string // our user name
	peerAddr  string // signalling address of the other side (server or peer)
	state     string
	started   time.Time
	connected time.Time
	reason    string
	disparty  int
	codec     string
	echo      bool
	encrypted bool // media runs over SRTP

	out      *sipgo.DialogClientSession
	in       *sipgo.DialogServerSession
	offer    []byte          // the remote offer of an incoming call
	decision chan decision   // accept/reject of an incoming call, read by its INVITE handler
	cancel   func()          // aborts outgoing call set-up
	local0   sdpneg.Local    // our SDP description
	session  *media.Session  // RTP, nil until media is set up
	ice      *media.ICEAgent // the session's ICE agent (closed with it), nil without ICE
	icePair  string          // ICE's selected candidate pair, "" until connected
	// iceControlling: we made the offer, so our agent controls (RFC 8445 6.1.1).
	iceControlling bool
	stream         media.Stream      // the call's audio: RTP session or echo test
	ls             *media.LineStream // stream with per-line mute and recording, what the engine mixes
	attached       bool              // ls is attached to the audio engine
	early          bool              // early media from a 183 is playing
	ended          chan struct{}     // closed once the call is Finished

	hold       bool                  // we put the call on hold
	remoteHold bool                  // the far end put us on hold
	muted      bool                  // the call is muted in muteDir
	muteDir    control.MuteDirection // seed mute direction: 0 both, 1 speaker, 2 microphone
	conference bool                  // mixed with the other conference lines
	recorder   *media.Recorder       // call recording, nil when not recording
	recorded   string                // the latest recording's file, kept after it stops
	reinvite   bool                  // a re-INVITE of ours is in progress
	byeWait    bool                  // hung up during our re-INVITE: BYE once it completes (byeAfterReinvite)
	byeSent    bool                  // our BYE is out
	holdNext   *bool                 // hold state asked for while a re-INVITE was in progress
	ackWait    chan struct{}         // closed when the ACK for our 2xx to a re-INVITE arrives
	dtmf       chan string           // digits waiting to be sent, drained by one sender goroutine
	transferTo string                // who a transfer of ours goes to
	consult    *call                 // the consultation call of our attended transfer
	consultOf  *call                 // for a consultation call: the call being transferred
	referred   *referSub             // the REFER that asked us to place this call, if any
	replaces   *call                 // the call this one replaces (INVITE with Replaces)
	extra      []sip.Header          // extra headers of our INVITE
	joinConf   bool                  // join the conference once connected
	historyID  int64                 // the call's row in the history, 0 when not saved
	q          *callQuality          // quality meter once media started (quality.go)

	published control.Line // the last line snapshot published (publishLine skips an unchanged one)
	ro        reoffer      // our re-offers: negotiated direction, pending 491 retry (reoffer.go)
	inv       invState     // delayed offer, 100rel and session timer state (delayedoffer.go, prack.go, sessiontimer.go)
}

// decision is the user's answer to an incoming call.
type decision struct {
	accept  bool
	answer  []byte // SDP answer when accepting
	code    int    // SIP status when rejecting
	reason  string
	headers []sip.Header // e.g. the Contact of a 302
}

// snapshot returns the call's immutable state.
func (c *call) snapshot() control.Line {
	l := control.Line{
		Line: c.line, State: c.state, Direction: c.dir, Peer: c.peer, PeerDisplayName: c.peerName,
		Local: c.local, CallID: c.callID, Codec: c.codec, Reason: c.reason,
		Started: c.started, Connected: c.connected,
		Hold: c.hold, RemoteHold: c.remoteHold, Conference: c.conference,
		Mute: c.muted, MuteDirection: int(c.muteDir), Encrypted: c.encrypted, Quality: c.liveQuality(), ICEPair: c.icePair,
	}
	if c.in != nil {
		l.Headers = incomingCustomHeaders(c.in.InviteRequest)
	}
	if c.recorder != nil {
		l.Recording = c.recorder.Path()
	}
	if !c.connected.IsZero() {
		l.Duration = int(time.Since(c.connected).Seconds())
	}
	return l
}

// maxLines is the lines parameter.
func (p *Phone) maxLines() int {
	if n := p.params.Int("lines"); n > 0 {
		return n
	}
	return 4
}

// freeLine returns the lowest free line number. Owner goroutine.
func (p *Phone) freeLine() (int, error) {
	for n := 1; n <= p.maxLines(); n++ {
		if _, used := p.lines[n]; !used {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w (%d lines in use)", ErrBusy, p.maxLines())
}

// lineFor resolves a line argument (0 or negative: the current line) to its call. Owner goroutine.
func (p *Phone) lineFor(line int) (*call, error) {
	if line <= 0 {
		line = p.current
		if _, ok := p.lines[line]; !ok {
			// The seed's functions act on "the current call": take the only one there is.
			for n := 1; n <= p.maxLines(); n++ {
				if _, ok := p.lines[n]; ok {
					line = n
					break
				}
			}
		}
	}
	c, ok := p.lines[line]
	if !ok {
		return nil, fmt.Errorf("%w on line %d", ErrNoLine, line)
	}
	return c, nil
}

// callByID finds a call by SIP Call-ID. Owner goroutine.
func (p *Phone) callByID(id string) *call {
	for _, c := range p.lines {
		if c.callID == id {
			return c
		}
	}
	return nil
}

// publishLine publishes a call's current snapshot (for changes other than its state). Owner goroutine.
// A snapshot equal to the one last published (only the duration or the quality figures
// moved) is not published again: a hold or resume whose answer changes nothing else gives one
// STATUS event. Quality has its own rule (quality.go).
func (p *Phone) publishLine(c *call) {
	p.refreshStatus()
	snap := c.snapshot()
	last := c.published
	last.Duration, last.Quality = snap.Duration, snap.Quality
	if last == snap {
		return
	}
	p.publishSnapshot(c, snap)
}

// publishSnapshot publishes a line snapshot and remembers it. Owner goroutine.
func (p *Phone) publishSnapshot(c *call, snap control.Line) {
	c.published = snap
	n := snap.StatusLine()
	if snap.State == control.StateFinished && p.params.Int("jscripstats") > 0 {
		n = snap.StatsStatusLine() // the seed's extended status with media figures
	}
	p.publish(control.Event{Kind: control.KindLine, Line: &snap, Notification: n})
}

// finish ends a call: state Finished, media released, CDR published, line freed. Owner goroutine.
func (p *Phone) finish(c *call, reason string, disparty int) {
	if c.state == control.StateFinished {
		return
	}
	if c.reason == "" {
		c.reason = reason
	}
	if c.disparty == 0 {
		c.disparty = disparty
	}
	if c.cancel != nil {
		c.cancel()
	}
	p.stopMedia(c)
	p.log.Info("call ended", "line", c.line, "peer", c.peer, "reason", c.reason, "party", c.disparty)
	ended := time.Now()
	p.setState(c, control.StateFinished)
	delete(p.lines, c.line)
	p.refreshStatus()
	cdr := p.cdr(c, ended)
	p.historyEnd(c, ended, cdr)
	p.publish(control.Event{Kind: control.KindCDR, CDR: &cdr, Notification: cdr.CDRLine()})
	close(c.ended)
	if o := c.consultOf; o != nil && c.connected.IsZero() && o.hold && o.state == control.StateHold {
		// The consultation failed: go back to the call being transferred.
		p.notice(control.KindError, "Line %d: consultation with %s failed (%s); resuming line %d", c.line, c.peer, c.reason, o.line)
		p.current = o.line
		if err := p.hold(o, false); err != nil {
			p.notice(control.KindError, "Line %d: could not resume: %v", o.line, err)
		}
	}
	p.leaveConference()
	if _, ok := p.lines[p.current]; !ok {
		p.current = p.nextCurrent()
	}
	p.updateTones()
	if len(p.lines) == 0 {
		p.closeEngine()
	}
}

// cdr builds the call detail record of an ended call.
func (p *Phone) cdr(c *call, ended time.Time) control.CDR {
	rec := control.CDR{Line: c.line, Peer: c.peer, PeerAddress: c.peerAddr, DisParty: c.disparty,
		Reason: c.reason, CallID: c.callID, Direction: c.dir, Quality: c.callAverage()}
	if c.dir == control.DirectionOutgoing {
		rec.Caller, rec.Called = c.local, c.peer
	} else {
		rec.Caller, rec.Called = c.peer, c.local
	}
	if !c.connected.IsZero() {
		rec.ConnectMS = c.connected.Sub(c.started).Milliseconds()
		rec.DurationMS = ended.Sub(c.connected).Milliseconds()
	}
	return rec
}

// endCall starts ending a call in whatever state it is in and returns a channel closed once
// it is Finished. disparty is the seed's disconnecting party (1 local, 2 peer, 3 undefined).
// Owner goroutine.
func (p *Phone) endCall(c *call, reason string, disparty int) <-chan struct{} {
	switch {
	case c.ending():
		return c.ended
	case c.echo:
		p.finish(c, reason, disparty)
	case c.dir == control.DirectionIncoming && c.state == control.StateRinging:
		c.reason, c.disparty = reason, disparty
		p.answerDecision(c, decision{code: 486, reason: "Busy Here"})
		p.setState(c, control.StateFinishing)
	case c.dir == control.DirectionOutgoing && c.connected.IsZero():
		// The INVITE goroutine sends CANCEL and finishes the call when the transaction ends.
		c.reason, c.disparty = reason, disparty
		p.setState(c, control.StateFinishing)
		c.cancel()
	default:
		c.reason, c.disparty = reason, disparty
		p.setState(c, control.StateFinishing)
		p.stopMedia(c)
		p.byeAfterReinvite(c)
	}
	return c.ended
}

// byeWaitMax bounds how long a BYE waits for our pending re-INVITE to complete.
const byeWaitMax = 2 * time.Second

// byeAfterReinvite sends the BYE of a connected call, or, while a re-INVITE of ours is
// pending, once that transaction completes (reinviteDone) or byeWaitMax has passed: the
// far end then sees the ACK for its 2xx before our BYE, which strict peers require.
// Owner goroutine.
func (p *Phone) byeAfterReinvite(c *call) {
	if !c.reinvite {
		p.sendByeOnce(c)
		return
	}
	c.byeWait = true
	p.clock.AfterFunc(byeWaitMax, func() { p.post(func() { p.sendByeOnce(c) }) })
}

// sendByeOnce sends the call's BYE unless it is already out. Owner goroutine.
func (p *Phone) sendByeOnce(c *call) {
	if c.byeSent {
		return
	}
	c.byeSent, c.byeWait = true, false
	d, bye, err := c.newBye(p.byeHeaders()...)
	if err != nil {
		p.log.Warn("BYE failed", "line", c.line, "error", err)
	}
	go p.sendBye(c, d, bye)
}

// reinviteDone records that our re-INVITE completed and sends a BYE that waited for it.
// Owner goroutine.
func (p *Phone) reinviteDone(c *call) {
	c.reinvite = false
	if c.byeWait {
		p.sendByeOnce(c)
	}
}

// answerDecision hands the user's answer to the incoming call's INVITE handler without blocking.
func (p *Phone) answerDecision(c *call, d decision) {
	select {
	case c.decision <- d:
	default:
	}
}
