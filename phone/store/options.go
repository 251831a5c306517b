package store

import (
	"io"
	"log/slog"
	"time"
)

// Option configures a Store at Open.
type Option func(*config)

type config struct {
	log          *slog.Logger
	now          func() time.Time
	busyTimeout  time.Duration
	maxOpenConns int
	synchronous  string // FULL unless a test trades durability for speed
}

func defaultConfig() config {
	return config{
		log:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		now:          time.Now,
		busyTimeout:  5 * time.Second,
		maxOpenConns: 4,
		synchronous:  "FULL",
	}
}

// WithLogger sets the logger for migrations, recovery and other notable events.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// WithClock sets the clock used for timestamps the caller left zero; it must
// be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithBusyTimeout sets how long a write waits for another writer (default 5 s).
func WithBusyTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.busyTimeout = d
		}
	}
}

// withSynchronous overrides PRAGMA synchronous; only tests that do not care
// about durability (fuzzing) use it.
func withSynchronous(mode string) Option {
	return func(c *config) { c.synchronous = mode }
}
