package params

import "sync"

// Notice is something the parameters want a user to know, such as where a saved password
// went (the OS keychain or the encrypted fallback file). Its text never holds a secret.
type Notice struct {
	Warning bool   // a problem to look at (the seed's EVENT,WARNING); else information (EVENT,EVENT)
	Text    string // one line for a user
}

// notices keeps the notices made before anyone listened, and the listeners.
type notices struct {
	mu        sync.Mutex
	pending   []Notice
	listeners []func(Notice)
}

// add delivers n to the listeners, or keeps it until the first one comes.
func (ns *notices) add(n Notice) {
	ns.mu.Lock()
	fs := append([]func(Notice){}, ns.listeners...)
	if len(fs) == 0 {
		ns.pending = append(ns.pending, n)
	}
	ns.mu.Unlock()
	for _, f := range fs {
		f(n)
	}
}

// OnNotice calls f with the notices made so far (loading the settings makes some before a
// phone exists to show them) and with each later one, on the goroutine that made it.
func (p *Params) OnNotice(f func(Notice)) {
	ns := &p.notes
	ns.mu.Lock()
	pending := ns.pending
	ns.pending = nil
	ns.listeners = append(ns.listeners, f)
	ns.mu.Unlock()
	for _, n := range pending {
		f(n)
	}
}
