package phone

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipua"
	"softphone/phone/store"
)

// maxChatBytes bounds a chat message body (RFC 3428 advises keeping MESSAGE small).
const maxChatBytes = 64 << 10

// chatTimeout bounds sending one MESSAGE.
const chatTimeout = 15 * time.Second

// SendChat sends a chat message (SIP MESSAGE, text/plain; UTF-8) to number. The message is
// saved before it is sent; its delivery state follows as chat events. When chatsms says so
// the message goes as SMS through the sms HTTP request instead, with the same chat events and
// the provider's answer as ANSWER.
func (p *Phone) SendChat(number, message string) error {
	if message == "" {
		return fmt.Errorf("sendchat: the message is empty")
	}
	if len(message) > maxChatBytes {
		return fmt.Errorf("sendchat: the message is %d bytes; at most %d are allowed", len(message), maxChatBytes)
	}
	if !utf8.ValidString(message) {
		return fmt.Errorf("sendchat: the message is not valid UTF-8")
	}
	sms, err := p.smsFor(number) // httprequests.go (chatsms)
	if err != nil {
		return err
	}
	if !p.run(func() {
		if sms {
			err = p.sendSMSChat(number, message)
		} else {
			err = p.sendChat(number, message)
		}
	}) {
		return ErrClosed
	}
	return err
}

// sendChat saves and starts sending a message. Owner goroutine.
func (p *Phone) sendChat(number, text string) error {
	a := p.account()
	t, err := resolveTarget(number, a)
	if err != nil {
		return err
	}
	if t.echo {
		return fmt.Errorf("%w: the echo test cannot chat", ErrInvalidNumber)
	}
	msg, err := p.saveOutgoing(t.display, text)
	if err != nil {
		return err
	}
	go p.deliverChat(p.sip, msg, t, a)
	return nil
}

// saveOutgoing saves a message about to be sent and publishes it as sending. Owner goroutine.
func (p *Phone) saveOutgoing(peer, text string) (store.Message, error) {
	msg := store.Message{Peer: peer, Text: text, State: "sending", Time: time.Now()}
	if p.store != nil {
		id, err := p.store.SaveOutgoing(msg)
		if err != nil {
			return msg, fmt.Errorf("sendchat: cannot save the message before sending: %w", err)
		}
		msg.ID = id
	}
	p.publishChat(msg)
	return msg, nil
}

// chatDelivered records a sent message's outcome (sent, or failed with reason), saved and
// published, with an error notice naming who it was for when it failed. Any goroutine.
func (p *Phone) chatDelivered(msg store.Message, who, state, reason string) {
	p.post(func() {
		msg.State, msg.Reason = state, reason
		if p.store != nil && msg.ID != 0 {
			if err := p.store.SetMessageState(msg.ID, state, reason); err != nil {
				p.log.Warn("saving message state", "error", err)
			}
		}
		p.publishChat(msg)
		if state == "failed" {
			p.notice(control.KindError, "Message to %s not delivered: %s", who, reason)
		}
	})
}

// deliverChat sends one MESSAGE through st, answering a digest challenge, and records the
// outcome.
func (p *Phone) deliverChat(st *sipStack, msg store.Message, t target, a account) {
	ctx, cancel := context.WithTimeout(p.ctx, chatTimeout)
	defer cancel()
	from := a.from()
	if !t.viaServer || a.server == "" {
		from.Address = sip.Uri{Scheme: "sip", User: firstNonEmpty(a.user, "anonymous"), Host: st.host, Port: st.port}
	}
	dest := ""
	if t.viaServer {
		dest = a.outbound()
	}
	req := sipua.NewRequest(sip.MESSAGE, t.uri,
		sipua.From(from),
		sipua.To(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: t.uri.User, Host: t.uri.Host, Port: t.uri.Port}, Params: sip.NewParams()}),
		sipua.CallID(sip.GenerateTagN(24)+"@"+st.host),
		sipua.CSeq(1),
		sipua.Field("User-Agent", p.userAgent()),
		p.customHeaderOption(),
		sipua.Body("text/plain;charset=UTF-8", []byte(msg.Text)),
		st.outbound(dest))
	res, err := st.send(ctx, req, a.cred())
	state, reason := "sent", ""
	switch {
	case err != nil:
		state, reason = "failed", describeTransportError(a, err, chatTimeout).Error()
	case !res.IsSuccess():
		state, reason = "failed", describeChatStatus(res.StatusCode, res.Reason, t.display)
	}
	p.chatDelivered(msg, t.display, state, reason)
}

// describeChatStatus explains a failed MESSAGE.
func describeChatStatus(code int, reason, who string) string {
	switch code {
	case 404:
		return fmt.Sprintf("%s does not exist (404 %s)", who, reason)
	case 480, 408:
		return fmt.Sprintf("%s is offline (%d %s)", who, code, reason)
	case 413:
		return fmt.Sprintf("the message is too large for the server (413 %s)", reason)
	}
	return fmt.Sprintf("%d %s", code, reason)
}

// onMessage receives a chat message: it is saved (deduplicated by Call-ID and CSeq) before
// the 200 OK, so a crash after answering cannot lose it.
func (p *Phone) onMessage(req *sip.Request, tx sip.ServerTransaction) {
	if code, why := p.screenRequest(req); code != 0 {
		respond(tx, req, code, why)
		return
	}
	if ct := req.ContentType(); ct != nil {
		mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct.Value(), ";", 2)[0]))
		if mt != "text/plain" {
			res := sip.NewResponseFromRequest(req, 415, "Unsupported Media Type", nil)
			res.AppendHeader(sip.NewHeader("Accept", "text/plain"))
			tx.Respond(res)
			return
		}
	}
	body := req.Body()
	if len(body) > maxChatBytes {
		respond(tx, req, 413, "Request Entity Too Large (at most "+strconv.Itoa(maxChatBytes)+" bytes)")
		return
	}
	if !utf8.Valid(body) {
		respond(tx, req, 400, "Bad Request (message body is not UTF-8)")
		return
	}
	msg := store.Message{Peer: fromUser(req), Incoming: true, Text: string(body), State: "received",
		Time: time.Now(), CallID: req.CallID().Value(), CSeq: req.CSeq().SeqNo}
	var saveErr error
	dup := false
	p.run(func() {
		if p.store != nil {
			msg.ID, dup, saveErr = p.store.SaveIncoming(msg)
		}
	})
	if saveErr != nil {
		// Not saved: let the sender retry rather than lose it.
		respond(tx, req, 500, "Server Internal Error (cannot store the message)")
		p.post(func() { p.notice(control.KindError, "Could not save a message from %s: %v", msg.Peer, saveErr) })
		return
	}
	respond(tx, req, 200, "OK")
	if !dup {
		p.post(func() { p.publishChat(msg) })
	}
}

// publishChat publishes a chat message event. Owner goroutine.
func (p *Phone) publishChat(m store.Message) {
	ev := control.Chat{ID: m.ID, Peer: m.Peer, Incoming: m.Incoming, Text: m.Text, State: m.State, Reason: m.Reason, Time: m.Time}
	p.publish(control.Event{Kind: control.KindChat, Chat: &ev, Notification: ev.ChatLine()})
}
