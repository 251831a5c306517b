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
	listeners map[int]func(Notice)
	next      int
}

// add delivers n to the listeners, or keeps it until the first one comes.
func (ns *notices) add(n Notice) {
	ns.mu.Lock()
	fs := make([]func(Notice), 0, len(ns.listeners))
	for _, f := range ns.listeners {
		fs = append(fs, f)
	}
	if len(fs) == 0 {
		ns.pending = append(ns.pending, n)
	}
	ns.mu.Unlock()
	for _, f := range fs {
		f(n)
	}
}

// OnNotice calls f with the notices made so far (loading the settings makes some before a
// phone exists to show them) and with each later one, on the goroutine that made it, until
// the returned cancel is called.
func (p *Params) OnNotice(f func(Notice)) (cancel func()) {
	ns := &p.notes
	ns.mu.Lock()
	pending := ns.pending
	ns.pending = nil
	id := ns.next
	ns.next++
	if ns.listeners == nil {
		ns.listeners = map[int]func(Notice){}
	}
	ns.listeners[id] = f
	ns.mu.Unlock()
	for _, n := range pending {
		f(n)
	}
	return func() {
		ns.mu.Lock()
		delete(ns.listeners, id)
		ns.mu.Unlock()
	}
}
