// Package api serves the phone's control API: GET /v1/status, GET /v1/events (Server-Sent
// Events) and POST /v1/<function> with JSON arguments mirroring the seed's JavaScript API.
package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"softphone/phone/control"
)

// Controller is what the API drives: the shared front-end contract, implemented by *phone.Phone.
type Controller = control.Controller

// ErrNotLoopback is returned when the API would listen beyond this machine without permission.
var ErrNotLoopback = errors.New("control API must listen on a loopback address")

// Config configures a Server.
type Config struct {
	Addr        string // host:port, e.g. 127.0.0.1:18090
	Token       string // when set, requests must carry "Authorization: Bearer <Token>"
	AllowRemote bool   // permit a non-loopback Addr (a provisioning profile's decision)
	Logger      *slog.Logger
	// StatusCode maps a controller error to an HTTP status; nil uses 400 for every error.
	StatusCode func(error) int
}

// Server is a running control API.
type Server struct {
	cfg  Config
	ctl  Controller
	ln   net.Listener
	http *http.Server
	done chan struct{}
}

// Listen validates cfg, binds the address and starts serving ctl.
func Listen(ctl Controller, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("parameter apiaddress: %q is not host:port: %w", cfg.Addr, err)
	}
	if !cfg.AllowRemote && !isLoopback(host) {
		return nil, fmt.Errorf("parameter apiaddress: %q: %w (only a provisioning profile may open it to the network)", cfg.Addr, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("parameter apiaddress: cannot listen on %q: %w", cfg.Addr, err)
	}
	s := &Server{cfg: cfg, ctl: ctl, ln: ln, done: make(chan struct{})}
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("control API stopped", "error", err)
		}
	}()
	return s, nil
}

// Addr is the address the API listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

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
	return s.authorize(mux)
}

// authorize enforces the bearer token when one is configured.
func (s *Server) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) != 1 {
				writeError(w, http.StatusUnauthorized, "missing or wrong API token (send Authorization: Bearer <apitoken>)")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
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
	return (&Server{ctl: ctl, cfg: cfg}).Handler()
}
