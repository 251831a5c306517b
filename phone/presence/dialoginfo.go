package presence

import (
	"strconv"
	"strings"
)

// Dialog states (RFC 4235 section 3.7.1).
const (
	StateTrying     = "trying"
	StateProceeding = "proceeding"
	StateEarly      = "early"
	StateConfirmed  = "confirmed"
	StateTerminated = "terminated"
)

// Dialog directions (RFC 4235 section 4.1.1).
const (
	Initiator = "initiator"
	Recipient = "recipient"
)

// DialogInfo is a dialog-info document (RFC 4235), as sent in NOTIFY for the
// dialog event package that busy lamp fields subscribe to.
type DialogInfo struct {
	// Entity is the monitored URI.
	Entity string
	// Version increases by one with each document the notifier sends.
	Version uint64
	// State is "full" (the whole state) or "partial" (changes only).
	State string
	// Dialogs are the dialogs reported, in document order.
	Dialogs []Dialog
}

// Dialog is one dialog of a DialogInfo.
type Dialog struct {
	ID        string
	CallID    string
	LocalTag  string
	RemoteTag string
	// Direction is Initiator, Recipient or "" when the notifier did not say.
	Direction string
	// State is one of the State* constants.
	State string
	// Event and Code qualify a state change (e.g. "rejected", 486); often empty.
	Event string
	Code  int
	// LocalIdentity is the monitored party's URI in this dialog.
	LocalIdentity string
	// RemoteIdentity and RemoteDisplay identify the other party.
	RemoteIdentity string
	RemoteDisplay  string
}

// xmlDialogInfo mirrors the document for encoding/xml; elements are matched
// by local name so any namespace prefix works.
type xmlDialogInfo struct {
	Entity  string      `xml:"entity,attr"`
	Version *string     `xml:"version,attr"`
	State   *string     `xml:"state,attr"`
	Dialogs []xmlDialog `xml:"dialog"`
}

// xmlDialog mirrors one dialog element.
type xmlDialog struct {
	ID        string         `xml:"id,attr"`
	CallID    string         `xml:"call-id,attr"`
	LocalTag  string         `xml:"local-tag,attr"`
	RemoteTag string         `xml:"remote-tag,attr"`
	Direction string         `xml:"direction,attr"`
	States    []xmlState     `xml:"state"`
	Local     xmlParticipant `xml:"local"`
	Remote    xmlParticipant `xml:"remote"`
}

// xmlState mirrors a dialog's state element.
type xmlState struct {
	Value string `xml:",chardata"`
	Event string `xml:"event,attr"`
	Code  string `xml:"code,attr"`
}

// xmlParticipant mirrors a local or remote element.
type xmlParticipant struct {
	Identity struct {
		URI     string `xml:",chardata"`
		Display string `xml:"display,attr"`
	} `xml:"identity"`
	Target struct {
		URI string `xml:"uri,attr"`
	} `xml:"target"`
}

// ParseDialogInfo reads a dialog-info document (application/dialog-info+xml,
// RFC 4235) such as Kamailio's presence_dialoginfo, Asterisk or FreeSWITCH
// send for BLF. The root's version and state attributes are required; each
// dialog needs an id and a state from the RFC's list; direction, when given,
// must be initiator or recipient. An empty body returns ErrEmpty, one over
// MaxBodySize ErrTooLarge, anything else wrong ErrMalformed naming it.
func ParseDialogInfo(body []byte) (DialogInfo, error) {
	if err := checkBody(body); err != nil {
		return DialogInfo{}, err
	}
	dec := newDecoder(body)
	root, err := rootElement(dec, "dialog-info", "dialog-info")
	if err != nil {
		return DialogInfo{}, err
	}
	var x xmlDialogInfo
	if err := dec.DecodeElement(&x, &root); err != nil {
		return DialogInfo{}, syntaxError("dialog-info", err)
	}
	if err := finishDocument(dec, "dialog-info"); err != nil {
		return DialogInfo{}, err
	}
	return x.convert()
}

// convert validates the decoded document and turns it into a DialogInfo.
func (x *xmlDialogInfo) convert() (DialogInfo, error) {
	if x.Version == nil {
		return DialogInfo{}, malformed("dialog-info: missing version attribute")
	}
	v, err := strconv.ParseUint(strings.TrimSpace(*x.Version), 10, 64)
	if err != nil {
		return DialogInfo{}, malformed("dialog-info: version %q is not a non-negative integer", clip(*x.Version))
	}
	if x.State == nil {
		return DialogInfo{}, malformed("dialog-info: missing state attribute")
	}
	docState := strings.ToLower(strings.TrimSpace(*x.State))
	if docState != "full" && docState != "partial" {
		return DialogInfo{}, malformed("dialog-info: state %q is neither full nor partial", clip(*x.State))
	}
	info := DialogInfo{Entity: strings.TrimSpace(x.Entity), Version: v, State: docState}
	if len(x.Dialogs) > 0 {
		info.Dialogs = make([]Dialog, 0, len(x.Dialogs))
	}
	for i := range x.Dialogs {
		d, err := x.Dialogs[i].convert(i + 1)
		if err != nil {
			return DialogInfo{}, err
		}
		info.Dialogs = append(info.Dialogs, d)
	}
	return info, nil
}

// convert validates one decoded dialog; n is its 1-based position for errors.
func (x *xmlDialog) convert(n int) (Dialog, error) {
	id := strings.TrimSpace(x.ID)
	if id == "" {
		return Dialog{}, malformed("dialog-info: dialog %d has no id", n)
	}
	if len(x.States) != 1 {
		return Dialog{}, malformed("dialog-info: dialog %q has %d state elements, want 1", clip(id), len(x.States))
	}
	st := x.States[0]
	state := strings.ToLower(strings.TrimSpace(st.Value))
	switch state {
	case StateTrying, StateProceeding, StateEarly, StateConfirmed, StateTerminated:
	default:
		return Dialog{}, malformed("dialog-info: dialog %q has unknown state %q", clip(id), clip(st.Value))
	}
	dir := strings.ToLower(strings.TrimSpace(x.Direction))
	if dir != "" && dir != Initiator && dir != Recipient {
		return Dialog{}, malformed("dialog-info: dialog %q has unknown direction %q", clip(id), clip(x.Direction))
	}
	d := Dialog{
		ID:             id,
		CallID:         strings.TrimSpace(x.CallID),
		LocalTag:       strings.TrimSpace(x.LocalTag),
		RemoteTag:      strings.TrimSpace(x.RemoteTag),
		Direction:      dir,
		State:          state,
		Event:          strings.TrimSpace(st.Event),
		LocalIdentity:  orDefault(strings.TrimSpace(x.Local.Identity.URI), strings.TrimSpace(x.Local.Target.URI)),
		RemoteIdentity: orDefault(strings.TrimSpace(x.Remote.Identity.URI), strings.TrimSpace(x.Remote.Target.URI)),
		RemoteDisplay:  strings.TrimSpace(x.Remote.Identity.Display),
	}
	if c := strings.TrimSpace(st.Code); c != "" {
		code, err := strconv.Atoi(c)
		if err != nil || code < 100 || code > 699 {
			return Dialog{}, malformed("dialog-info: dialog %q has bad state code %q", clip(id), clip(st.Code))
		}
		d.Code = code
	}
	return d, nil
}
