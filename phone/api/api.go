// Package api serves the phone's control API: GET /v1/status, GET /v1/events (Server-Sent
// Events) and POST /v1/<function> with JSON arguments mirroring the seed's JavaScript API.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"softphone/phone/control"
)

// Controller is what the API drives: the shared front-end contract, implemented by *phone.Phone.
type Controller = control.Controller

// ErrNotLoopback is returned when the API would listen beyond this machine without permission.
var ErrNotLoopback = errors.New("control API must listen on a loopback address")

// ErrNoToken is returned by Listen without a token: a listening API always requires one.
var ErrNoToken = errors.New("control API needs a token")

// Config configures a Server.
type Config struct {
	// Addr is host:port (e.g. 127.0.0.1:18090) or unix:PATH for a Unix socket.
	Addr string
	// Token must be sent as "Authorization: Bearer <Token>". Listen requires one; a handler
	// from NewHandler without one checks none (for embedding and tests).
	Token string
	// AllowedOrigins are the browser origins (scheme://host[:port], or "*") whose requests
	// are served, with CORS; a request carrying any other Origin is refused (apiallowedorigins).
	AllowedOrigins []string
	AllowRemote    bool // permit a non-loopback Addr (a provisioning profile's decision)
	Logger         *slog.Logger
	// StatusCode overrides how a controller error maps to an HTTP status; nil uses HTTPStatus.
	StatusCode func(error) int
}

// Server is a running control API.
type Server struct {
	cfg     Config
	ctl     Controller
	unix    bool // listening on a Unix socket: no browser can reach it, so Host is not checked
	ln      net.Listener
	http    *http.Server
	done    chan struct{}
	refused refusalLog
}

// Listen validates cfg, binds the address and starts serving ctl. A Unix socket (Addr
// unix:PATH) is made readable and writable by its owner only; a stale socket file left by
// an earlier run is removed, a live one is an error.
func Listen(ctl Controller, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Token == "" {
		return nil, fmt.Errorf("parameter apitoken: %w", ErrNoToken)
	}
	var ln net.Listener
	var err error
	path, unix := strings.CutPrefix(cfg.Addr, "unix:")
	if unix {
		ln, err = listenUnix(path)
	} else {
		ln, err = listenTCP(cfg)
	}
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ctl: ctl, ln: ln, unix: unix, done: make(chan struct{})}
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("control API stopped", "error", err)
		}
	}()
	return s, nil
}

// listenTCP binds host:port, on loopback unless cfg allows more.
func listenTCP(cfg Config) (net.Listener, error) {
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("parameter apiaddress: %q is not host:port or unix:PATH: %w", cfg.Addr, err)
	}
	if !cfg.AllowRemote && !isLoopback(host) {
		return nil, fmt.Errorf("parameter apiaddress: %q: %w (only a provisioning profile may open it to the network)", cfg.Addr, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("parameter apiaddress: cannot listen on %q: %w", cfg.Addr, err)
	}
	return ln, nil
}

// listenUnix binds a Unix socket at path, mode 0600, replacing a stale one.
func listenUnix(path string) (net.Listener, error) {
	if path == "" {
		return nil, errors.New("parameter apiaddress: unix: names no socket path")
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != os.ModeSocket {
			return nil, fmt.Errorf("parameter apiaddress: %s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("parameter apiaddress: %s: another program is listening there", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("parameter apiaddress: cannot remove the stale socket %s: %w", path, err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("parameter apiaddress: cannot listen on unix:%s: %w", path, err)
	}
	// The token guards the short window before the mode is narrowed.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("parameter apiaddress: unix:%s: %w", path, err)
	}
	return ln, nil
}

// Addr is the address the API listens on: host:port, or unix:PATH.
func (s *Server) Addr() string {
	if s.unix {
		return "unix:" + s.ln.Addr().String()
	}
	return s.ln.Addr().String()
}

// Close stops the API, ending event streams.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = s.http.Close()
	}
	<-s.done
	return err
}

// Handler returns the API's HTTP handler (also usable without Listen, e.g. in tests).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", s.status)
	mux.HandleFunc("GET /v1/events", s.events)
	mux.HandleFunc("POST /v1/{function}", s.function)
	mux.HandleFunc("GET /v1/history", s.history)
	mux.HandleFunc("GET /v1/contacts", s.contacts)
	mux.HandleFunc("POST /v1/contacts", s.contacts)
	mux.HandleFunc("DELETE /v1/contacts/{id}", s.contacts)
	mux.HandleFunc("GET /v1/chat", s.chat)
	mux.HandleFunc("GET /v1/contacts.vcf", s.vcards)
	mux.HandleFunc("POST /v1/contacts.vcf", s.vcards)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	return s.guard(mux)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewHandler returns the API's HTTP handler for ctl without listening (for embedding and tests).
func NewHandler(ctl Controller, cfg Config) http.Handler {
	_, unix := strings.CutPrefix(cfg.Addr, "unix:")
	return (&Server{ctl: ctl, cfg: cfg, unix: unix}).Handler()
}
