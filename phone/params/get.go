package params

import (
	"strconv"
	"time"
)

// Get returns the winning value of name, "" if name is unknown.
func (p *Params) Get(name string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, err := p.lookup(name)
	if err != nil {
		return ""
	}
	v, _ := e.winner()
	return v
}

// Int returns the winning value of name as a number, 0 if it is not one.
func (p *Params) Int(name string) int {
	n, err := strconv.Atoi(p.Get(name))
	if err != nil {
		return 0
	}
	return n
}

// Bool returns the winning value of name as a boolean, false if it is not one.
func (p *Params) Bool(name string) bool {
	b, _ := parseBool(p.Get(name))
	return b
}

// Duration returns the winning value of an Int parameter times its unit
// (Def.Unit), 0 for parameters without a unit.
func (p *Params) Duration(name string) time.Duration {
	p.mu.RLock()
	e, err := p.lookup(name)
	p.mu.RUnlock()
	if err != nil {
		return 0
	}
	return time.Duration(p.Int(name)) * e.def.Unit
}

// Source returns the source of name's winning value (Default if unknown).
func (p *Params) Source(name string) Source {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, err := p.lookup(name)
	if err != nil {
		return Default
	}
	_, s := e.winner()
	return s
}

// Def returns the definition of name or of the parameter it is an alias of.
func (p *Params) Def(name string) (Def, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, err := p.lookup(name)
	if err != nil {
		return Def{}, false
	}
	return e.def, true
}

// Defs returns all definitions in definition order.
func (p *Params) Defs() []Def {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]Def, len(p.order))
	for i, e := range p.order {
		out[i] = e.def
	}
	return out
}

// Snapshot returns every parameter's winning value by canonical name.
// Secrets are included in plain text: mask them with Def.Mask before showing.
func (p *Params) Snapshot() map[string]string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[string]string, len(p.order))
	for _, e := range p.order {
		out[e.def.Name], _ = e.winner()
	}
	return out
}

// ValuesFrom returns the values src set, by canonical name (e.g. the runtime
// changes to save to a config file).
func (p *Params) ValuesFrom(src Source) map[string]string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := map[string]string{}
	if src <= Default || src >= numSources {
		return out
	}
	for _, e := range p.order {
		if e.set[src] {
			out[e.def.Name] = e.values[src]
		}
	}
	return out
}
