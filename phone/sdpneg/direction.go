package sdpneg

import (
	"fmt"

	"github.com/pion/sdp/v3"
)

// Valid reports whether d is one of the four SDP directions.
func (d Direction) Valid() bool {
	switch d {
	case SendRecv, SendOnly, RecvOnly, Inactive:
		return true
	}
	return false
}

// Sends reports whether d allows sending media.
func (d Direction) Sends() bool { return d == SendRecv || d == SendOnly }

// Receives reports whether d allows receiving media.
func (d Direction) Receives() bool { return d == SendRecv || d == RecvOnly }

// Reverse returns the direction seen from the other side: sendonly becomes
// recvonly and vice versa; sendrecv and inactive stay.
func (d Direction) Reverse() Direction {
	return directionOf(d.Receives(), d.Sends())
}

// Intersect returns the direction allowing only what both d and o allow.
func (d Direction) Intersect(o Direction) Direction {
	return directionOf(d.Sends() && o.Sends(), d.Receives() && o.Receives())
}

func directionOf(send, recv bool) Direction {
	switch {
	case send && recv:
		return SendRecv
	case send:
		return SendOnly
	case recv:
		return RecvOnly
	}
	return Inactive
}

// wish returns the local direction, defaulting to sendrecv.
func (l Local) wish() (Direction, error) {
	if l.Direction == "" {
		return SendRecv, nil
	}
	if !l.Direction.Valid() {
		return "", fmt.Errorf("%w: direction %q", ErrBadLocal, l.Direction)
	}
	return l.Direction, nil
}

// mediaDirection reads the direction attribute of md, falling back to the
// session level, then to sendrecv (RFC 3264 section 5.1).
func mediaDirection(s *sdp.SessionDescription, md *sdp.MediaDescription) Direction {
	if d, ok := directionAttr(md.Attributes); ok {
		return d
	}
	if d, ok := directionAttr(s.Attributes); ok {
		return d
	}
	return SendRecv
}

func directionAttr(attrs []sdp.Attribute) (Direction, bool) {
	for _, a := range attrs {
		if d := Direction(a.Key); d.Valid() && a.Value == "" {
			return d, true
		}
	}
	return "", false
}
