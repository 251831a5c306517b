package presence

import "fmt"

// BLF lamp states reported by DialogInfo.BLFState.
const (
	BLFIdle    = "idle"
	BLFRinging = "ringing"
	BLFBusy    = "busy"
)

// MaxDialogs bounds how many dialogs Apply keeps for one monitored entity.
const MaxDialogs = 256

// BLFState summarises the document's dialogs for a busy lamp field:
//
//	"ringing"  a dialog is early, or trying/proceeding towards the monitored
//	           party (direction recipient): someone could pick the call up
//	"busy"     a dialog is confirmed, or trying/proceeding as initiator (or
//	           with no direction given)
//	"idle"     no dialogs, or all terminated
//
// Ringing wins over busy, since a call waiting for pickup is what a lamp must
// show. For a partial document this covers only the dialogs it carries; keep a
// view with Apply.
func (d DialogInfo) BLFState() string {
	state := BLFIdle
	for _, dl := range d.Dialogs {
		switch s := dialogLamp(dl); {
		case s == BLFRinging:
			return BLFRinging
		case s == BLFBusy:
			state = BLFBusy
		}
	}
	return state
}

// dialogLamp maps one dialog to a lamp state.
func dialogLamp(dl Dialog) string {
	switch dl.State {
	case StateEarly:
		return BLFRinging
	case StateTrying, StateProceeding:
		if dl.Direction == Recipient {
			return BLFRinging
		}
		return BLFBusy
	case StateConfirmed:
		return BLFBusy
	}
	return BLFIdle
}

// Apply returns the view after the notification next, given the view d built
// from earlier ones (the zero DialogInfo before the first). A full document
// replaces the view; a partial one updates dialogs by id and adds new ones.
// Terminated dialogs are dropped from the result, which is always "full".
//
// Errors leave the view unchanged: ErrStaleVersion when next is not newer
// than d (discard it), ErrVersionGap when a partial document skips versions
// (refresh the subscription for a full one), ErrTooManyDialogs past MaxDialogs.
// A new subscription's first NOTIFY should be applied to a zero DialogInfo,
// since its version numbering starts again.
func (d DialogInfo) Apply(next DialogInfo) (DialogInfo, error) {
	started := d.State != ""
	if started && next.Version <= d.Version {
		return d, fmt.Errorf("%w: got %d after %d", ErrStaleVersion, next.Version, d.Version)
	}
	var base []Dialog
	if next.State == "partial" {
		if started && next.Version != d.Version+1 {
			return d, fmt.Errorf("%w: partial version %d after %d", ErrVersionGap, next.Version, d.Version)
		}
		base = d.Dialogs
	}
	out := DialogInfo{Entity: next.Entity, Version: next.Version, State: "full"}
	if out.Entity == "" {
		out.Entity = d.Entity
	}
	merged := make([]Dialog, 0, len(base)+len(next.Dialogs))
	merged = append(merged, base...)
	for _, dl := range next.Dialogs {
		if i := indexDialog(merged, dl.ID); i >= 0 {
			merged[i] = dl
		} else {
			merged = append(merged, dl)
		}
	}
	for _, dl := range merged {
		if dl.State != StateTerminated {
			out.Dialogs = append(out.Dialogs, dl)
		}
	}
	if len(out.Dialogs) > MaxDialogs {
		return d, fmt.Errorf("%w: %d dialogs, limit %d", ErrTooManyDialogs, len(out.Dialogs), MaxDialogs)
	}
	return out, nil
}

// indexDialog returns the index of the dialog with the given id, or -1.
func indexDialog(ds []Dialog, id string) int {
	for i := range ds {
		if ds[i].ID == id {
			return i
		}
	}
	return -1
}
