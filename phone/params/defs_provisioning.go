package params

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// provisioningDefs are the parameters that fetch a provisioning profile (phone/provision),
// and those a kiosk or a managed desktop sets with it.
func provisioningDefs() []Def {
	return []Def{
		{Name: "provisioning", Apply: Restart, Check: provisioningSource,
			Help: "provisioning profile: an https:// URL, a file:// URL or a path; fetched at start and every provisioninginterval"},
		{Name: "provisioninginterval", Kind: Int, Default: "0", Min: 0, Max: 7 * 86400, Unit: time.Second,
			Help: "seconds between provisioning fetches after the first; 0 fetches only at start"},
		{Name: "provisioningkey", Apply: Restart, Check: ed25519PublicKey,
			Help: "base64 ed25519 public key: when set, a profile is taken only with a valid signature (PROFILE.sig)"},
		{Name: "registerretrymax", Kind: Int, Default: "300", Min: 5, Max: 3600, Unit: time.Second,
			Help: "longest wait in seconds between failed registrations (the backoff doubles from 5 s up to this)"},
		{Name: "autostart", Kind: Bool, Default: "false",
			Help: "start the phone with the desktop session (XDG autostart entry, Windows Run key, macOS LaunchAgent)"},
	}
}

// provisioningSource accepts an https:// or file:// URL or a local path; plain http is
// refused, since a profile sets passwords and locks.
func provisioningSource(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if !strings.Contains(v, "://") {
		return v, nil // a path
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", fmt.Errorf("not a URL: %v", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		if u.Host == "" {
			return "", fmt.Errorf("%q names no host", v)
		}
	case "file":
		if u.Path == "" {
			return "", fmt.Errorf("%q names no file", v)
		}
	case "http":
		return "", fmt.Errorf("%q is plain http: a profile carries passwords and locks, use https", v)
	default:
		return "", fmt.Errorf("scheme %q: want https://, file:// or a path", u.Scheme)
	}
	return v, nil
}

// ed25519PublicKey accepts a base64 (standard or URL alphabet) 32-byte ed25519 public key.
func ed25519PublicKey(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			if len(b) != ed25519.PublicKeySize {
				return "", fmt.Errorf("an ed25519 public key is %d bytes, this one %d", ed25519.PublicKeySize, len(b))
			}
			return base64.StdEncoding.EncodeToString(b), nil
		}
	}
	return "", fmt.Errorf("not base64")
}
