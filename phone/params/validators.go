package params

import (
	"errors"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// hostPort returns a Check for "host[:port]" (port required if needPort),
// with the port at least minPort. Empty is accepted.
func hostPort(needPort bool, minPort int) func(string) (string, error) {
	return func(v string) (string, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return "", nil
		}
		lower := strings.ToLower(v)
		if strings.ContainsAny(v, " \t/@") || strings.HasPrefix(lower, "sip:") || strings.HasPrefix(lower, "sips:") {
			return "", errors.New("must be host[:port] without scheme, user or spaces")
		}
		host, port, err := net.SplitHostPort(v)
		if err != nil {
			if needPort {
				return "", errors.New("must be host:port")
			}
			if net.ParseIP(strings.Trim(v, "[]")) != nil { // bare IPv6 literal
				return v, nil
			}
			if strings.Contains(v, ":") {
				return "", errors.New("must be host[:port]")
			}
			host = v
		} else {
			n, err := strconv.Atoi(port)
			if err != nil {
				return "", errors.New("has a port that is not a number")
			}
			if n < minPort || n > 65535 {
				return "", errors.New("has a port outside " + strconv.Itoa(minPort) + "-65535")
			}
		}
		if !validHost(host) {
			return "", errors.New("has an invalid host name")
		}
		return v, nil
	}
}

// validHost accepts IP literals and DNS names.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func ipOrEmpty(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v != "" && net.ParseIP(v) == nil {
		return "", errors.New("is not an IP address")
	}
	return v, nil
}

// KnownCodecs lists the codecs the phone has, in default preference order, as
// the codecs parameter names them. It is media.DefaultRegistry's list (a test
// there keeps the two equal), held here so the parameter's check and the
// Settings tab need not link the codec libraries.
func KnownCodecs() []string { return []string{"PCMU", "PCMA", "G722", "OPUS"} }

// codecList validates a comma separated codec list, normalised to upper case.
func codecList(v string) (string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range strings.Split(v, ",") {
		c = strings.ToUpper(strings.TrimSpace(c))
		switch {
		case c == "":
			continue
		case !slices.Contains(KnownCodecs(), c):
			return "", errors.New("names unknown codec " + strconv.Quote(c) + " (known: " + strings.Join(KnownCodecs(), ", ") + ")")
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "", errors.New("names no codec")
	}
	return strings.Join(out, ","), nil
}

// dtmfCode maps the numeric DTMF mode codes and the name rfc2833 onto our
// names; the Enum check does the rest.
func dtmfCode(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1":
		return "info", nil
	case "2", "rfc2833":
		return "rfc4733", nil
	case "3":
		return "both", nil
	}
	return v, nil
}

// boolToEnum maps boolean words onto the 0/1 codes of enum parameters that started life as switches.
func boolToEnum(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on":
		return "1", nil
	case "false", "no", "off":
		return "0", nil
	}
	return v, nil
}

// transferCode maps the seed's numeric transfer types onto names.
func transferCode(v string) (string, error) {
	switch strings.TrimSpace(v) {
	case "1":
		return "blind", nil
	case "2":
		return "attended", nil
	}
	return v, nil
}

// listOf returns a Check for a comma-separated list whose items each pass one; the
// normalised items are joined with ",". Empty is accepted.
func listOf(one func(string) (string, error)) func(string) (string, error) {
	return func(v string) (string, error) {
		var out []string
		items := strings.Split(v, ",")
		for _, item := range items {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			n, err := one(item)
			if err != nil && len(items) == 1 {
				return "", err
			}
			if err != nil {
				return "", errors.New("entry " + strconv.Quote(item) + " " + err.Error())
			}
			out = append(out, n)
		}
		return strings.Join(out, ","), nil
	}
}

// ipOrPrefix accepts an IP address or a CIDR prefix (192.0.2.0/24).
func ipOrPrefix(v string) (string, error) {
	if _, _, err := net.ParseCIDR(v); err == nil {
		return v, nil
	}
	if net.ParseIP(v) != nil {
		return v, nil
	}
	return "", errors.New("is neither an IP address nor a CIDR prefix")
}

// webOrigin accepts a browser origin: scheme://host[:port] with no path, or "*".
func webOrigin(v string) (string, error) {
	if v == "*" {
		return v, nil
	}
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok || (scheme != "http" && scheme != "https") || rest == "" || strings.ContainsAny(rest, "/?# ") {
		return "", errors.New("is not an origin such as https://crm.example.com")
	}
	return strings.ToLower(v), nil
}

// apiAddress accepts host:port (as hostPort) or unix:PATH for a Unix socket.
func apiAddress(v string) (string, error) {
	v = strings.TrimSpace(v)
	if path, ok := strings.CutPrefix(v, "unix:"); ok {
		if path == "" {
			return "", errors.New("names no socket path after unix:")
		}
		return v, nil
	}
	return hostPort(true, 0)(v)
}

// wsURL accepts a WebSocket server URL, ws:// or wss://host[:port][/path] (the seed's
// webrtcserveraddress), or empty.
func wsURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	bad := errors.New("is not a WebSocket URL such as wss://sip.example.com:8443/ws (scheme ws or wss, a host, optionally a port and path)")
	u, err := url.Parse(v)
	if err != nil || strings.ContainsAny(v, " \t\r\n") || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return "", bad
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "ws" && u.Scheme != "wss") || !validHost(u.Hostname()) {
		return "", bad
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", errors.New("has a port outside 1-65535")
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return "", bad
	}
	return u.String(), nil
}
