package sdpneg

// CommonCodecs returns our formats (from offer) that answer, the far end's answer to it,
// lists on its audio stream, in the answer's order; telephone-event is not counted. An
// answer that does not parse or has no audio stream has none.
func CommonCodecs(offer Local, answer []byte) []Format {
	s, err := parse(answer)
	if err != nil || len(s.MediaDescriptions) == 0 {
		return nil
	}
	var out []Format
	for _, f := range mediaFormats(s.MediaDescriptions[0]) {
		if f.isTelephoneEvent() {
			continue
		}
		if ours, ok := findLocal(offer.Formats, f); ok {
			out = append(out, ours)
		}
	}
	return out
}

// Only returns l offering the one codec f (matched by name, rate and channels) with our
// payload type for it, and whether l had it; telephone-event stays as l says.
func (l Local) Only(f Format) (Local, bool) {
	ours, ok := findLocal(l.Formats, f)
	if !ok {
		return l, false
	}
	l.Formats = []Format{ours}
	return l, true
}
