package phone

import (
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

// byeHeaders are the headers every BYE of ours carries after extra (a Reason, say): our
// User-Agent and the customsipheader header.
func (p *Phone) byeHeaders(extra ...sip.Header) []sip.Header {
	return append(append(extra, sip.NewHeader("User-Agent", p.userAgent())), p.customHeaders()...)
}
