package params

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// DefaultSettingsPath is where the phone keeps what a user changes at run time: settings.toml in
// the user's config folder (its folder also holds the settings key and the API token).
func DefaultSettingsPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "softphone", "settings.toml")
}

// settings persists parameters a user changes at run time (in the window or through
// setparameter) so they survive a restart. The file is written atomically (temp file,
// fsync, rename); secrets never go into it but to the OS keychain or, without one, an
// encrypted file (secretstore.go).
type settings struct {
	path    string
	key     []byte
	mu      sync.Mutex
	saved   map[string]string
	secrets *secretStore // opened by apply
}

// openSettings reads the settings file at path (missing is fine) and its key.
func openSettings(path string) (*settings, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("settings folder: %w", err)
	}
	key, err := LoadOrCreateKey(filepath.Join(filepath.Dir(path), "settings.key"))
	if err != nil {
		return nil, fmt.Errorf("settings key: %w", err)
	}
	s := &settings{path: path, key: key, saved: map[string]string{}}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	tmp := Standard(WithKey(key))
	if err := tmp.LoadTOML(path, ConfigFile); err != nil {
		return nil, fmt.Errorf("saved settings %s: %w", path, err)
	}
	s.saved = tmp.ValuesFrom(ConfigFile)
	return s, nil
}

// apply gives ps the saved values and secrets (at config-file rank) and saves later
// run-time changes: secrets to the secret store, the rest to the settings file.
func (s *settings) apply(ps *Params) error {
	store, secrets, err := openSecretStore(filepath.Dir(s.path), s.key, ps.notes.add)
	if err != nil {
		return err
	}
	s.secrets = store
	if err := s.moveSecrets(ps, secrets); err != nil {
		return err
	}
	for _, values := range []map[string]string{s.saved, secrets} {
		for name, value := range values {
			if err := ps.Set(name, value, ConfigFile); err != nil {
				return fmt.Errorf("saved settings %s: %w", s.path, err)
			}
		}
	}
	ps.mu.Lock()
	ps.forget = s.forget
	ps.mu.Unlock()
	ps.Watch(func(name, value string) {
		if ps.Source(name) != Runtime {
			return
		}
		if d, _ := ps.Def(name); d.Kind == Secret {
			if err := s.secrets.save(name, value); err != nil {
				ps.notes.add(Notice{Warning: true, Text: fmt.Sprintf("%s not saved: %v", name, err)})
			}
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.saved[name] = value
		if err := WriteTOMLAtomic(s.path, s.saved, WithKey(s.key)); err != nil {
			ps.notes.add(Notice{Warning: true, Text: fmt.Sprintf("cannot save settings to %s: %v", s.path, err)})
			fmt.Fprintf(os.Stderr, "softphone: cannot save settings to %s: %v\n", s.path, err)
		}
	})
	return nil
}

// moveSecrets moves the secrets an older version kept (obfuscated) in the settings file
// into the secret store, adding them to secrets, and rewrites the file without them.
func (s *settings) moveSecrets(ps *Params, secrets map[string]string) error {
	moved := false
	for name, value := range s.saved {
		if d, _ := ps.Def(name); d.Kind != Secret {
			continue
		}
		if _, ok := secrets[name]; !ok {
			secrets[name] = value
			if err := s.secrets.save(name, value); err != nil {
				return fmt.Errorf("saved settings %s: %w", s.path, err)
			}
		}
		delete(s.saved, name)
		moved = true
	}
	if !moved {
		return nil
	}
	return WriteTOMLAtomic(s.path, s.saved, WithKey(s.key))
}

// forget empties the settings file: the next start begins without the saved values.
func (s *settings) forget() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = map[string]string{}
	if err := WriteTOMLAtomic(s.path, s.saved, WithKey(s.key)); err != nil {
		return fmt.Errorf("settings %s: %w", s.path, err)
	}
	if s.secrets != nil {
		return s.secrets.forget()
	}
	return nil
}

// ForgetSaved drops every value set at run time (each parameter falls back to its config,
// saved or default value at once) and empties the settings file and the saved secrets
// (keychain and fallback file), so the next start also
// begins without the values a user saved (the seed's delsettings). Watchers see each change.
// Values this run read from the settings file at start keep their effect until then: they
// share the config rank with the config file, whose values must stay.
func (p *Params) ForgetSaved() error {
	p.mu.RLock()
	var names []string
	for _, e := range p.order {
		if e.set[Runtime] {
			names = append(names, e.def.Name)
		}
	}
	forget := p.forget
	p.mu.RUnlock()
	for _, name := range names {
		if err := p.Clear(name, Runtime); err != nil {
			return err
		}
	}
	if forget != nil {
		return forget()
	}
	return nil
}
