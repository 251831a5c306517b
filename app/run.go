package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"softphone/phone"
	"softphone/phone/audio"
	"softphone/phone/control"
	"softphone/phone/params"
	"softphone/phone/provision"
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
	if o.encrypt != "" {
		fmt.Fprintln(stdout, params.Obfuscate(o.encrypt, []byte(builtinParameterKey)))
		return exitOK
	}
	if o.newKey != "" || o.signProfile != "" {
		return signingCommand(o, stdout, stderr)
	}
	// A refused URI is reported, by the running phone or this one once started, never dialled.
	var dial string
	var dialErr error
	if o.dial != "" {
		if dial, dialErr = dialArgument(o.dial); dialErr != nil {
			fmt.Fprintf(stderr, "softphone: %v\n", dialErr)
		}
	}
	// One phone per settings file: a second start hands its URI to the first and ends.
	var sock string
	if o.settings != "" && !o.listDevices {
		sock = instanceSocket(o.settings)
		if running, err := handOff(sock, handoff{URI: o.dial, Raise: !o.headless}); running {
			if err != nil {
				return fail(stderr, exitFail, "the running phone: %v", err)
			}
			if o.dial != "" {
				fmt.Fprintf(stdout, "handed %s to the running phone\n", o.dial)
			}
			return exitOK
		}
	}
	ps, err := loadParams(o)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	logger := newLogger(stderr, ps.Int("loglevel"))
	if o.bundle != "" {
		if err := applyBundle(ps, o.bundle); err != nil {
			logger.Error("kiosk bundle not used; starting with the other settings", "error", err)
			fmt.Fprintf(stderr, "softphone: %v\n", err)
		}
	}
	prov := provision.New(ps, settingsDir(o.settings))
	provisioned := prov.Run(context.Background())
	if m := provisioned.Message(); m != "" {
		logger.Warn(m)
	}
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
	var in *instance
	if sock != "" {
		if in, err = listenInstance(sock, func(m handoff) error { return dialHandedOver(p, m.URI, logger) }); err != nil {
			logger.Warn("a second start cannot reach this phone", "error", err)
		} else {
			defer in.Close()
		}
	}
	if dialErr != nil {
		p.ReportRefused(dialErr)
	}
	if m := provisioned.Message(); m != "" {
		p.ReportRefused(errors.New(m))
	}
	if ps.Source("autostart") != params.Default {
		if exe, err := os.Executable(); err == nil {
			if err := setAutostart(ps.Bool("autostart"), exe); err != nil {
				logger.Warn("autostart entry", "error", err)
			}
		}
	}
	provCtx, stopProv := context.WithCancel(context.Background())
	defer stopProv()
	go prov.Every(provCtx, func(o provision.Outcome) {
		if m := o.Message(); m != "" {
			p.ReportRefused(errors.New(m))
		}
	})
	if dial != "" {
		if _, err := p.Call(dial); err != nil {
			logger.Error("call from the command line failed", "number", o.dial, "error", err)
		}
	}
	if o.headless {
		<-ctx.Done()
		logger.Info("shutting down")
		return exitOK
	}
	return runGUI(p, ps, logger, in)
}

// dialArgument checks the command line's number: a sip:, sips:, tel: or callto: URI (as the
// desktop passes it), or a plain number or address.
func dialArgument(arg string) (string, error) {
	if strings.Contains(arg, ":") && !strings.Contains(arg, "@") || strings.HasPrefix(strings.ToLower(arg), "sip") {
		return dialFromURI(arg)
	}
	n, err := control.CheckNumber(arg)
	if err != nil {
		return "", fmt.Errorf("refused number %q: %w", arg, err)
	}
	return n, nil
}

// dialHandedOver dials a URI a second start handed over, after checking it again: what comes
// over the socket is not trusted. A refused URI is a notice in the running phone too.
func dialHandedOver(p *phone.Phone, uri string, logger *slog.Logger) error {
	n, err := dialArgument(uri)
	if err == nil {
		_, err = p.Call(n)
	}
	if err != nil {
		logger.Warn("handed-over URI not dialled", "uri", uri, "error", err)
		p.ReportRefused(fmt.Errorf("not dialled %.80q from the desktop: %w", uri, err))
	}
	return err
}

// settingsDir is the folder of the settings file, where the last good provisioning profile
// is kept; "" when no settings are kept.
func settingsDir(settings string) string {
	if settings == "" {
		return ""
	}
	return filepath.Dir(settings)
}

// loadParams builds the parameters from every source, later ones winning (see params.Load),
// over the branded build's built-in skin and profile.
func loadParams(o options) (*params.Params, error) {
	ps, err := params.Load(params.Sources{Config: o.config, Settings: o.settings, Environ: os.Environ(), Sets: o.sets,
		ParameterKey: []byte(builtinParameterKey)})
	if err != nil {
		return nil, err
	}
	if err := applyBrand(ps); err != nil {
		return nil, fmt.Errorf("branded build: %w", err)
	}
	return ps, nil
}

// newLogger maps the seed's loglevel (1 quiet .. 5 full SIP detail) to slog levels.
func newLogger(w *os.File, level int) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: phone.LogLevel(level)}))
}
