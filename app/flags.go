package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"softphone/phone/params"
)

// options are the command line flags.
type options struct {
	config      string
	sets        []string
	headless    bool
	version     bool
	listDevices bool
	dial        string // a sip:/tel: URI to call at start
	settings    string // file keeping run-time changes; "" keeps none
	newKey      string // --new-signing-key FILE: make a profile signing key and exit
	signProfile string // --sign-profile FILE: write FILE.sig with --signing-key and exit
	signingKey  string // --signing-key FILE
	bundle      string // --bundle DIR: an offline kiosk bundle (skin and profile)
	encrypt     string // --encrypt-parameter VALUE: print its encrypted__3__ form and exit
}

// setList collects repeatable --set name=value flags.
type setList []string

// String joins the collected values (flag.Value).
func (s *setList) String() string { return strings.Join(*s, ",") }

// Set appends one name=value (flag.Value).
func (s *setList) Set(v string) error { *s = append(*s, v); return nil }

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("softphone", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.config, "config", "", "TOML file with parameters (name = value)")
	fs.Var((*setList)(&o.sets), "set", "set a parameter, name=value (repeatable; wins over --config)")
	fs.StringVar(&o.settings, "settings", params.DefaultSettingsPath(), "file keeping the settings a user changes at run time (\"\" for none)")
	fs.BoolVar(&o.headless, "headless", false, "run without a window; drive the phone through the control API (apiaddress)")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVar(&o.listDevices, "list-devices", false, "list audio devices and exit")
	fs.StringVar(&o.newKey, "new-signing-key", "", "write a new provisioning signing key to FILE, print its public key (for provisioningkey) and exit")
	fs.StringVar(&o.signProfile, "sign-profile", "", "sign the provisioning profile FILE with --signing-key, writing FILE.sig, and exit")
	fs.StringVar(&o.signingKey, "signing-key", "", "the private key file --sign-profile uses")
	fs.StringVar(&o.encrypt, "encrypt-parameter", "", "print VALUE encrypted (encrypted__3__...) with this build's parameter key, for a config file, and exit")
	fs.StringVar(&o.bundle, "bundle", "", "start from an offline kiosk bundle: a folder with the skin (skin/) and profile.toml")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: softphone [--config FILE] [--set name=value ...] [--headless] [sip:user@host | tel:number]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch rest := fs.Args(); len(rest) {
	case 0:
	case 1:
		o.dial = rest[0]
	default:
		return o, fmt.Errorf("too many arguments: %q (at most one sip:/tel: URI)", rest)
	}
	return o, nil
}
