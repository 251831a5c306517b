package sipua

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// Client sends one request and returns its final response: the seam between the request path
// and the SIP stack (tests put a scripted far end here).
type Client interface {
	Do(ctx context.Context, req *sip.Request) (*sip.Response, error)
}

// ClientFunc is a function used as a Client.
type ClientFunc func(ctx context.Context, req *sip.Request) (*sip.Response, error)

// Do calls f.
func (f ClientFunc) Do(ctx context.Context, req *sip.Request) (*sip.Response, error) {
	return f(ctx, req)
}

// SipgoClient sends out-of-dialog requests through a sipgo client (which adds Via,
// Max-Forwards and whatever else the request lacks).
func SipgoClient(c *sipgo.Client) Client {
	return ClientFunc(func(ctx context.Context, req *sip.Request) (*sip.Response, error) {
		return c.Do(ctx, req)
	})
}

// Transactor is what both sipgo dialog sessions (we called, we were called) offer for
// requests inside a dialog.
type Transactor interface {
	TransactionRequest(ctx context.Context, req *sip.Request) (sip.ClientTransaction, error)
}

// InDialog sends requests inside the dialog d: the session adds the dialog's From, To,
// Call-ID, the next CSeq and the Route set, and the transport of the dialog's INVITE.
func InDialog(d Transactor) Client {
	return ClientFunc(func(ctx context.Context, req *sip.Request) (*sip.Response, error) {
		tx, err := d.TransactionRequest(ctx, req)
		if err != nil {
			return nil, err
		}
		defer tx.Terminate()
		return Final(ctx, tx, req.Method)
	})
}

// Final waits for the final response of the client transaction tx, started for a method
// request (provisional responses are skipped). It does not end tx.
func Final(ctx context.Context, tx sip.ClientTransaction, method sip.RequestMethod) (*sip.Response, error) {
	for {
		select {
		case res := <-tx.Responses():
			if res.IsProvisional() {
				continue
			}
			return res, nil
		case <-tx.Done():
			return nil, fmt.Errorf("no final response to %s: %w", method, tx.Err())
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// ErrNoAnswer is a transaction that ended without a final response and without an error:
// sipgo's Client.Do returns (nil, nil) when the transaction is terminated from outside, e.g.
// when its TCP connection is closed.
var ErrNoAnswer = errors.New("the transaction ended without an answer (connection closed)")

// ChallengeFailure says why Do could not answer a challenge.
type ChallengeFailure int

// Why a challenge went unanswered.
const (
	NoPassword      ChallengeFailure = iota + 1 // the credentials have no password
	Unusable                                    // no digest challenge Do can answer
	CredentialsSent                             // challenged again after answering: wrong username or password
)

// ChallengeError is a 401 or 407 that Do could not answer; Response is that answer (Do
// returns it too).
type ChallengeError struct {
	Why      ChallengeFailure
	Username string        // whose credentials were sent (CredentialsSent)
	Response *sip.Response // the unanswered challenge
	Err      error         // for Unusable: what was wrong with the challenge
}

// Error says what went wrong, naming the status.
func (e *ChallengeError) Error() string {
	code, reason := e.Response.StatusCode, e.Response.Reason
	switch e.Why {
	case NoPassword:
		return fmt.Sprintf("asked for a password (%d %s) but the password is empty", code, reason)
	case Unusable:
		return fmt.Sprintf("cannot authenticate: %v", e.Err)
	}
	return fmt.Sprintf("wrong username or password: the credentials of %q were rejected (%d %s)", e.Username, code, reason)
}

// Unwrap returns the challenge's problem (Unusable).
func (e *ChallengeError) Unwrap() error { return e.Err }

// Do sends req through c and returns the final response. A 401 or 407 is answered once with
// cred, using the strongest digest challenge offered (RFC 8760), in a copy of req as it was
// before sending (so the client adds a new Via, and a dialog its next CSeq and route set) with
// the next CSeq; a challenge that cannot be answered, or a second one, comes back with a
// *ChallengeError beside the response. A transaction that ends with neither a response nor an
// error returns ErrNoAnswer. After Do, req's CSeq is the last one sent, so a caller that
// counts CSeqs for its Call-ID continues from it.
func Do(ctx context.Context, c Client, req *sip.Request, cred Credentials) (*sip.Response, error) {
	pristine := clone(req)
	sent := req
	res, err := send(ctx, c, req)
	for attempt := 0; err == nil && IsChallenge(res); attempt++ {
		if attempt == 1 {
			return res, &ChallengeError{Why: CredentialsSent, Username: cred.Username, Response: res}
		}
		if !cred.usable() {
			return res, &ChallengeError{Why: NoPassword, Response: res}
		}
		retry := clone(pristine)
		if cs, prev := retry.CSeq(), sent.CSeq(); cs != nil && prev != nil {
			cs.SeqNo = prev.SeqNo + 1
		}
		if aerr := Authorize(retry, res, cred); aerr != nil {
			return res, &ChallengeError{Why: Unusable, Response: res, Err: aerr}
		}
		sent = retry
		res, err = send(ctx, c, retry)
		if cs, last := req.CSeq(), retry.CSeq(); cs != nil && last != nil {
			cs.SeqNo = last.SeqNo
		}
	}
	return res, err
}

// send is one transaction; never a nil response without an error.
func send(ctx context.Context, c Client, req *sip.Request) (*sip.Response, error) {
	res, err := c.Do(ctx, req)
	if err == nil && res == nil {
		err = ErrNoAnswer
	}
	return res, err
}

// clone copies req as built: headers, body, and the transport and destination it was given
// (sip.Request.Clone would fix a destination computed from the Request-URI, bypassing a route
// set a dialog adds later).
func clone(req *sip.Request) *sip.Request {
	c := sip.NewRequest(req.Method, *req.Recipient.Clone())
	c.SipVersion = req.SipVersion
	for _, h := range req.CloneHeaders() {
		c.AppendHeader(h)
	}
	if body := req.Body(); body != nil {
		c.SetBody(slices.Clone(body))
	}
	c.SetTransport(req.MessageData.Transport())
	c.SetDestination(req.MessageData.Destination())
	return c
}
