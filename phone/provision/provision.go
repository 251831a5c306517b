package provision

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"softphone/phone/params"
)

// Outcome is what one provisioning round did.
type Outcome struct {
	Source    string    // the provisioning parameter's value
	Applied   bool      // a profile is in force (fresh or kept)
	FromCache bool      // the server could not be used: the last good profile was applied
	CachedAt  time.Time // when the kept profile was fetched (FromCache)
	Locks     []string  // the names it locks
	// Err is why the fresh profile was not taken (server down, bad signature, not TOML,
	// unknown key): for a notice. With FromCache the kept profile is in force anyway.
	Err error
}

// Message is the outcome in words for a notice; "" when a fresh profile was applied.
func (o Outcome) Message() string {
	switch {
	case o.Err == nil:
		return ""
	case o.FromCache:
		return fmt.Sprintf("Provisioning: %v; using the profile kept from %s", o.Err, o.CachedAt.Format(time.RFC3339))
	case o.Applied:
		return fmt.Sprintf("Provisioning: %v; the current profile stays", o.Err)
	}
	return fmt.Sprintf("Provisioning: %v; starting with the other settings", o.Err)
}

// Provisioner fetches and applies the profile named by the provisioning parameter.
type Provisioner struct {
	ps       *params.Params
	cacheDir string // where the last good profile is kept; "" keeps none
	client   *http.Client
	applied  bool
}

// New returns a provisioner for ps keeping the last good profile in cacheDir.
func New(ps *params.Params, cacheDir string) *Provisioner {
	return &Provisioner{ps: ps, cacheDir: cacheDir, client: &http.Client{Timeout: fetchTimeout}}
}

// cacheFile is the kept profile; its signature sits beside it with .sig.
func (p *Provisioner) cacheFile() string { return filepath.Join(p.cacheDir, "provisioning.toml") }

// Run fetches the profile once and applies it; when the fresh one cannot be had or is
// refused, the kept profile (checked again) is applied instead, if there is one and nothing
// is in force yet. A refused profile never replaces one in force.
func (p *Provisioner) Run(ctx context.Context) Outcome {
	src := p.ps.Get("provisioning")
	o := Outcome{Source: src, Applied: p.applied}
	if src == "" {
		return o
	}
	key := p.ps.Get("provisioningkey")
	text, sig, err := p.get(ctx, src, key != "")
	var pr params.Profile
	if err == nil {
		pr, err = p.check(src, text, sig, key)
	}
	if err == nil {
		if err = p.ps.ApplyProfile(pr); err == nil {
			p.applied, o.Applied, o.Locks = true, true, pr.Locks
			p.keep(text, sig)
			return o
		}
	}
	o.Err = err
	if p.applied || p.cacheDir == "" {
		return o
	}
	text, cerr := os.ReadFile(p.cacheFile())
	if cerr != nil {
		return o
	}
	csig, _ := os.ReadFile(p.cacheFile() + ".sig")
	cpr, cerr := p.check(p.cacheFile(), text, csig, key)
	if cerr != nil {
		o.Err = errors.Join(err, fmt.Errorf("the kept profile is refused too: %w", cerr))
		return o
	}
	if cerr = p.ps.ApplyProfile(cpr); cerr != nil {
		return o
	}
	if st, err := os.Stat(p.cacheFile()); err == nil {
		o.CachedAt = st.ModTime()
	}
	p.applied, o.Applied, o.FromCache, o.Locks = true, true, true, cpr.Locks
	return o
}

// get fetches the profile and, when signed profiles are required, its signature.
func (p *Provisioner) get(ctx context.Context, src string, signed bool) (text, sig []byte, err error) {
	if text, err = fetch(ctx, p.client, src); err != nil {
		return nil, nil, err
	}
	if signed {
		if sig, err = fetch(ctx, p.client, src+".sig"); err != nil {
			return nil, nil, fmt.Errorf("%w: provisioningkey is set but %s.sig cannot be read: %v", ErrSignature, src, err)
		}
	}
	return text, sig, nil
}

// check verifies the signature (when key is set) and parses the profile against the
// parameter definitions.
func (p *Provisioner) check(name string, text, sig []byte, key string) (params.Profile, error) {
	if key != "" {
		if err := verify(key, text, sig); err != nil {
			return params.Profile{}, fmt.Errorf("%s refused: %w", name, err)
		}
	}
	return p.ps.ParseProfile(name, text)
}

// keep saves a profile that was applied, for the days its server is away.
func (p *Provisioner) keep(text, sig []byte) {
	if p.cacheDir == "" {
		return
	}
	if err := os.MkdirAll(p.cacheDir, 0o700); err != nil {
		return
	}
	_ = writeAtomic(p.cacheFile(), text)
	if sig != nil {
		_ = writeAtomic(p.cacheFile()+".sig", sig)
	} else {
		_ = os.Remove(p.cacheFile() + ".sig")
	}
}

// writeAtomic writes b to path through a temporary file and a rename, readable by the user
// only (a profile holds passwords).
func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Every re-runs the provisioner every provisioninginterval seconds (read each round; 0
// waits and checks again a minute later) until ctx ends, reporting each outcome.
func (p *Provisioner) Every(ctx context.Context, report func(Outcome)) {
	for {
		ival := time.Duration(p.ps.Int("provisioninginterval")) * time.Second
		wait := ival
		if wait <= 0 {
			wait = time.Minute
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if ival > 0 {
			report(p.Run(ctx))
		}
	}
}
