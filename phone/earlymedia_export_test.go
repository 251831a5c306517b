package phone

// LineEarlyMedia reports whether line n played early media and how many RTP packets it
// sent before it was answered, for the earlymedia tests (package phone_test).
func (p *Phone) LineEarlyMedia(n int) (early bool, sent uint64) {
	p.run(func() {
		if c := p.lines[n]; c != nil {
			early, sent = c.early, c.earlySent
		}
	})
	return early, sent
}
