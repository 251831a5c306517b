package media

import (
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/pion/rtp"
)

// dtmfEvents maps RFC 4733 event codes 0-15 to digits.
const dtmfEvents = "0123456789*#ABCD"

// dtmfVolume is the power level sent in events, -10 dBm0.
const dtmfVolume = 10

// DTMFEvent is one RFC 4733 telephone-event payload.
type DTMFEvent struct {
	Digit    rune
	End      bool
	Volume   uint8  // -dBm0, 0-63
	Duration uint16 // in timestamp units
}

// errShortEvent is wrapped when a telephone-event payload is too short.
var errShortEvent = errors.New("media: telephone-event payload shorter than 4 bytes")

// ParseDTMFEvent decodes an RFC 4733 payload. Unknown event codes and short
// payloads are errors.
func ParseDTMFEvent(b []byte) (DTMFEvent, error) {
	if len(b) < 4 {
		return DTMFEvent{}, fmt.Errorf("%w (%d bytes)", errShortEvent, len(b))
	}
	if int(b[0]) >= len(dtmfEvents) {
		return DTMFEvent{}, fmt.Errorf("%w: event code %d", ErrBadDigit, b[0])
	}
	return DTMFEvent{
		Digit:    rune(dtmfEvents[b[0]]),
		End:      b[1]&0x80 != 0,
		Volume:   b[1] & 0x3f,
		Duration: uint16(b[2])<<8 | uint16(b[3]),
	}, nil
}

// AppendDTMFEvent appends the 4-byte RFC 4733 payload for e to dst.
func AppendDTMFEvent(dst []byte, e DTMFEvent) ([]byte, error) {
	code := strings.IndexRune(dtmfEvents, toUpperDigit(e.Digit))
	if code < 0 {
		return dst, fmt.Errorf("%w: %q", ErrBadDigit, e.Digit)
	}
	flags := e.Volume & 0x3f
	if e.End {
		flags |= 0x80
	}
	return append(dst, byte(code), flags, byte(e.Duration>>8), byte(e.Duration)), nil
}

func toUpperDigit(r rune) rune {
	if r >= 'a' && r <= 'd' {
		return r - 'a' + 'A'
	}
	return r
}

// SendDTMF sends digit as RFC 4733 events: a packet every 20 ms with the same
// timestamp, marker on the first, growing duration, then three end packets.
// Voice is paused meanwhile. It blocks for about duration (40 ms - 5 s).
func (s *Session) SendDTMF(digit rune, duration time.Duration) error {
	ev := DTMFEvent{Digit: toUpperDigit(digit), Volume: dtmfVolume}
	if _, err := AppendDTMFEvent(nil, ev); err != nil {
		return err
	}
	s.mu.Lock()
	closed, started, dtmfPT, remote := s.closed, s.started, s.dtmfPT, s.remote
	s.mu.Unlock()
	switch {
	case closed:
		return ErrClosed
	case !started:
		return ErrNotStarted
	case dtmfPT == 0:
		return ErrNoDTMF
	case !remote.IsValid():
		return fmt.Errorf("%w: remote address unknown", ErrNotStarted)
	}
	s.dtmfMu.Lock()
	defer s.dtmfMu.Unlock()
	s.dtmfActive.Store(true)
	defer s.dtmfActive.Store(false)

	s.txMu.Lock()
	eventTS, frameTS := s.tx.ts, s.tx.frameTS
	s.txMu.Unlock()
	tick := time.NewTicker(FrameDuration)
	defer tick.Stop()
	var payload [4]byte
	for p := range dtmfPackets(ev.Digit, duration, frameTS) {
		if p.pace {
			select {
			case <-tick.C:
			case <-s.done:
				return ErrClosed
			}
		}
		ev = p.event
		b, _ := AppendDTMFEvent(payload[:0], ev)
		s.txMu.Lock()
		err := s.sendRTPLocked(remote, dtmfPT, p.marker, eventTS, b)
		s.txMu.Unlock()
		if err != nil {
			return err
		}
	}
	s.txMu.Lock()
	if end := eventTS + uint32(ev.Duration); int32(s.tx.ts-end) < 0 {
		s.tx.ts = end
	}
	s.tx.marker = true
	s.txMu.Unlock()
	s.ctr.dtmfSent.Add(1)
	return nil
}

// dtmfPacket is one RFC 4733 packet of a digit: its event, whether it carries
// the marker bit, and whether one frame must pass before it is sent.
type dtmfPacket struct {
	event  DTMFEvent
	marker bool
	pace   bool
}

// dtmfPackets yields the packets of one digit lasting duration (clamped to
// 40 ms - 5 s), frameTS timestamp units apart: a packet per frame with the
// marker on the first and a growing duration, then three end packets sent
// back to back. All share the event's start timestamp.
func dtmfPackets(digit rune, duration time.Duration, frameTS uint32) iter.Seq[dtmfPacket] {
	duration = min(max(duration, 40*time.Millisecond), 5*time.Second)
	steps := int((duration + FrameDuration - 1) / FrameDuration)
	return func(yield func(dtmfPacket) bool) {
		ev := DTMFEvent{Digit: toUpperDigit(digit), Volume: dtmfVolume}
		for i := 1; i <= steps; i++ {
			ev.Duration = uint16(min(uint32(i)*frameTS, 0xFFFF))
			if !yield(dtmfPacket{event: ev, marker: i == 1, pace: i > 1}) {
				return
			}
		}
		ev.End = true
		for range 3 {
			if !yield(dtmfPacket{event: ev}) {
				return
			}
		}
	}
}

// handleDTMF reports a received event once: on its first packet, or on an end
// packet if the earlier ones were lost.
func (s *Session) handleDTMF(p *rtp.Packet, report func(rune)) {
	ev, err := ParseDTMFEvent(p.Payload)
	if err != nil {
		s.ctr.malformed.Add(1)
		return
	}
	s.rxMu.Lock()
	isNew := !s.rx.haveEvent || s.rx.eventTS != p.Timestamp
	s.rx.haveEvent, s.rx.eventTS = true, p.Timestamp
	s.rxMu.Unlock()
	if !isNew {
		return
	}
	s.ctr.dtmfRecv.Add(1)
	s.log.Debug("dtmf received", "digit", string(ev.Digit))
	if report != nil {
		report(ev.Digit)
	}
}
