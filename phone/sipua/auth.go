package sipua

import (
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"
)

// Credentials are what digest authentication needs.
type Credentials struct {
	Username string // authusername, or username when that is empty
	Password string
}

// algorithmRank orders digest algorithms by strength (RFC 8760: SHA-256 before MD5).
func algorithmRank(alg string) int {
	switch strings.ToUpper(alg) {
	case "SHA-512-256":
		return 3
	case "SHA-256":
		return 2
	case "", "MD5":
		return 1
	}
	return 0 // unsupported (e.g. -sess variants)
}

// IsChallenge reports whether res asks for authentication (401 or 407).
func IsChallenge(res *sip.Response) bool {
	return res != nil && (res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired)
}

// challengeHeader is the header carrying challenges for a 401 or 407 response, and the one
// that answers them.
func challengeHeader(res *sip.Response) (challenge, authorization string) {
	if res.StatusCode == sip.StatusProxyAuthRequired {
		return "Proxy-Authenticate", "Proxy-Authorization"
	}
	return "WWW-Authenticate", "Authorization"
}

// bestChallenge picks the strongest digest challenge we support from every challenge header
// of res (sipgo alone only reads the first one).
func bestChallenge(res *sip.Response) (*digest.Challenge, error) {
	name, _ := challengeHeader(res)
	var best *digest.Challenge
	for _, h := range res.GetHeaders(name) {
		ch, err := digest.ParseChallenge(h.Value())
		if err != nil {
			continue
		}
		ch.Algorithm = strings.ToUpper(ch.Algorithm)
		if algorithmRank(ch.Algorithm) == 0 {
			continue
		}
		if best == nil || algorithmRank(ch.Algorithm) > algorithmRank(best.Algorithm) {
			best = ch
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%d %s without a usable digest challenge", res.StatusCode, res.Reason)
	}
	return best, nil
}

// PreferStrongestChallenge reorders the challenge headers of res so the strongest comes
// first; sipgo's own INVITE authentication then answers that one.
func PreferStrongestChallenge(res *sip.Response) {
	if !IsChallenge(res) {
		return
	}
	best, err := bestChallenge(res)
	if err != nil {
		return
	}
	name, _ := challengeHeader(res)
	for _, h := range res.GetHeaders(name) {
		res.RemoveHeader(h.Name())
	}
	res.AppendHeader(sip.NewHeader(name, best.String()))
}

// Authorize adds the Authorization (or Proxy-Authorization) header answering res's strongest
// challenge to req, replacing an earlier one.
func Authorize(req *sip.Request, res *sip.Response, cred Credentials) error {
	ch, err := bestChallenge(res)
	if err != nil {
		return err
	}
	out, err := digest.Digest(ch, digest.Options{
		Method:   req.Method.String(),
		URI:      req.Recipient.Addr(),
		Username: cred.Username,
		Password: cred.Password,
	})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	_, hdr := challengeHeader(res)
	for req.RemoveHeader(hdr) {
	}
	req.AppendHeader(sip.NewHeader(hdr, out.String()))
	return nil
}
