package phone

import (
	"context"

	"github.com/emiago/sipgo"

	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sdpneg"
)

// A hangup of an outgoing call before any provisional answer (endCall) ends the line at once
// while its INVITE transaction still runs: RFC 3261 section 9.1 allows no CANCEL before a
// provisional response, and a user expects the line free now. The INVITE goroutine goes on
// with its context cancelled; sipgo (DialogClientSession.WaitAnswer) then sends the CANCEL as
// soon as a provisional arrives, or gives up when the transaction times out (Timer B), both
// without further effect on the user (failCall finds the call Finished). A 2xx that comes
// instead, before the CANCEL could go or across it, ends WaitAnswer with an error while the
// far end believes the call connected: lateAnswer picks it out, and the call is ACKed and
// ended with a BYE (onAnswered on a Finished call).

// lateAnswer reports whether an INVITE that ended with err after the call was cancelled (ctx
// done) was answered with a 2xx all the same. dlg is the dialog session of the INVITE last
// sent, read by the INVITE goroutine that owns it.
func lateAnswer(ctx context.Context, err error, dlg *sipgo.DialogClientSession) bool {
	return err != nil && ctx.Err() != nil && dlg != nil && dlg.InviteResponse != nil &&
		dlg.InviteResponse.IsSuccess()
}

// onProvisional records that our INVITE got a provisional answer: from now on a hangup
// CANCELs and the line stays Finishing until the transaction ends. Owner goroutine.
func (p *Phone) onProvisional(c *call) { c.provisional = true }

// sessionReady hands a call its media session, or closes the session when the user hung up
// before it was made (the line is already Finished, nothing would close it). Owner goroutine.
func (p *Phone) sessionReady(c *call, sess *media.Session, agent *media.ICEAgent, local sdpneg.Local) {
	if c.state == control.StateFinished {
		sess.Close()
		return
	}
	c.session, c.ice, c.iceControlling, c.local0 = sess, agent, agent != nil, local
}
