package phone

// progress is what a 18x of a call we make does, from changesptoring and earlymedia.
type progress struct {
	ringing    bool // the line shows Ringing (and plays the ringback tone without early media)
	media      bool // its SDP answer starts early media
	listenOnly bool // early media plays the far end's audio; we send none until answered
}

// progressPolicy applies changesptoring (how a 183 counts) and earlymedia (whether an 18x's
// answer starts media, and in which directions) to a 18x with the given status, with or
// without SDP, reliable (RFC 3262) or not. Owner goroutine.
func (p *Phone) progressPolicy(code int, sdp, reliable bool) progress {
	em := p.params.Int("earlymedia")
	pr := progress{ringing: true, media: sdp && em != 0, listenOnly: em == 1 || em == 2 && !reliable}
	if code != 183 {
		return pr
	}
	switch p.params.Int("changesptoring") {
	case 0: // Session Progress is not ringing
		pr.ringing = false
	case 2: // ringing only when no early media comes with it
		pr.ringing = !pr.media
	case 3: // always ringing with our own ringback tone
		pr.media = false
	}
	return pr
}

// earlySent is how many RTP packets c sent so far (before its answer, the early media sent).
// Owner goroutine.
func (p *Phone) earlySent(c *call) uint64 {
	if c.session == nil {
		return 0
	}
	return c.session.Stats().PacketsSent
}
