package phone

import (
	"context"
	"errors"
	"fmt"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/sipua"
)

// The INVITE of an outgoing call answers its 401/407 through sipua.Do, the challenge loop of
// every other request, so the md5 parameter (an HA1 in place of the password) and the realm
// work for calls too. Each INVITE sipua.Do sends (the first, the one with credentials) is a new
// transaction of the call's dialog UA; a CANCEL goes to the last one (sipgo sends it for the
// dialog session of that INVITE), and the ACK of the 2xx carries the INVITE's credentials
// (RFC 3261 section 22.1 and 13.2.2.4).

// inviteWriteError is an INVITE that could not be sent at all (no transport to the server).
type inviteWriteError struct{ err error }

func (e *inviteWriteError) Error() string { return e.err.Error() }
func (e *inviteWriteError) Unwrap() error { return e.err }

// sendInvite sends req as a call's INVITE, answering a digest challenge with cred, and
// waits for its final answer with opts (provisional responses reach opts.OnResponse). *dlg is
// the dialog session of the INVITE last sent, set before its responses are read, so
// OnResponse may use it. A non-2xx final answer is a *sipgo.ErrDialogResponse; a challenge
// that cannot be answered a *sipua.ChallengeError; a request that could not leave an
// *inviteWriteError.
func (p *Phone) sendInvite(ctx context.Context, req *sip.Request, cred sipua.Credentials, opts sipgo.AnswerOptions, dlg **sipgo.DialogClientSession) error {
	opts.Username, opts.Password = "", "" // sipua answers challenges, not sipgo
	client := sipua.ClientFunc(func(ctx context.Context, req *sip.Request) (*sip.Response, error) {
		d, err := p.sip.dialogUA().WriteInvite(ctx, req)
		if err != nil {
			return nil, &inviteWriteError{err}
		}
		*dlg = d
		err = d.WaitAnswer(ctx, opts)
		var de *sipgo.ErrDialogResponse
		if errors.As(err, &de) {
			return de.Res, nil
		}
		if err != nil {
			return nil, err
		}
		return d.InviteResponse, nil
	})
	res, err := sipua.Do(ctx, client, req, cred)
	if err != nil {
		return err
	}
	if !res.IsSuccess() {
		return &sipgo.ErrDialogResponse{Res: res}
	}
	return nil
}

// ackInvite sends the ACK of an outgoing call's 2xx with the INVITE's credentials (sipgo's
// own Ack leaves them out).
func ackInvite(ctx context.Context, dlg *sipgo.DialogClientSession) error {
	inv, res := dlg.InviteRequest, dlg.InviteResponse
	target := inv.Recipient
	if c := res.Contact(); c != nil {
		target = c.Address
	}
	ack := sip.NewRequest(sip.ACK, *target.Clone())
	ack.SipVersion = inv.SipVersion
	// From, To, Call-ID, CSeq and the route set are added by the dialog session (WriteAck).
	if c := inv.Contact(); c != nil {
		ack.AppendHeader(sip.HeaderClone(c))
	}
	sip.CopyHeaders("Authorization", inv, ack)
	sip.CopyHeaders("Proxy-Authorization", inv, ack)
	ack.SetTransport(inv.Transport())
	ack.SetSource(inv.Source())
	ack.Laddr = inv.Laddr
	if err := dlg.WriteAck(ctx, ack); err != nil {
		return fmt.Errorf("ACK: %w", err)
	}
	return nil
}
