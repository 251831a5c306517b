package phone

import (
	"sync"

	"softphone/phone/control"
)

// busDepth is how many events a subscriber may fall behind before intermediate ones are dropped.
const busDepth = 256

// isRecord reports whether ev is a record a subscriber must never lose (a CDR, missed calls
// included, or a chat message or its delivery state), unlike intermediate state, of which
// only the latest matters.
func isRecord(ev control.Event) bool {
	return ev.Kind == control.KindCDR || ev.Kind == control.KindChat
}

// bus fans events out to subscribers without ever blocking the publisher. Each subscriber
// has a channel of busDepth events; when it is full, later events wait in a backlog of the
// subscriber's own, which a goroutine feeds into the channel, in order, as it is read. The
// backlog keeps every record and the newest busDepth intermediate events, dropping older
// ones, so a slow subscriber loses only intermediate state, never a record, and the last
// event it reads always reflects the latest state.
type bus struct {
	mu    sync.Mutex
	subs  map[chan control.Event]*subscriber
	start []control.Event // the START events so far, replayed to every later subscriber
}

// subscriber is one subscription's channel and backlog. The backlog is two queues, records
// and intermediate events, each entry numbered in arrival order, so dropping the oldest
// intermediate event is cheap however many records wait, and merging the two by number
// gives the arrival order back.
type subscriber struct {
	ch       chan control.Event
	records  []queued      // records waiting for room in ch, oldest first
	states   []queued      // intermediate events waiting, oldest first, at most busDepth
	next     uint64        // the number of the next queued event
	flushing bool          // a goroutine feeds the backlog into ch; new events join the backlog
	done     chan struct{} // closed when the subscription ends
	flushed  sync.WaitGroup
}

// queued is a backlog entry: an event and its arrival number.
type queued struct {
	n  uint64
	ev control.Event
}

// pop removes and returns the backlog's oldest event; ok is false when it is empty.
// Callers hold b.mu.
func (s *subscriber) pop() (ev control.Event, ok bool) {
	q := &s.states
	switch {
	case len(s.records) == 0 && len(s.states) == 0:
		return control.Event{}, false
	case len(s.states) == 0 || len(s.records) > 0 && s.records[0].n < s.states[0].n:
		q = &s.records
	}
	ev = (*q)[0].ev
	(*q)[0] = queued{}
	*q = (*q)[1:]
	return ev, true
}

func newBus() *bus { return &bus{subs: make(map[chan control.Event]*subscriber)} }

// subscribe returns a channel of events and a function that ends the subscription.
func (b *bus) subscribe() (<-chan control.Event, func()) {
	s := &subscriber{ch: make(chan control.Event, busDepth), done: make(chan struct{})}
	b.mu.Lock()
	for _, ev := range b.start { // the seed's START,what comes first, even to late subscribers
		s.ch <- ev
	}
	b.subs[s.ch] = s
	b.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			b.mu.Lock()
			_, open := b.subs[s.ch]
			delete(b.subs, s.ch)
			b.mu.Unlock()
			if open {
				s.end()
			}
		})
	}
}

// end stops the backlog's goroutine and closes the channel.
func (s *subscriber) end() {
	close(s.done)
	s.flushed.Wait()
	close(s.ch)
}

// publish delivers ev to every subscriber without blocking (see deliver).
func (b *bus) publish(ev control.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ev.Kind == control.KindStart && len(b.start) < 8 {
		b.start = append(b.start, ev)
	}
	for _, s := range b.subs {
		b.deliver(s, ev)
	}
}

// deliver gives ev to s: into its channel when there is room and no backlog, else into
// the backlog. Callers hold b.mu.
func (b *bus) deliver(s *subscriber, ev control.Event) {
	if !s.flushing {
		select {
		case s.ch <- ev:
			return
		default:
		}
	}
	e := queued{n: s.next, ev: ev}
	s.next++
	if isRecord(ev) {
		s.records = append(s.records, e)
	} else {
		s.states = append(s.states, e)
		if len(s.states) > busDepth { // coalesce: the oldest intermediate event goes
			s.states[0] = queued{}
			s.states = s.states[1:]
		}
	}
	if !s.flushing {
		s.flushing = true
		s.flushed.Add(1)
		go b.flush(s)
	}
}

// flush feeds s's backlog into its channel, in order, until the backlog is empty or the
// subscription ends.
func (b *bus) flush(s *subscriber) {
	defer s.flushed.Done()
	for {
		b.mu.Lock()
		ev, ok := s.pop()
		if !ok {
			s.flushing = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		select { // later events wait in the backlog meanwhile (flushing), so the order holds
		case s.ch <- ev:
		case <-s.done:
			return
		}
	}
}

// close ends every subscription.
func (b *bus) close() {
	b.mu.Lock()
	subs := b.subs
	b.subs = make(map[chan control.Event]*subscriber)
	b.mu.Unlock()
	for _, s := range subs {
		s.end()
	}
}
