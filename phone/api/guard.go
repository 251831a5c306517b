package api

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The guard keeps browsers out. Any web page the user opens can send requests to a loopback
// port: "simple" cross-origin requests (a POST with Content-Type text/plain, no preflight)
// reach the handler, and a DNS-rebinding page can even read the answers. So, before anything
// executes and before the token is looked at:
//
//   - a request with an Origin header that apiallowedorigins does not list is refused (every
//     browser sends Origin on cross-origin POSTs, no-cors ones included);
//   - a request without Origin that a browser marks as cross-site (Sec-Fetch-Site) is refused;
//   - on a TCP listener the Host header must be a loopback name (localhost, 127.0.0.0/8, ::1,
//     any port) or the host of apiaddress: a rebinding page's Host is its own domain name;
//   - a POST body must be application/json (parameters such as charset allowed), which no
//     page can send cross-origin without a preflight; POST /v1/contacts.vcf also takes
//     text/vcard, equally not a CORS-safelisted type.
//
// Then the bearer token is checked. An allowed origin gets CORS headers and its preflight
// (OPTIONS) answered; any other origin gets none.

// corsMethods and corsHeaders are what a preflight from an allowed origin may ask for.
const (
	corsMethods = "GET, POST, DELETE, OPTIONS"
	corsHeaders = "Authorization, Content-Type"
)

// refusal is why the guard refused a request; it names the problem for the client.
type refusal string

// check returns why r must be refused, or "" when it may go on to the token check.
func (s *Server) check(r *http.Request) refusal {
	if !s.unix && !s.hostAllowed(r.Host) {
		return refusal(fmt.Sprintf("Host %q is not a loopback name or the API's address (DNS rebinding?)", r.Host))
	}
	if origin, ok := r.Header["Origin"]; ok {
		if len(origin) != 1 || !s.originAllowed(origin[0]) {
			return refusal(fmt.Sprintf("Origin %q is not in apiallowedorigins", strings.Join(origin, ", ")))
		}
	} else if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return refusal(fmt.Sprintf("a %s browser request without Origin", site))
	}
	if r.Method == http.MethodOptions {
		return ""
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		ct := r.Header.Get("Content-Type")
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !bodyTypeAllowed(r.URL.Path, mt) {
			return refusal(fmt.Sprintf("Content-Type %q is not application/json", ct))
		}
	}
	return ""
}

// bodyTypeAllowed reports whether a request body of media type mt may be posted to path.
func bodyTypeAllowed(path, mt string) bool {
	if mt == "application/json" {
		return true
	}
	return path == "/v1/contacts.vcf" && (mt == "text/vcard" || mt == "text/x-vcard" || mt == "text/directory")
}

// hostAllowed reports whether a Host header names this machine's loopback or the API's own
// address. With apiaddress opened to the network on an unspecified address (0.0.0.0 or ::,
// a provisioning profile's decision), any IP literal is accepted too: a DNS-rebinding page
// always arrives with a domain name.
func (s *Server) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if isLoopback(host) {
		return true
	}
	own, _, err := net.SplitHostPort(s.cfg.Addr)
	if err != nil || own == "" {
		return false
	}
	own = strings.ToLower(strings.Trim(own, "[]"))
	if host == own {
		return true
	}
	ownIP := net.ParseIP(own)
	if ip := net.ParseIP(host); ip != nil && ownIP != nil {
		return ip.Equal(ownIP) || (s.cfg.AllowRemote && ownIP.IsUnspecified())
	}
	return false
}

// originAllowed reports whether apiallowedorigins lists origin ("*" allows every origin).
func (s *Server) originAllowed(origin string) bool {
	origin = strings.ToLower(strings.TrimSuffix(origin, "/"))
	for _, o := range s.cfg.AllowedOrigins {
		o = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(o), "/"))
		if o == "*" || (o != "" && o == origin) {
			return true
		}
	}
	return false
}

// guard wraps next with the browser checks, CORS for allowed origins and the token check.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if why := s.check(r); why != "" {
			s.refused.log(s.cfg.Logger, r, string(why))
			writeError(w, http.StatusForbidden, "request refused: "+string(why))
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", corsMethods)
				h.Set("Access-Control-Allow-Headers", corsHeaders)
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		if s.cfg.Token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="softphone"`)
				writeError(w, http.StatusUnauthorized, "missing or wrong API token (send Authorization: Bearer <token>, the token is in the file apitoken in the config folder)")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// refusalLog logs refused requests at most once a second, counting the ones it left out,
// so a page that loops on the API cannot flood the log.
type refusalLog struct {
	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func (l *refusalLog) log(logger *slog.Logger, r *http.Request, why string) {
	l.mu.Lock()
	now := time.Now()
	if now.Sub(l.last) < time.Second {
		l.suppressed++
		l.mu.Unlock()
		return
	}
	n := l.suppressed
	l.last, l.suppressed = now, 0
	l.mu.Unlock()
	if logger != nil {
		logger.Warn("control API refused a request", "method", r.Method, "path", r.URL.Path,
			"remote", r.RemoteAddr, "why", why, "refusedsincelast", n)
	}
}
