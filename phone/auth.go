package phone

import (
	"github.com/emiago/sipgo/sip"

	"softphone/phone/sipua"
)

// Digest authentication lives in package sipua (its Do holds the one challenge loop). The
// INVITE in call_out.go still answers its challenges with sipgo's own digest support; it calls
// this so sipgo answers the strongest challenge offered (RFC 8760).

// preferStrongestChallenge reorders the challenge headers of res so the strongest comes first.
func preferStrongestChallenge(res *sip.Response) { sipua.PreferStrongestChallenge(res) }
