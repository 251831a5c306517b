// Package sipua is the phone's one path for SIP requests it originates: NewRequest builds a
// request from options (From, To, Call-ID, CSeq, Contact, Route set, headers, body, and the
// transport and destination it leaves by), and Do sends it through a Client, answering the
// one digest challenge (401/407, the strongest algorithm offered first, RFC 8760) and turning
// sipgo's "no response and no error" into an error.
//
// Out-of-dialog requests (REGISTER, MESSAGE, SUBSCRIBE, PUBLISH) go through SipgoClient;
// requests inside a dialog (BYE, REFER, INFO, NOTIFY, re-INVITE, UPDATE) through InDialog,
// which lets sipgo's dialog session add the dialog's From, To, Call-ID, CSeq and Route set.
// The initial INVITE, its PRACKs and ACKs and the BYE are built here too but sent by sipgo's
// dialog sessions, which keep the dialog's state (WaitAnswer answers the INVITE's challenge
// and sends its CANCEL; Final waits for a PRACK's answer). The package depends on sipgo only,
// never on package phone, so tests drive it with a scripted far end.
package sipua

import (
	"github.com/emiago/sipgo/sip"
)

// Option sets one part of a request built by NewRequest. Options apply in the order given;
// header options append, so the order of the options is the order of the headers.
type Option func(*sip.Request)

// NewRequest builds a request for method to target from opts.
func NewRequest(method sip.RequestMethod, target sip.Uri, opts ...Option) *sip.Request {
	req := sip.NewRequest(method, target)
	for _, o := range opts {
		if o != nil {
			o(req)
		}
	}
	return req
}

// Options combines several options into one (nil options are skipped).
func Options(opts ...Option) Option {
	return func(req *sip.Request) {
		for _, o := range opts {
			if o != nil {
				o(req)
			}
		}
	}
}

// From sets the From header.
func From(h *sip.FromHeader) Option { return func(req *sip.Request) { req.AppendHeader(h) } }

// To sets the To header.
func To(h *sip.ToHeader) Option { return func(req *sip.Request) { req.AppendHeader(h) } }

// CallID sets the Call-ID header.
func CallID(id string) Option {
	return func(req *sip.Request) {
		h := sip.CallIDHeader(id)
		req.AppendHeader(&h)
	}
}

// CSeq sets the CSeq header to seq with the request's method. Do counts on from it when it
// answers a challenge.
func CSeq(seq uint32) Option {
	return func(req *sip.Request) { req.AppendHeader(&sip.CSeqHeader{SeqNo: seq, MethodName: req.Method}) }
}

// Contact adds a Contact header.
func Contact(h sip.ContactHeader) Option { return func(req *sip.Request) { req.AppendHeader(&h) } }

// Route adds a Route header for each entry of set, in order (a route set as RouteSet reads it
// from a response).
func Route(set ...string) Option {
	return func(req *sip.Request) {
		for _, r := range set {
			req.AppendHeader(sip.NewHeader("Route", r))
		}
	}
}

// Expires sets the Expires header.
func Expires(seconds int) Option {
	return func(req *sip.Request) {
		h := sip.ExpiresHeader(seconds)
		req.AppendHeader(&h)
	}
}

// Header adds headers (cloned, so one header value may serve several requests).
func Header(hs ...sip.Header) Option {
	return func(req *sip.Request) {
		for _, h := range hs {
			if h != nil {
				req.AppendHeader(sip.HeaderClone(h))
			}
		}
	}
}

// Field adds a header by name and value; an empty value adds nothing.
func Field(name, value string) Option {
	return func(req *sip.Request) {
		if value != "" {
			req.AppendHeader(sip.NewHeader(name, value))
		}
	}
}

// Body adds a Content-Type header (unless contentType is empty) and sets the body.
func Body(contentType string, body []byte) Option {
	return func(req *sip.Request) {
		if contentType != "" {
			req.AppendHeader(sip.NewHeader("Content-Type", contentType))
		}
		req.SetBody(body)
	}
}

// Transport sets the transport the request leaves by ("udp", "tcp", "tls"). This is the one place a
// request's transport is chosen; a new transport plugs in here and in the stack that listens.
func Transport(transport string) Option {
	return func(req *sip.Request) {
		if transport != "" {
			req.SetTransport(transport)
		}
	}
}

// Destination sets the address (host:port) the request is sent to, whatever its Request-URI:
// the outbound proxy or the registrar in use. Empty leaves it to the Request-URI (and Route).
func Destination(addr string) Option {
	return func(req *sip.Request) {
		if addr != "" {
			req.SetDestination(addr)
		}
	}
}

// RouteSet is the route set a 2xx establishes (RFC 3261 12.1.2): its Record-Route entries in
// reverse order, for the Route headers of the next requests of the dialog.
func RouteSet(res *sip.Response) []string {
	rrs := res.GetHeaders("Record-Route")
	set := make([]string, 0, len(rrs))
	for i := len(rrs) - 1; i >= 0; i-- {
		set = append(set, rrs[i].Value())
	}
	return set
}
