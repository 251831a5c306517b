package phone

import (
	"errors"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/presence"
)

// maxNotifyBytes bounds a NOTIFY body.
const maxNotifyBytes = 64 << 10

// onNotify routes NOTIFYs by their Event: REFER progress, presence, dialog (BLF) and
// message-summary (voicemail, also accepted unsolicited from the server).
func (p *Phone) onNotify(req *sip.Request, tx sip.ServerTransaction) {
	ev := ""
	if h := req.GetHeader("Event"); h != nil {
		ev = strings.ToLower(strings.TrimSpace(strings.SplitN(h.Value(), ";", 2)[0]))
	}
	switch ev {
	case "refer":
		p.onReferNotify(req, tx)
		return
	case "presence", "dialog", "message-summary":
	default:
		respond(tx, req, 489, "Bad Event")
		return
	}
	if len(req.Body()) > maxNotifyBytes {
		respond(tx, req, 413, "Request Entity Too Large")
		return
	}
	callID := ""
	if h := req.CallID(); h != nil {
		callID = h.Value()
	}
	var sub *subscription
	p.run(func() { sub = p.subscriptionByCallID(callID) })
	if sub == nil {
		if ev != "message-summary" {
			respond(tx, req, 481, "Subscription Does Not Exist")
			return
		}
		if code, why := p.screenRequest(req); code != 0 {
			respond(tx, req, code, why)
			return
		}
	}
	state := ""
	if h := req.GetHeader("Subscription-State"); h != nil {
		state = strings.ToLower(h.Value())
	}
	if len(req.Body()) == 0 {
		respond(tx, req, 200, "OK") // e.g. the first NOTIFY of a pending subscription
		p.subscriptionState(sub, state)
		return
	}
	var publish func()
	switch ev {
	case "presence":
		st, err := presence.ParsePIDF(req.Body())
		if err != nil {
			respond(tx, req, 400, "Bad Request (PIDF: "+err.Error()+")")
			p.post(func() { p.notice(control.KindError, "Bad presence document from %s: %v", sub.peer, err) })
			return
		}
		// The event carries our status names (as setpresencestatus takes them); the seed line
		// its own (Available, DoNotDisturb, ...).
		ps := control.Presence{Peer: sub.peer, Status: st.Status, Note: st.Note}
		line := control.Presence{Peer: sub.peer, Status: presence.NotificationName(st.Status)}.PresenceLine()
		publish = func() { p.publish(control.Event{Kind: control.KindPresence, Presence: &ps, Notification: line}) }
	case "dialog":
		di, err := presence.ParseDialogInfo(req.Body())
		if err != nil {
			respond(tx, req, 400, "Bad Request (dialog-info: "+err.Error()+")")
			p.post(func() { p.notice(control.KindError, "Bad dialog-info from %s: %v", sub.peer, err) })
			return
		}
		publish = func() {
			// Partial documents update the view kept for this subscription (RFC 4235 4.1).
			merged, err := sub.dialogs.Apply(di)
			switch {
			case di.State == "full" && err != nil:
				merged = di // a full document after re-subscribing starts a new view
			case errors.Is(err, presence.ErrStaleVersion):
				return
			case err != nil:
				sub.dialogs = presence.DialogInfo{}
				sub.ended("terminated;retry-after=0") // a gap: subscribe again for a full state
				return
			}
			sub.dialogs = merged
			ps := control.Presence{Peer: sub.peer, Status: merged.BLFState()}
			if p.blf[ps.Peer] == ps.Status {
				return
			}
			p.blf[ps.Peer] = ps.Status
			p.publish(control.Event{Kind: control.KindBLF, Presence: &ps, Notification: ps.BLFLine()})
		}
	case "message-summary":
		sum, err := presence.ParseMessageSummary(req.Body())
		if err != nil {
			respond(tx, req, 400, "Bad Request (message-summary: "+err.Error()+")")
			p.post(func() { p.notice(control.KindError, "Bad voicemail notification: %v", err) })
			return
		}
		m := control.MWI{Waiting: sum.Waiting, New: sum.Voice.New, Old: sum.Voice.Old, Account: sum.Account}
		publish = func() {
			p.mwi = m
			p.refreshStatus()
			p.publish(control.Event{Kind: control.KindMWI, MWI: &m, Notification: m.MWILine()})
		}
	}
	respond(tx, req, 200, "OK")
	p.post(func() {
		publish()
		p.subscriptionState(sub, state)
	})
}

// subscriptionState re-subscribes when a NOTIFY says the subscription terminated.
func (p *Phone) subscriptionState(sub *subscription, state string) {
	if sub != nil && strings.HasPrefix(state, "terminated") {
		sub.ended(state)
	}
}
