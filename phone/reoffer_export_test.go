package phone

import "softphone/phone/media"

// LineRTPStats returns the RTP counters of line n's session, for the re-INVITE tests
// (package phone_test); ok is false when the line has no RTP session.
func (p *Phone) LineRTPStats(n int) (st media.SessionStats, ok bool) {
	p.run(func() {
		if c := p.lines[n]; c != nil && c.session != nil {
			st, ok = c.session.Stats(), true
		}
	})
	return st, ok
}
