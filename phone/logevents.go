package phone

import (
	"context"
	"log/slog"
	"strings"

	"softphone/phone/control"
)

// LogLevel maps the seed's loglevel (1 quiet .. 5 full SIP detail) to the slog level logged
// and sent as LOG notifications: warnings and errors at 1, information from 2, debug from 4.
func LogLevel(loglevel int) slog.Level {
	switch {
	case loglevel >= 4:
		return slog.LevelDebug
	case loglevel >= 2:
		return slog.LevelInfo
	}
	return slog.LevelWarn
}

// logEvents is a slog.Handler that sends every record at or above level as the seed's
// LOG,TYPE,text notification and passes it on to the phone's own handler. Secrets never
// reach a log record (parameters are masked, digest responses and SDES keys are masked in the
// SIP trace), so none reaches a LOG notification.
type logEvents struct {
	next    slog.Handler
	level   slog.Level
	publish func(control.Event)
	attrs   string // the attributes of WithAttrs, rendered " k=v"
	group   string // the WithGroup prefix, "g."
}

// Enabled reports whether either the LOG notifications or the next handler want level.
func (h *logEvents) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.level || h.next.Enabled(ctx, level)
}

// Handle publishes r when it is at or above the LOG level and passes it on.
func (h *logEvents) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= h.level {
		var b strings.Builder
		b.WriteString(r.Message)
		b.WriteString(h.attrs)
		r.Attrs(func(a slog.Attr) bool {
			writeAttr(&b, h.group, a)
			return true
		})
		text := b.String()
		h.publish(control.Event{Kind: control.KindLog, Message: text, Notification: control.LogLine(r.Level, text)})
	}
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

// WithAttrs returns a handler adding attrs to every record.
func (h *logEvents) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range attrs {
		writeAttr(&b, h.group, a)
	}
	c.attrs, c.next = b.String(), h.next.WithAttrs(attrs)
	return &c
}

// WithGroup returns a handler putting later attributes in group name.
func (h *logEvents) WithGroup(name string) slog.Handler {
	c := *h
	c.group, c.next = h.group+name+".", h.next.WithGroup(name)
	return &c
}

// writeAttr renders " group.key=value".
func writeAttr(b *strings.Builder, group string, a slog.Attr) {
	if a.Equal(slog.Attr{}) {
		return
	}
	b.WriteString(" " + group + a.Key + "=" + a.Value.Resolve().String())
}
