package sipua

import (
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"
)

// Credentials are what digest authentication needs: a password, or in its place HA1, the
// MD5 of username:realm:password (the seed's md5 parameter), which answers only MD5
// challenges of that realm.
type Credentials struct {
	Username string // authusername, or username when that is empty
	Password string
	HA1      string // lower-case hex MD5 of username:realm:password; used when Password is empty
	Realm    string // the realm parameter: challenges of this realm are preferred; HA1 is for it
}

// usable reports whether cred can answer some challenge.
func (cred Credentials) usable() bool { return cred.Password != "" || cred.HA1 != "" }

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

// bestChallengeFor picks the challenge cred answers best: of the realm cred names if any
// challenge has it, the strongest algorithm we support; with only an HA1, an MD5 challenge of
// cred's realm (the HA1 was made for that realm and MD5).
func bestChallengeFor(res *sip.Response, cred Credentials) (*digest.Challenge, error) {
	name, _ := challengeHeader(res)
	var all []*digest.Challenge
	realmSeen := false
	for _, h := range res.GetHeaders(name) {
		ch, err := digest.ParseChallenge(h.Value())
		if err != nil {
			continue
		}
		ch.Algorithm = strings.ToUpper(ch.Algorithm)
		if algorithmRank(ch.Algorithm) == 0 {
			continue
		}
		all = append(all, ch)
		realmSeen = realmSeen || cred.Realm != "" && ch.Realm == cred.Realm
	}
	hashOnly := cred.Password == "" && cred.HA1 != ""
	var best *digest.Challenge
	for _, ch := range all {
		if realmSeen && ch.Realm != cred.Realm || hashOnly && algorithmRank(ch.Algorithm) != 1 {
			continue
		}
		if best == nil || algorithmRank(ch.Algorithm) > algorithmRank(best.Algorithm) {
			best = ch
		}
	}
	switch {
	case best == nil && hashOnly && len(all) > 0:
		of := ""
		if realmSeen {
			of = fmt.Sprintf(" for realm %q", cred.Realm)
		}
		return nil, fmt.Errorf("%d %s offers no MD5 digest challenge%s; the md5 parameter answers only MD5 (set password instead)", res.StatusCode, res.Reason, of)
	case best == nil:
		return nil, fmt.Errorf("%d %s without a usable digest challenge", res.StatusCode, res.Reason)
	case hashOnly && cred.Realm != "" && best.Realm != cred.Realm:
		return nil, fmt.Errorf("%d %s challenges for realm %q; the md5 parameter was made for realm %q", res.StatusCode, res.Reason, best.Realm, cred.Realm)
	}
	return best, nil
}

// Authorize adds the Authorization (or Proxy-Authorization) header answering res's strongest
// challenge to req, replacing an earlier one.
func Authorize(req *sip.Request, res *sip.Response, cred Credentials) error {
	ch, err := bestChallengeFor(res, cred)
	if err != nil {
		return err
	}
	opts := digest.Options{
		Method:   req.Method.String(),
		URI:      req.Recipient.Addr(),
		Username: cred.Username,
		Password: cred.Password,
	}
	if cred.Password == "" {
		opts.A1 = strings.ToLower(cred.HA1) // HA1 in place of MD5(username:realm:password)
	}
	out, err := digest.Digest(ch, opts)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	_, hdr := challengeHeader(res)
	for req.RemoveHeader(hdr) {
	}
	req.AppendHeader(sip.NewHeader(hdr, out.String()))
	return nil
}
