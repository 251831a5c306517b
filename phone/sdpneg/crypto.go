package sdpneg

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// SRTP policies for Local.SRTP.
const (
	SRTPOff      = 0 // plain RTP/AVP only; RTP/SAVP offers are refused
	SRTPOptional = 1 // offer RTP/AVP, accept RTP/SAVP offers with a usable a=crypto
	SRTPRequired = 2 // offer RTP/SAVP with a=crypto; plain offers are refused
)

// SDES crypto suites (RFC 4568 section 6.2) we can run.
const (
	SuiteAES128SHA1_80 = "AES_CM_128_HMAC_SHA1_80"
	SuiteAES128SHA1_32 = "AES_CM_128_HMAC_SHA1_32"
)

// KeyLen is the master key plus master salt length of the AES_CM_128 suites.
const KeyLen = 30

// supportedSuite reports whether we can run suite (case as in RFC 4568).
func supportedSuite(suite string) bool {
	return suite == SuiteAES128SHA1_80 || suite == SuiteAES128SHA1_32
}

// crypto is one parsed a=crypto attribute.
type crypto struct {
	tag   int
	suite string
	key   []byte
}

// parseCrypto parses "tag suite inline:key[|lifetime][|MKI:len] [params]".
// usable is false (with no error) for suites or options we do not run: an
// unknown suite, an MKI, several keys or session parameters. A line for a
// suite we run that is broken gives an error wrapping ErrMalformed.
func parseCrypto(v string) (c crypto, usable bool, err error) {
	f := strings.Fields(v)
	if len(f) < 3 {
		return c, false, fmt.Errorf("%w: a=crypto:%s needs a tag, a suite and key parameters", ErrMalformed, v)
	}
	c.tag, err = strconv.Atoi(f[0])
	if err != nil || c.tag < 0 || c.tag > 999999999 {
		return c, false, fmt.Errorf("%w: a=crypto tag %q is not a number of up to 9 digits", ErrMalformed, f[0])
	}
	c.suite = f[1]
	if !supportedSuite(c.suite) {
		return c, false, nil
	}
	if len(f) > 3 || strings.Contains(f[2], ";") {
		return c, false, nil // session parameters or several keys: not supported
	}
	method, info, ok := strings.Cut(f[2], ":")
	if !ok || !strings.EqualFold(method, "inline") {
		return c, false, fmt.Errorf("%w: a=crypto tag %d: key parameter %q is not inline:<key>", ErrMalformed, c.tag, f[2])
	}
	parts := strings.Split(info, "|")
	for _, p := range parts[1:] {
		if strings.Contains(p, ":") {
			return c, false, nil // MKI: not supported
		}
	}
	c.key, err = decodeKey(parts[0])
	if err != nil {
		return c, false, fmt.Errorf("%w: a=crypto tag %d: key: %w", ErrMalformed, c.tag, err)
	}
	if len(c.key) != KeyLen {
		return c, false, fmt.Errorf("%w: a=crypto tag %d: %s key+salt is %d bytes, want %d",
			ErrMalformed, c.tag, c.suite, len(c.key), KeyLen)
	}
	return c, true, nil
}

// decodeKey decodes base64 with or without padding.
func decodeKey(s string) ([]byte, error) {
	if k, err := base64.StdEncoding.DecodeString(s); err == nil {
		return k, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// pickCrypto returns the first a=crypto of md with a suite we run, limited to
// suites allowed by only (nil = any). Errors wrap ErrMalformed for a broken
// line, or ErrNoCrypto when nothing is usable.
func pickCrypto(md *sdp.MediaDescription, only func(crypto) bool) (crypto, error) {
	var seen []string
	for _, a := range md.Attributes {
		if a.Key != "crypto" {
			continue
		}
		c, usable, err := parseCrypto(a.Value)
		if err != nil {
			return crypto{}, err
		}
		seen = append(seen, c.suite)
		if usable && (only == nil || only(c)) {
			return c, nil
		}
	}
	if len(seen) == 0 {
		return crypto{}, fmt.Errorf("%w: %s stream has no a=crypto line", ErrNoCrypto, strings.Join(md.MediaName.Protos, "/"))
	}
	return crypto{}, fmt.Errorf("%w: offered %s, we support %s and %s without MKI or session parameters",
		ErrNoCrypto, strings.Join(seen, ","), SuiteAES128SHA1_80, SuiteAES128SHA1_32)
}

// cryptoAttr is our a=crypto line for suite with key.
func cryptoAttr(tag int, suite string, key []byte) sdp.Attribute {
	return sdp.NewAttribute("crypto", fmt.Sprintf("%d %s inline:%s", tag, suite, base64.StdEncoding.EncodeToString(key)))
}

// checkKey validates l.CryptoKey for use in an SDP.
func (l Local) checkKey() error {
	if len(l.CryptoKey) != KeyLen {
		return fmt.Errorf("%w: CryptoKey is %d bytes, want %d (16 key + 14 salt)", ErrBadLocal, len(l.CryptoKey), KeyLen)
	}
	return nil
}

// offersCrypto reports whether our SDP carries an a=crypto line: always when SRTP is
// required, and when it is optional and l has a key (best-effort SRTP on RTP/AVP). The
// same rule decides whether we answer an RTP/AVP offer's a=crypto with ours.
func (l Local) offersCrypto() bool {
	return l.SRTP == SRTPRequired || (l.SRTP == SRTPOptional && len(l.CryptoKey) == KeyLen)
}

// hasCrypto reports whether md carries any a=crypto line.
func hasCrypto(md *sdp.MediaDescription) bool {
	for _, a := range md.Attributes {
		if a.Key == "crypto" {
			return true
		}
	}
	return false
}
