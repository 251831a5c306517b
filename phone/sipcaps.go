package phone

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/pion/sdp/v3"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// acceptTypes is our Accept header: the bodies we take in requests (SDP offers, MESSAGE
// text, REFER progress and the NOTIFY bodies of the event packages we subscribe to).
const acceptTypes = "application/sdp, text/plain, message/sipfrag, application/pidf+xml, " +
	"application/dialog-info+xml, application/simple-message-summary"

// allowEvents is our Allow-Events header: the event packages whose NOTIFYs we take.
const allowEvents = "refer, presence, dialog, message-summary"

// supportedOptions is our Supported header (RFC 3261 20.37): the extensions we implement,
// 100rel unless use100rel=off (RFC 3262), timer (RFC 4028) and replaces (RFC 3891).
func (p *Phone) supportedOptions() string {
	if p.params.Get("use100rel") == "off" {
		return "timer, replaces"
	}
	return "100rel, timer, replaces"
}

// understood reports whether we implement an option tag another side may Require of us.
func (p *Phone) understood(tag string) bool {
	switch strings.ToLower(strings.TrimSpace(tag)) {
	case "100rel":
		return p.params.Get("use100rel") != "off"
	case "timer", "replaces":
		return true
	}
	return false
}

// unsupportedRequire lists the option tags of req's Require that we do not implement
// (RFC 3261 8.2.2.3: the request is answered 420 Bad Extension with them in Unsupported).
func (p *Phone) unsupportedRequire(req *sip.Request) []string {
	var out []string
	for _, tag := range optionTags(req, "Require") {
		if !p.understood(tag) {
			out = append(out, tag)
		}
	}
	return out
}

// headerReader is what requests and responses share for reading headers.
type headerReader interface {
	GetHeader(name string) sip.Header
	GetHeaders(name string) []sip.Header
}

// optionTags returns the comma-separated tokens of every header named name (lower case).
func optionTags(m headerReader, name string) []string {
	var out []string
	for _, h := range m.GetHeaders(name) {
		for _, t := range strings.Split(h.Value(), ",") {
			if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// hasOptionTag reports whether header name of m (Supported, Require) lists tag; the compact
// form k: stands for Supported.
func hasOptionTag(m headerReader, name, tag string) bool {
	names := []string{name}
	if strings.EqualFold(name, "Supported") {
		names = append(names, "k")
	}
	for _, n := range names {
		for _, t := range optionTags(m, n) {
			if t == tag {
				return true
			}
		}
	}
	return false
}

// onOptions answers OPTIONS (RFC 3261 11.2) with our capabilities: Allow, Accept,
// Allow-Events, Supported and, when the request accepts SDP (or names no Accept, whose
// default is application/sdp), an SDP body describing our codecs with port 0 (RFC 3264
// section 9). In a dialog it answers the same (a keep-alive probe of the far end).
func (p *Phone) onOptions(req *sip.Request, tx sip.ServerTransaction) {
	if code, why := p.screenRequest(req); code != 0 {
		respond(tx, req, code, why)
		return
	}
	res := sip.NewResponseFromRequest(req, 200, "OK", nil)
	res.AppendHeader(sip.NewHeader("Allow", allowMethods))
	res.AppendHeader(sip.NewHeader("Accept", acceptTypes))
	res.AppendHeader(sip.NewHeader("Allow-Events", allowEvents))
	res.AppendHeader(sip.NewHeader("Supported", p.supportedOptions()))
	res.AppendHeader(sip.NewHeader("User-Agent", p.userAgent()))
	if acceptsSDP(req) {
		if body, err := p.capabilitySDP(); err == nil {
			res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
			res.SetBody(body)
		} else {
			p.log.Warn("OPTIONS: cannot describe our capabilities", "error", err)
		}
	}
	tx.Respond(res)
}

// acceptsSDP reports whether a request's Accept admits application/sdp; a request without
// Accept means application/sdp (RFC 3261 20.1).
func acceptsSDP(req *sip.Request) bool {
	hs := req.GetHeaders("Accept")
	if len(hs) == 0 {
		return true
	}
	for _, h := range hs {
		for _, t := range strings.Split(h.Value(), ",") {
			t, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(t)), ";")
			switch strings.TrimSpace(t) {
			case "application/sdp", "application/*", "*/*":
				return true
			}
		}
	}
	return false
}

// capabilitySDP describes what we can do as SDP with the audio port 0 (a capability, not an
// offer: RFC 3264 section 9).
func (p *Phone) capabilitySDP() ([]byte, error) {
	l := p.probeLocal()
	l.IP, l.Version, l.Username = p.sip.host, 1, "-"
	body, err := sdpneg.Offer(l)
	if err != nil {
		return nil, err
	}
	var s sdp.SessionDescription
	if err := s.Unmarshal(body); err != nil {
		return nil, err
	}
	for _, md := range s.MediaDescriptions {
		md.MediaName.Port = sdp.RangedPort{Value: 0}
	}
	return s.Marshal()
}

// refusedOffer is why an incoming INVITE's offer cannot be answered.
type refusedOffer struct {
	code     int    // SIP status: 488, or 400 for SDP we cannot parse
	reason   string // status reason phrase
	warnCode int    // RFC 3261 20.43 warning code (302, 304, 305, 306), 0 for none
	warnText string
	why      string // in words for the user, e.g. "no common codec (offered G729)"
}

// describeRefusal turns an offer negotiation error into the 488 (or 400) with its Warning
// and a sentence naming what the caller offered.
func describeRefusal(err error, offer []byte) refusedOffer {
	if !errors.Is(err, sdpneg.ErrNoCommonCodec) && !errors.Is(err, sdpneg.ErrNoAudio) {
		return refusedOffer{code: 400, reason: "Bad Request (malformed SDP)", warnCode: 399,
			warnText: "malformed SDP", why: "malformed SDP offer"}
	}
	code, text := sdpneg.Warning(err)
	r := refusedOffer{code: 488, reason: "Not Acceptable Here", warnCode: code, warnText: text}
	codecs, profiles := offeredMedia(offer)
	switch code {
	case sdpneg.WarnIncompatibleTransport:
		r.why = fmt.Sprintf("unsupported media encryption (offered %s)", profiles)
	case sdpneg.WarnAttributeUnknown:
		r.why = fmt.Sprintf("unsupported media encryption (offered %s without a usable a=crypto)", profiles)
		if errors.Is(err, sdpneg.ErrNoFingerprint) {
			r.why = fmt.Sprintf("unusable DTLS-SRTP offer (%s without a usable a=fingerprint and a=setup)", profiles)
		}
	case sdpneg.WarnMediaTypeUnavailable:
		r.why = "no audio stream offered"
	default:
		r.why = fmt.Sprintf("no common codec (offered %s)", codecs)
	}
	return r
}

// staticNames are the RFC 3551 static payload types an offer may name without a=rtpmap.
var staticNames = map[string]string{"0": "PCMU", "3": "GSM", "4": "G723", "8": "PCMA", "9": "G722", "18": "G729"}

// offeredMedia lists the audio codecs and transport profiles an SDP offer names, for
// messages ("G729", "RTP/SAVPF"); "none" when there are none.
func offeredMedia(offer []byte) (codecs, profiles string) {
	var s sdp.SessionDescription
	if err := s.Unmarshal(offer); err != nil {
		return "unreadable SDP", "unreadable SDP"
	}
	var cs, ps []string
	seen := map[string]bool{}
	for _, md := range s.MediaDescriptions {
		if !strings.EqualFold(md.MediaName.Media, "audio") {
			continue
		}
		if p := strings.Join(md.MediaName.Protos, "/"); !seen["p"+p] {
			seen["p"+p] = true
			ps = append(ps, p)
		}
		maps := map[string]string{}
		for _, a := range md.Attributes {
			if a.Key == "rtpmap" {
				pt, enc, _ := strings.Cut(a.Value, " ")
				name, _, _ := strings.Cut(enc, "/")
				maps[pt] = name
			}
		}
		for _, pt := range md.MediaName.Formats {
			name := maps[pt]
			if name == "" {
				name = staticNames[pt]
			}
			if name == "" {
				name = "PT " + pt
			}
			if strings.EqualFold(name, "telephone-event") || seen["c"+name] {
				continue
			}
			seen["c"+name] = true
			cs = append(cs, name)
		}
	}
	join := func(l []string) string {
		if len(l) == 0 {
			return "none"
		}
		return strings.Join(l, ", ")
	}
	return join(cs), join(ps)
}

// refuseOffer answers an INVITE whose offer we cannot take and leaves its trace: a 488 with
// the Warning, an error event and log line "missed call from X: ...", and a missed call in
// the history. Owner goroutine.
func (p *Phone) refuseOffer(req *sip.Request, r refusedOffer) (int, string, []sip.Header) {
	from := fromUser(req)
	p.notice(control.KindError, "missed call from %s: %s", from, r.why)
	p.log.Info("refused INVITE", "from", from, "status", r.code, "warning", r.warnCode, "detail", r.warnText)
	p.historyRefused(req, from, r.why)
	var hdrs []sip.Header
	if r.warnCode != 0 {
		hdrs = append(hdrs, sip.NewHeader("Warning", fmt.Sprintf(`%d %s "%s"`, r.warnCode, p.sip.host, r.warnText)))
	}
	return r.code, r.reason, hdrs
}

// historyRefused saves a refused incoming call as a missed call. Owner goroutine.
func (p *Phone) historyRefused(req *sip.Request, from, why string) {
	if p.store == nil {
		return
	}
	now := time.Now()
	rec := control.Call{CallID: req.CallID().Value(), Direction: control.DirectionIncoming, Peer: from, Started: now}
	if f := req.From(); f != nil {
		rec.PeerName = f.DisplayName
	}
	id, err := p.store.CallStarted(rec)
	if err == nil {
		rec.Ended, rec.Reason, rec.DisParty, rec.Missed = now, why, 3, true
		err = p.store.CallEnded(id, rec)
	}
	if err != nil {
		p.notice(control.KindError, "Could not save the missed call from %s to the history: %v", from, err)
	}
}
