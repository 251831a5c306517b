package params

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// Profile is a provisioning profile: parameter values and the names it locks. Its TOML is
// the --config format (name = "value" lines; tables are flattened by key name) plus a
// [locks] table of name = true.
type Profile struct {
	Values map[string]string // canonical name -> value
	Locks  []string          // canonical names
}

// ParseProfile reads a profile and checks it against defs without applying it: every key
// must name a parameter and hold a valid value for it, every lock must name a parameter
// and be true or false. name (a URL or path) is used in the errors, which are joined, each
// naming the line and key.
func (p *Params) ParseProfile(name string, text []byte) (Profile, error) {
	var data map[string]any
	md, err := toml.Decode(string(text), &data)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Profile{}, &Error{Err: ErrInvalid, msg: fmt.Sprintf("provisioning profile %s:%d: not TOML: %s", name, pe.Position.Line, pe.Message)}
		}
		return Profile{}, &Error{Err: ErrInvalid, msg: fmt.Sprintf("provisioning profile %s: not TOML: %v", name, err)}
	}
	pr := Profile{Values: map[string]string{}}
	var errs []error
	for _, key := range md.Keys() {
		v, ok := lookupKey(data, key)
		if !ok {
			continue
		}
		where := name
		if line := keyLine(string(text), key); line > 0 {
			where = fmt.Sprintf("%s:%d", name, line)
		}
		leaf := key[len(key)-1]
		if len(key) == 2 && key[0] == "locks" {
			locked, isBool := v.(bool)
			def, err := p.defOf(leaf)
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("provisioning profile %s: [locks] %q: %w", where, leaf, err))
			case !isBool:
				errs = append(errs, fmt.Errorf("provisioning profile %s: [locks] %q = %v: a lock is true or false", where, leaf, v))
			case locked:
				pr.Locks = append(pr.Locks, def.Name)
			}
			continue
		}
		value, err := tomlString(v)
		if err == nil {
			var def Def
			if def, err = p.defOf(leaf); err == nil {
				if value, err = resolve(def, value, p.opts.key); err == nil {
					pr.Values[def.Name] = value
				}
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("provisioning profile %s: key %q: %w", where, key.String(), err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Profile{}, err
	}
	return pr, nil
}

// defOf is Def with the unknown-parameter error (naming a close match) instead of false.
func (p *Params) defOf(name string) (Def, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, err := p.lookup(name)
	if err != nil {
		return Def{}, err
	}
	return e.def, nil
}

// ApplyProfile makes pr the provisioning source: its values replace those of the previous
// profile (names it no longer sets fall back to the sources below), and its locks replace
// the previous locks. A locked name's provisioned value wins over every later source, whose
// values for it are dropped. Watchers see each winning value that changed.
func (p *Params) ApplyProfile(pr Profile) error {
	p.mu.RLock()
	var names []string
	for _, e := range p.order {
		if e.set[Provisioning] || e.locked || pr.Values[e.def.Name] != "" {
			names = append(names, e.def.Name)
		}
	}
	p.mu.RUnlock()
	for name := range pr.Values {
		names = append(names, name)
	}
	locks := map[string]bool{}
	for _, n := range pr.Locks {
		locks[strings.ToLower(n)] = true
	}
	for _, name := range names {
		value, inProfile := pr.Values[name]
		err := p.update(name, func(e *entry) error {
			e.locked = false
			if inProfile {
				e.values[Provisioning], e.set[Provisioning] = value, true
			} else {
				e.values[Provisioning], e.set[Provisioning] = "", false
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for name := range locks {
		if err := p.Lock(name); err != nil {
			return err
		}
	}
	return nil
}

// LockedNames lists the names a profile locked, in definition order.
func (p *Params) LockedNames() []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []string
	for _, e := range p.order {
		if e.locked {
			out = append(out, e.def.Name)
		}
	}
	return out
}
