package presence

import (
	"fmt"
	"strings"
)

// Presence status names. The first five are the ones a user sets (the seed's
// setpresencestatus); ParsePIDF reports Online, Away, Busy, DND, Speaking,
// Offline or Unknown.
const (
	Online    = "Online"
	Away      = "Away"
	DND       = "DND"
	Invisible = "Invisible"
	Offline   = "Offline"
	Busy      = "Busy"
	Speaking  = "Speaking"
	Unknown   = "Unknown"
)

// NormalizeStatus returns the seed's spelling of a status a user may set
// (Online, Away, DND, Invisible, Offline), matching case-insensitively and also
// accepting the common aliases Available, DoNotDisturb and Busy (for DND). Any
// other name is an error wrapping ErrUnknownStatus.
func NormalizeStatus(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "online", "available", "open":
		return Online, nil
	case "away":
		return Away, nil
	case "dnd", "donotdisturb", "do-not-disturb", "busy":
		return DND, nil
	case "invisible":
		return Invisible, nil
	case "offline", "closed":
		return Offline, nil
	}
	return "", fmt.Errorf("%w: %q (want Online, Away, DND, Invisible or Offline)", ErrUnknownStatus, s)
}

// NotificationName maps a status reported by ParsePIDF to the word the seed's
// PRESENCE notification uses (Online -> Available, DND -> DoNotDisturb);
// others are returned unchanged.
func NotificationName(status string) string {
	switch status {
	case Online:
		return "Available"
	case DND:
		return "DoNotDisturb"
	}
	return status
}
