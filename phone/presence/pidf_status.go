package presence

import "strings"

// status derives the presentity's Status from what the parser collected. A basic value
// other than open or closed (RFC 3863 allows only those two) says nothing about the
// tuple: baresip publishes "unknown" at start-up, and a presence server aggregating that
// stale publication with a fresh one sends both tuples, so such a tuple is passed over
// rather than making the whole document unreadable.
func (d *pidfDoc) status() (Status, error) {
	var open, closed []*tuple
	for i := range d.tuples {
		t := &d.tuples[i]
		switch b := strings.ToLower(strings.TrimSpace(t.basic)); b {
		case "open":
			open = append(open, t)
		case "closed":
			closed = append(closed, t)
		}
	}
	st := Status{Entity: d.entity}
	switch {
	case len(open) > 0:
		lists := [][]string{d.personActs}
		for _, t := range open {
			lists = append(lists, t.activities)
		}
		st.Activities = cleanActivities(lists...)
		st.Status = orDefault(fromActivities(st.Activities), Online)
		st.Note = firstNote(tupleNotes(open), d.presenceNote, d.personNote)
	case len(closed) > 0:
		st.Status = Offline
		st.Activities = cleanActivities(d.personActs)
		st.Note = firstNote(tupleNotes(closed), d.presenceNote, d.personNote)
	default:
		st.Activities = cleanActivities(d.personActs)
		st.Status = orDefault(fromActivities(st.Activities), Unknown)
		st.Note = firstNote(nil, d.presenceNote, d.personNote)
	}
	return st, nil
}

// tupleNotes returns the notes of the given tuples, in document order.
func tupleNotes(ts []*tuple) []string {
	notes := make([]string, 0, len(ts))
	for _, t := range ts {
		notes = append(notes, t.note)
	}
	return notes
}

// firstNote returns the first non-blank note among the tuple notes, then the
// document note, then the person note, with runs of white space collapsed.
func firstNote(tupleNotes []string, more ...string) string {
	for _, n := range append(tupleNotes, more...) {
		if n = strings.ToValidUTF8(strings.Join(strings.Fields(n), " "), ""); n != "" {
			return n
		}
	}
	return ""
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
