// Package sipbody parses and formats the small SIP bodies and header values
// used by call control: DTMF over SIP INFO (application/dtmf-relay and
// application/dtmf), message/sipfrag progress in REFER NOTIFYs (RFC 3420),
// the Replaces header (RFC 3891), the Refer-To header with an embedded
// Replaces (RFC 3515) and the auto-answer hints PBXs put in Call-Info and
// Alert-Info.
//
// Everything here is a pure function of its input. Bad input gives an error
// wrapping one of the sentinels below and naming what was wrong; nothing
// panics, whatever bytes arrive from the network.
package sipbody

import "errors"

// Sentinel errors, wrapped with detail; test with errors.Is.
var (
	// ErrBadDTMF means a DTMF body or digit string could not be understood.
	ErrBadDTMF = errors.New("sipbody: bad DTMF")
	// ErrBadSipfrag means a message/sipfrag body holds no SIP status line.
	ErrBadSipfrag = errors.New("sipbody: bad sipfrag")
	// ErrBadReplaces means a Replaces value lacks a Call-ID or a tag.
	ErrBadReplaces = errors.New("sipbody: bad Replaces")
	// ErrBadReferTo means a Refer-To value holds no usable URI.
	ErrBadReferTo = errors.New("sipbody: bad Refer-To")
)
