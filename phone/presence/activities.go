package presence

import "strings"

// rank orders the statuses activities can give; the highest seen wins.
func rank(status string) int {
	switch status {
	case Speaking:
		return 4
	case DND:
		return 3
	case Busy:
		return 2
	case Away:
		return 1
	}
	return 0
}

// activityStatus maps one RPID activity (RFC 4480), or the equivalent words
// older clients send in rpid:other, es:activity or im:im, to a status; ""
// means the activity says nothing about reachability.
func activityStatus(activity string) string {
	switch activity {
	case "on-the-phone", "onthephone", "on-phone", "on the phone", "in-call", "speaking":
		return Speaking
	case dndMarker, "dnd", "donotdisturb", "do not disturb":
		return DND
	case "busy", "meeting", "appointment", "presentation", "performance", "worship", "in-a-meeting":
		return Busy
	case "away", "vacation", "holiday", "permanent-absence", "sleeping", "meal", "breakfast",
		"dinner", "lunch", "travel", "in-transit", "steering", "shopping", "idle",
		"berightback", "be-right-back", "outtolunch", "out-to-lunch":
		return Away
	}
	return ""
}

// fromActivities returns the strongest status the activities give, or ""
// if none of them says anything.
func fromActivities(acts []string) string {
	best := ""
	for _, a := range acts {
		if s := activityStatus(a); rank(s) > rank(best) {
			best = s
		}
	}
	return best
}

// cleanActivities lower-cases, trims and deduplicates activity names, dropping
// empty ones.
func cleanActivities(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, a := range l {
			a = strings.ToLower(strings.Join(strings.Fields(a), " "))
			if a == "" || contains(out, a) {
				continue
			}
			out = append(out, a)
		}
	}
	return out
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
