package ui

import "sync"

// serial runs funcs one at a time, in the order given, on a goroutine that lives only while
// there is work. Controller commands run on it so the UI thread never waits for the phone,
// and an Answer is never overtaken by the Hangup that follows it.
type serial struct {
	mu    sync.Mutex
	queue []func()
	busy  bool
}

// run queues fn and returns at once.
func (s *serial) run(fn func()) {
	s.mu.Lock()
	s.queue = append(s.queue, fn)
	start := !s.busy
	s.busy = true
	s.mu.Unlock()
	if start {
		go s.loop()
	}
}

// loop runs queued funcs until none is left.
func (s *serial) loop() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.busy = false
			s.mu.Unlock()
			return
		}
		fn := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		s.mu.Unlock()
		fn()
	}
}
