package phone

import (
	"context"
	"errors"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/sipua"
)

// Every request the phone originates is built with sipua.NewRequest. Out-of-dialog ones
// (REGISTER, MESSAGE, SUBSCRIBE, PUBLISH) are sent with sipua.Do through the stack's client,
// leaving by the stack's transport (outbound), which the INVITE (newInvite) uses too; in-dialog
// ones through the call's dialog session (inDialog; the BYE by newBye, the PRACK by sendPrack).

// outbound is how an out-of-dialog request leaves: by the stack's transport, to dest (the
// proxy or the registrar in use; "" leaves it to the Request-URI).
func (s *sipStack) outbound(dest string) sipua.Option {
	return sipua.Options(sipua.Transport(s.transport), sipua.Destination(dest))
}

// outboundTo is outbound for a request to target, which may ask for its own transport
// (sips:, ;transport=): the INVITE of a call.
func (s *sipStack) outboundTo(target sip.Uri, dest string) sipua.Option {
	return sipua.Options(sipua.Transport(s.transportFor(target)), sipua.Destination(dest))
}

// do sends an out-of-dialog request through the request path, answering a digest challenge
// with cred. A challenge it cannot answer comes back with a *sipua.ChallengeError.
func (s *sipStack) do(ctx context.Context, req *sip.Request, cred sipua.Credentials) (*sip.Response, error) {
	return sipua.Do(ctx, sipua.SipgoClient(s.client), req, cred)
}

// send is do for requests that report an unanswerable challenge as the failure status it is
// (MESSAGE, SUBSCRIBE, PUBLISH); REGISTER explains it instead.
func (s *sipStack) send(ctx context.Context, req *sip.Request, cred sipua.Credentials) (*sip.Response, error) {
	return challengeAsStatus(s.do(ctx, req, cred))
}

// challengeAsStatus turns a *sipua.ChallengeError into its 401/407 response without error.
func challengeAsStatus(res *sip.Response, err error) (*sip.Response, error) {
	var ce *sipua.ChallengeError
	if errors.As(err, &ce) {
		return ce.Response, nil
	}
	return res, err
}
