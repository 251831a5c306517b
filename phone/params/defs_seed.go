package params

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// StandardDefs returns the definitions of every parameter the phone knows, named as in the
// Mizu webphone so its configurations carry over: the core ones and those of the seed's
// contract (seedDefs) and provisioning (provisioningDefs).
func StandardDefs() []Def {
	return slices.Concat(coreDefs(), seedDefs(), provisioningDefs(), natDefs())
}

// seedDefs are the Mizu webphone parameters added for the seed contract (issue 12): the
// provider's branding and links, window switches, custom headers and MD5 authentication.
func seedDefs() []Def {
	return []Def{
		// Branding and links: shown on the About card only when set.
		{Name: "companyname", Apply: Restart, Help: "provider's company name shown on the About card; empty for the skin's"},
		{Name: "header", Apply: Restart, Help: "text shown on top of the window; empty for the skin's"},
		{Name: "footer", Apply: Restart, Help: "text shown at the bottom of the window; empty for the skin's"},
		{Name: "logo", Apply: Restart, Check: logoValue,
			Help: "logo: a .png or .svg file (absolute path, or relative to the working folder) or a short text; empty for the skin's"},
		{Name: "version", Apply: Restart, Help: "version shown to users on the About card; empty for the build's"},
		{Name: "supportmail", Apply: Restart, Check: mailAddress, Help: "provider's support e-mail address (About card)"},
		{Name: "supporturl", Apply: Restart, Check: webURL, Help: "provider's support page, http(s) URL (About card)"},
		{Name: "homepage", Apply: Restart, Check: webURL, Help: "provider's home page, http(s) URL (About card)"},
		{Name: "helpurl", Apply: Restart, Check: webURL, Help: "provider's help page, http(s) URL (About card)"},
		{Name: "accounturi", Apply: Restart, Check: webURL, Help: "provider's user account page, http(s) URL (About card)"},
		{Name: "licenseurl", Apply: Restart, Check: webURL, Help: "license agreement page, http(s) URL (About card)"},
		{Name: "extramenuurl", Apply: Restart, Check: webURL, Help: "custom link, http(s) URL, titled extramenuxt (About card)"},
		{Name: "extramenuxt", Apply: Restart, Aliases: []string{"extramenutxt"}, Help: "title of the extramenuurl link; empty shows the URL"},

		// Window switches.
		{Name: "displaynotification", Kind: Enum, Default: "1", Enum: []string{"0", "1", "2"},
			Help: "desktop notifications of incoming calls, missed calls and messages: 0 never, 1 while the window is not focused, 2 always"},
		{Name: "haveloginpage", Apply: Restart, Kind: Bool, Default: "true",
			Help: "without a server, open the window on the Account form (false: on the Phone tab, for direct calls only)"},
		{Name: "displayvolumecontrols", Apply: Restart, Kind: Bool, Default: "false",
			Help: "show microphone and speaker volume sliders on the call panel"},
		{Name: "displayaudiodevice", Apply: Restart, Kind: Bool, Default: "false",
			Help: "show the microphone and speaker in use on the call panel"},

		// Audio.
		{Name: "playing", Kind: Bool, Default: "true",
			Help: "play the ring tone for incoming calls (the seed's switch for sound cards that cannot play and record at once)"},

		// Authentication.
		{Name: "md5", Apply: Reregister, Kind: Secret, Check: md5Hex,
			Help: "in place of the password: hex MD5 of username:realm:password (authusername when set), for MD5 challenges of the realm parameter's realm"},

		// Calling at start (the seed's URL example: callto=NUMBER&autocall=true).
		{Name: "callto", Apply: Restart, Help: "number or SIP URI autocall calls at start"},
		{Name: "autocall", Apply: Restart, Kind: Bool, Default: "false",
			Help: "call callto once at start, after the registration (if any) succeeded or failed"},

		// Other parameters in one (the seed's extraoption: "displayname=John;dnd=1").
		{Name: extraOption, Check: extraOptionList,
			Help: "other parameters as name=value pairs separated by semicolons, each set as if given alone"},

		// Signalling.
		{Name: "customsipheader", Check: customHeader,
			Help: "one header line, Name: value, added to every request the phone sends (REGISTER, INVITE, MESSAGE, ...)"},
	}
}

// webURL accepts an absolute http or https URL, or empty.
func webURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " \t\r\n") {
		return "", errors.New("is not an http(s) URL such as https://example.com/help")
	}
	return v, nil
}

// mailAddress accepts a bare e-mail address (user@domain), or empty.
func mailAddress(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		return "", errors.New("is not an e-mail address such as support@example.com")
	}
	return v, nil
}

// logoValue accepts an image file name (.png or .svg) or a single line of text.
func logoValue(v string) (string, error) {
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, "\r\n") {
		return "", errors.New("is more than one line")
	}
	return v, nil
}

// IsLogoFile reports whether a logo value names an image file rather than a text.
func IsLogoFile(v string) bool {
	l := strings.ToLower(v)
	return strings.HasSuffix(l, ".png") || strings.HasSuffix(l, ".svg")
}

// managedHeaders are the headers the SIP stack writes itself; customsipheader may not name one.
var managedHeaders = []string{
	"via", "v", "from", "f", "to", "t", "call-id", "i", "cseq", "contact", "m", "max-forwards",
	"content-length", "l", "content-type", "c", "route", "record-route", "authorization",
	"proxy-authorization", "expires", "require", "supported", "k", "allow", "rseq", "rack",
	"session-expires", "x", "min-se", "event", "o", "subscription-state", "refer-to", "r", "replaces",
}

// customHeader accepts one SIP header line "Name: value" (or empty): the name a token that is
// not a header the stack manages, the value on one line. CR or LF would let a value add
// headers of its own (header injection) and are refused.
func customHeader(v string) (string, error) {
	if strings.ContainsAny(v, "\r\n") {
		return "", errors.New("contains CR or LF (header injection): give one header line, Name: value")
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	name, value, ok := strings.Cut(v, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" || value == "" {
		return "", errors.New("is not a header line such as X-Customer: 42")
	}
	for _, c := range name {
		if !isTokenChar(c) {
			return "", errors.New("has a header name that is not a SIP token")
		}
	}
	for _, c := range value {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return "", errors.New("has a control character in the header value")
		}
	}
	for _, m := range managedHeaders {
		if strings.EqualFold(name, m) {
			return "", errors.New("names " + name + ", a header the phone writes itself")
		}
	}
	return name + ": " + value, nil
}

// isTokenChar reports whether c may appear in a SIP token (RFC 3261 section 25.1).
func isTokenChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-.!%*_+`'~", c)
}

// SplitCustomHeader splits a customsipheader value into the header's name and value; ok is
// false for an empty or malformed value.
func SplitCustomHeader(v string) (name, value string, ok bool) {
	n, err := customHeader(v)
	if err != nil || n == "" {
		return "", "", false
	}
	name, value, _ = strings.Cut(n, ": ")
	return name, value, true
}

// md5Hex accepts 32 hexadecimal digits (an MD5 digest), or empty; stored in lower case.
func md5Hex(v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return "", nil
	}
	if len(v) != 32 || strings.Trim(v, "0123456789abcdef") != "" {
		return "", errors.New("is not an MD5 digest (32 hexadecimal digits of MD5 of username:realm:password)")
	}
	return v, nil
}

// extraOption is the seed's parameter holding other parameters.
const extraOption = "extraoption"

// extraOptionPairs splits an extraoption value into name=value pairs, skipping empty items.
func extraOptionPairs(v string) ([][2]string, error) {
	var out [][2]string
	for _, item := range strings.Split(v, ";") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, errors.New("has " + strconv.Quote(strings.TrimSpace(item)) + ", not name=value")
		}
		if strings.EqualFold(name, extraOption) {
			return nil, errors.New("sets extraoption inside itself")
		}
		out = append(out, [2]string{name, strings.TrimSpace(value)})
	}
	return out, nil
}

// extraOptionList checks an extraoption value's form (each pair's own check runs when it is set).
func extraOptionList(v string) (string, error) {
	if _, err := extraOptionPairs(v); err != nil {
		return "", err
	}
	return strings.TrimSpace(v), nil
}

// applyExtraOption sets each pair of an extraoption value at src; the errors name the pair's
// parameter and are joined, the valid pairs being set.
func (p *Params) applyExtraOption(v string, src Source) error {
	pairs, err := extraOptionPairs(v)
	if err != nil {
		return err
	}
	var errs []error
	for _, kv := range pairs {
		if err := p.Set(kv[0], kv[1], src); err != nil {
			errs = append(errs, fmt.Errorf("parameter %q: %w", extraOption, err))
		}
	}
	return errors.Join(errs...)
}
