package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"softphone/phone"
	"softphone/phone/audio"
	"softphone/phone/params"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// run is the whole program; it returns the exit code.
func run(args []string, stdout, stderr *os.File) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return exitUsage
	}
	if o.version {
		fmt.Fprintln(stdout, "softphone", version)
		return exitOK
	}
	ps, err := loadParams(o)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	logger := newLogger(stderr, ps.Int("loglevel"))
	drivers := audio.DefaultDrivers(logger)
	if o.listDevices {
		for _, d := range drivers.List() {
			fmt.Fprintf(stdout, "%-10s %-40q %6d Hz  default=%v\n", d.Driver, d.Name, d.DefaultRate, d.Default)
		}
		return exitOK
	}

	// Headless, SIGINT/SIGTERM end the phone cleanly (hang up, unregister) from the first moment
	// on: a service manager may stop it right after start.
	ctx, stop := context.Background(), func() {}
	if o.headless {
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	}
	defer stop()

	p := phone.New(ps, phone.WithLogger(logger), phone.WithDrivers(drivers))
	if err := p.Start(); err != nil {
		return fail(stderr, exitFail, "%v", err)
	}
	defer p.Close()

	if srv, err := startAPI(p, ps, o.settings, logger, stdout); err != nil {
		return fail(stderr, exitFail, "%v", err)
	} else if srv != nil {
		defer srv.Close()
	}
	if o.dial != "" {
		if _, err := p.Call(strings.TrimPrefix(o.dial, "tel:")); err != nil {
			logger.Error("call from the command line failed", "number", o.dial, "error", err)
		}
	}
	if o.headless {
		<-ctx.Done()
		logger.Info("shutting down")
		return exitOK
	}
	return runGUI(p, ps, logger)
}

// loadParams builds the parameters from every source, later ones winning (see params.Load).
func loadParams(o options) (*params.Params, error) {
	return params.Load(params.Sources{Config: o.config, Settings: o.settings, Environ: os.Environ(), Sets: o.sets})
}

// newLogger maps the seed's loglevel (1 quiet .. 5 full SIP detail) to slog levels.
func newLogger(w *os.File, level int) *slog.Logger {
	l := slog.LevelWarn
	switch {
	case level >= 4:
		l = slog.LevelDebug
	case level >= 2:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
