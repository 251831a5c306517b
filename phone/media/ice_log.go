package media

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/pion/logging"
)

// iceLog routes pion/ice's (and its TURN client's) log to slog at debug level, warnings at
// warn, and keeps the first TURN allocation failure so the phone can report it.
type iceLog struct {
	log *slog.Logger

	mu      sync.Mutex
	turnErr string // pion's message for the first failed TURN allocation
}

// NewLogger implements logging.LoggerFactory.
func (l *iceLog) NewLogger(scope string) logging.LeveledLogger {
	return &iceScoped{l: l, log: l.log.With("ice", scope)}
}

// turnFailure returns pion's message for a failed TURN allocation, "" when none failed.
func (l *iceLog) turnFailure() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.turnErr
}

func (l *iceLog) note(msg string) {
	if !strings.Contains(msg, "TURN client") && !strings.Contains(msg, "relay") {
		return
	}
	l.mu.Lock()
	if l.turnErr == "" {
		l.turnErr = msg
	}
	l.mu.Unlock()
}

// iceScoped is one pion scope's logger.
type iceScoped struct {
	l   *iceLog
	log *slog.Logger
}

func (s *iceScoped) Trace(string)                   {}
func (s *iceScoped) Tracef(string, ...any)          {}
func (s *iceScoped) Debug(msg string)               { s.log.Debug(msg) }
func (s *iceScoped) Debugf(format string, a ...any) { s.log.Debug(fmt.Sprintf(format, a...)) }
func (s *iceScoped) Info(msg string)                { s.log.Debug(msg) }
func (s *iceScoped) Infof(format string, a ...any)  { s.log.Debug(fmt.Sprintf(format, a...)) }
func (s *iceScoped) Warn(msg string)                { s.l.note(msg); s.log.Warn(msg) }
func (s *iceScoped) Warnf(format string, a ...any)  { s.Warn(fmt.Sprintf(format, a...)) }
func (s *iceScoped) Error(msg string)               { s.l.note(msg); s.log.Warn(msg) }
func (s *iceScoped) Errorf(format string, a ...any) { s.Error(fmt.Sprintf(format, a...)) }
