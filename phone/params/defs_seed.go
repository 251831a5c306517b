package params

import (
	"errors"
	"net/mail"
	"net/url"
	"strings"
)

// StandardDefs returns the definitions of every parameter the phone knows, named as in the
// Mizu webphone so its configurations carry over: the core ones and those of the seed's
// contract (seedDefs).
func StandardDefs() []Def { return append(coreDefs(), seedDefs()...) }

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
