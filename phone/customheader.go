package phone

import (
	"context"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/params"
	"softphone/phone/sipua"
)

// The customsipheader parameter (the seed's "custom sip header ... sent with all messages")
// is one header line, Name: value, added to every request the phone builds: REGISTER,
// INVITE, MESSAGE, SUBSCRIBE, PUBLISH and the requests inside a call (BYE, REFER, INFO,
// re-INVITE). params.CustomHeader checks it (no CR/LF, not a header the stack manages).

// customHeaders returns the header the customsipheader parameter asks for, none when it is
// empty (a value that passed the parameter's check always parses).
func (p *Phone) customHeaders() []sip.Header {
	name, value, ok := params.SplitCustomHeader(p.params.Get("customsipheader"))
	if !ok {
		return nil
	}
	return []sip.Header{sip.NewHeader(name, value)}
}

// customHeaderOption is customHeaders as a request option.
func (p *Phone) customHeaderOption() sipua.Option { return sipua.Header(p.customHeaders()...) }

// incomingCustomHeaders returns the X- headers of an incoming INVITE (call-centre data such
// as a ticket or queue id), one "Name: value" a line joined by CRLF, in the order received;
// "" when there are none.
func incomingCustomHeaders(req *sip.Request) string {
	if req == nil {
		return ""
	}
	var out []string
	for _, h := range req.Headers() {
		if n := h.Name(); len(n) > 2 && strings.EqualFold(n[:2], "x-") {
			out = append(out, n+": "+h.Value())
		}
	}
	return strings.Join(out, "\r\n")
}

// byeRequest builds the BYE ending call c, to the far end's Contact, with our User-Agent and
// the customsipheader header; the dialog session adds From, To, Call-ID, CSeq and the route.
func (p *Phone) byeRequest(c *call) *sip.Request {
	var bye *sip.Request
	switch {
	case c.in != nil:
		bye = sip.NewRequest(sip.BYE, c.in.InviteRequest.Contact().Address)
		bye.SetTransport(c.in.InviteRequest.Transport())
	case c.out != nil:
		target := c.out.InviteRequest.Recipient
		if res := c.out.InviteResponse; res != nil && res.Contact() != nil {
			target = res.Contact().Address
		}
		bye = sip.NewRequest(sip.BYE, target)
	default:
		return nil
	}
	bye.AppendHeader(sip.NewHeader("User-Agent", p.userAgent()))
	for _, h := range p.customHeaders() {
		bye.AppendHeader(h)
	}
	return bye
}

// writeBye sends the BYE of byeRequest (with extra headers first, e.g. a Reason) inside c's
// dialog and waits for its answer.
func (p *Phone) writeBye(ctx context.Context, c *call, extra ...sip.Header) error {
	bye := p.byeRequest(c)
	if bye == nil {
		return nil
	}
	for _, h := range extra {
		bye.PrependHeader(h)
	}
	if c.in != nil {
		return c.in.WriteBye(ctx, bye)
	}
	return c.out.WriteBye(ctx, bye)
}
