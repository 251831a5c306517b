package params

import (
	"fmt"
	"strings"
)

// New returns Params holding defs, every value at its default. Names and
// aliases are matched case-insensitively; a name defined twice keeps its
// first definition.
func New(defs []Def, opts ...Option) *Params {
	p := &Params{opts: buildOptions(opts), byName: map[string]*entry{}, watchers: map[int]func(string, string){}}
	for _, d := range defs {
		d.Name = strings.ToLower(d.Name)
		if _, dup := p.byName[d.Name]; dup || d.Name == "" {
			continue
		}
		e := &entry{def: d}
		p.order = append(p.order, e)
		p.byName[d.Name] = e
		for _, a := range d.Aliases {
			if a = strings.ToLower(a); p.byName[a] == nil {
				p.byName[a] = e
			}
		}
	}
	return p
}

// lookup finds a parameter by name or alias; callers hold p.mu.
func (p *Params) lookup(name string) (*entry, error) {
	if e, ok := p.byName[strings.ToLower(strings.TrimSpace(name))]; ok {
		return e, nil
	}
	msg := fmt.Sprintf("unknown parameter %q", name)
	if s := closest(strings.ToLower(name), p.byName); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, &Error{Name: name, Err: ErrUnknown, msg: msg}
}

// Set stores value for name as given by src. The value wins if no higher
// source has set one; otherwise it is kept for that source. "DEF" restores the
// default and "NULL" empties a string (other kinds: the default), at src's
// rank. Any value may be given encrypted__3__ (see Obfuscate; the seed's parameter
// security), decoded with the Params' key. Errors wrap
// ErrUnknown, ErrInvalid or ErrLocked.
func (p *Params) Set(name, value string, src Source) error {
	if src <= Default || src >= numSources {
		return &Error{Name: name, Err: ErrInvalid, msg: fmt.Sprintf("parameter %q: cannot be set by %s", name, src)}
	}
	err := p.update(name, func(e *entry) error {
		if e.locked && src > e.lockedBy {
			return &Error{Name: name, Err: ErrLocked,
				msg: fmt.Sprintf("parameter %q is locked by %s", e.def.Name, e.lockedBy)}
		}
		v, err := resolve(e.def, value, p.opts.key)
		if err != nil {
			return err
		}
		e.values[src], e.set[src] = v, true
		return nil
	})
	if err == nil && strings.EqualFold(strings.TrimSpace(name), extraOption) {
		err = p.applyExtraOption(value, src) // defs_seed.go
	}
	return err
}

// update applies change to name's entry under the lock and, when the winning value
// changed, notifies the watchers after unlocking.
func (p *Params) update(name string, change func(e *entry) error) error {
	p.mu.Lock()
	e, err := p.lookup(name)
	if err != nil {
		p.mu.Unlock()
		return err
	}
	before, _ := e.winner()
	if err := change(e); err != nil {
		p.mu.Unlock()
		return err
	}
	after, _ := e.winner()
	notify := p.changed(e.def.Name, before, after)
	p.mu.Unlock()
	notify()
	return nil
}

// resolve turns a raw value into the stored one.
func resolve(d Def, value string, key []byte) (string, error) {
	switch value {
	case "DEF":
		return d.Default, nil
	case "NULL":
		if v, err := normalize(d, ""); err == nil {
			return v, nil
		}
		return d.Default, nil
	}
	if strings.HasPrefix(value, obfuscatedPrefix) {
		plain, err := Deobfuscate(value, key)
		if err != nil {
			return "", &Error{Name: d.Name, Err: ErrInvalid, msg: fmt.Sprintf("parameter %q: %v", d.Name, err)}
		}
		value = plain
	}
	return normalize(d, value)
}

// Clear forgets the value src set for name, so the next lower source's value
// (or the default) can win again.
func (p *Params) Clear(name string, src Source) error {
	return p.update(name, func(e *entry) error {
		if src > Default && src < numSources {
			e.values[src], e.set[src] = "", false
		}
		return nil
	})
}

// Lock locks name at the Provisioning rank: sources above Provisioning can no
// longer change it, and values they set before are dropped.
func (p *Params) Lock(name string) error {
	return p.update(name, func(e *entry) error {
		e.locked, e.lockedBy = true, Provisioning
		for s := Provisioning + 1; s < numSources; s++ {
			e.values[s], e.set[s] = "", false
		}
		return nil
	})
}

// Locked reports whether name is locked.
func (p *Params) Locked(name string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, err := p.lookup(name)
	return err == nil && e.locked
}

// changed returns a function calling the watchers if the winning value
// changed; callers hold p.mu and call it after unlocking.
func (p *Params) changed(name, before, after string) func() {
	if before == after || len(p.watchers) == 0 {
		return func() {}
	}
	fs := make([]func(string, string), 0, len(p.watchers))
	for _, f := range p.watchers {
		fs = append(fs, f)
	}
	return func() {
		for _, f := range fs {
			f(name, after)
		}
	}
}

// Watch registers f to be called after a winning value changes (not on sets
// that change nothing). f runs on the goroutine that made the change. The
// returned cancel stops further calls.
func (p *Params) Watch(f func(name, value string)) (cancel func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	p.watchers[id] = f
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.watchers, id)
	}
}

// closest returns the known name nearest to name, or "" if none is close.
func closest(name string, known map[string]*entry) string {
	best, bestD := "", len(name)/2+2
	for k := range known {
		if d := distance(name, k); d < bestD || (d == bestD && best != "" && k < best) {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
