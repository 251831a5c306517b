package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2/theme"

	"softphone/phone/control"
)

// presenceDots remembers the latest presence and BLF state of each peer, keyed by the peer's
// user part, so a contact's number matches whatever URI form the event used.
type presenceDots struct {
	presence map[string]string // user -> Online, Away, DND, Offline, ...
	blf      map[string]string // user -> idle, ringing, busy
}

// newPresenceDots returns empty state.
func newPresenceDots() *presenceDots {
	return &presenceDots{presence: map[string]string{}, blf: map[string]string{}}
}

// setPresence records peer's presence status.
func (d *presenceDots) setPresence(peer, status string) { d.presence[peerKey(peer)] = status }

// setBLF records peer's dialog state.
func (d *presenceDots) setBLF(peer, state string) { d.blf[peerKey(peer)] = state }

// status returns the state shown for c: a ringing or busy line first, then presence, over its
// numbers in order; "" when nothing is known.
func (d *presenceDots) status(c control.Contact) string {
	for _, n := range c.Numbers {
		if s := d.blf[peerKey(n.Value)]; s != "" && !strings.EqualFold(s, "idle") {
			return s
		}
	}
	for _, n := range c.Numbers {
		if s := d.presence[peerKey(n.Value)]; s != "" {
			return s
		}
	}
	for _, n := range c.Numbers {
		if s := d.blf[peerKey(n.Value)]; s != "" {
			return s
		}
	}
	return ""
}

// statusColor is the dot colour for a presence or BLF status from the current theme.
func statusColor(status string) color.Color {
	switch strings.ToLower(status) {
	case "online", "available", "idle", "open":
		return theme.Color(theme.ColorNameSuccess)
	case "away", "ringing", "busy-away", "brb":
		return theme.Color(theme.ColorNameWarning)
	case "dnd", "busy", "oncall", "in call", "confirmed":
		return theme.Color(theme.ColorNameError)
	case "":
		return color.Transparent
	}
	return theme.Color(theme.ColorNameDisabled)
}

// peerKey reduces a number or SIP URI to its lower-case user part: "sip:1001@host;x=y" and
// "1001" both give "1001".
func peerKey(peer string) string {
	p := strings.ToLower(strings.TrimSpace(peer))
	p = strings.Trim(p, "<>")
	for _, scheme := range []string{"sips:", "sip:", "tel:"} {
		p = strings.TrimPrefix(p, scheme)
	}
	if i := strings.IndexAny(p, "@;?"); i >= 0 {
		p = p[:i]
	}
	return p
}
