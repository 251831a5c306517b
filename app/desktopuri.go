package main

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"softphone/phone/control"
)

// maxDesktopURI bounds a URI handed over by the desktop (browser, file manager, second start):
// a real number or SIP address is far shorter.
const maxDesktopURI = 256

// desktopSchemes are the URI schemes the phone registers with the desktop as their handler.
var desktopSchemes = []string{"sip", "sips", "tel", "callto"}

// dialFromURI checks a URI handed over by the desktop and returns what to dial: sip:/sips:
// URIs as they are, tel: and callto: as their number. Anything else, a control character
// (CR/LF: header injection), a space or an overlong value is refused with an error naming it.
func dialFromURI(uri string) (string, error) {
	if len(uri) > maxDesktopURI {
		return "", fmt.Errorf("refused a %d-character URI (at most %d): %.40q...", len(uri), maxDesktopURI, uri)
	}
	if !utf8.ValidString(uri) {
		return "", fmt.Errorf("refused URI %q: not UTF-8", uri)
	}
	for _, r := range uri {
		if r < ' ' || r == 0x7f {
			return "", fmt.Errorf("refused URI %q: control character %U", uri, r)
		}
	}
	scheme, rest, ok := strings.Cut(uri, ":")
	scheme = strings.ToLower(scheme)
	if !ok || !slices.Contains(desktopSchemes, scheme) {
		return "", fmt.Errorf("refused URI %q: scheme must be one of %s", uri, strings.Join(desktopSchemes, ", "))
	}
	if rest == "" {
		return "", fmt.Errorf("refused URI %q: nothing to dial", uri)
	}
	number := uri
	switch scheme {
	case "tel", "callto":
		number = strings.TrimPrefix(rest, "//") // callto://number, as some pages write it
		if i := strings.IndexAny(number, ";?"); i >= 0 {
			number = number[:i] // tel:+1555;phone-context=... keeps the number
		}
	}
	n, err := control.CheckNumber(number)
	if err != nil {
		return "", fmt.Errorf("refused URI %q: %w", uri, err)
	}
	return n, nil
}
