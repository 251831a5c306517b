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

// bus fans events out to subscribers without ever blocking the publisher. A slow
// subscriber loses its oldest pending intermediate events, never a record and never the
// newest event, so the last event it reads always reflects the latest state. When its
// channel holds nothing but records, later events wait in a backlog that a goroutine of the
// subscriber's own feeds into the channel as it is read.
type bus struct {
	mu    sync.Mutex
	subs  map[chan control.Event]*subscriber
	start []control.Event // the START events so far, replayed to every later subscriber
}

// subscriber is one subscription's channel and backlog.
type subscriber struct {
	ch       chan control.Event
	backlog  []control.Event // events behind a channel full of records, oldest first
	flushing bool            // a goroutine feeds the backlog into ch; new events join the backlog
	done     chan struct{}   // closed when the subscription ends
	flushed  sync.WaitGroup  // the feeding goroutine
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

// publish delivers ev to every subscriber, making room by dropping a subscriber's oldest
// intermediate event when it is full.
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

// deliver gives ev to s. Callers hold b.mu, so only the subscriber reads s.ch meanwhile.
func (b *bus) deliver(s *subscriber, ev control.Event) {
	if !s.flushing {
		select {
		case s.ch <- ev:
			return
		default:
		}
		if dropOldestIntermediate(s.ch) {
			s.ch <- ev // room was made and only we send
			return
		}
	}
	s.backlog = append(s.backlog, ev)
	coalesce(&s.backlog)
	if !s.flushing {
		s.flushing = true
		s.flushed.Add(1)
		go b.flush(s)
	}
}

// dropOldestIntermediate takes the pending events out of ch, drops the oldest one that is
// not a record and puts the others back in order; it reports whether one was dropped.
func dropOldestIntermediate(ch chan control.Event) bool {
	var pending []control.Event
	for len(pending) < cap(ch) {
		select {
		case ev := <-ch:
			pending = append(pending, ev)
			continue
		default:
		}
		break
	}
	dropped := false
	for _, ev := range pending {
		if !dropped && !isRecord(ev) {
			dropped = true
			continue
		}
		ch <- ev
	}
	return dropped
}

// coalesce keeps at most busDepth intermediate events in a backlog, dropping the oldest.
func coalesce(backlog *[]control.Event) {
	n := 0
	for _, ev := range *backlog {
		if !isRecord(ev) {
			n++
		}
	}
	if n <= busDepth {
		return
	}
	for i, ev := range *backlog {
		if !isRecord(ev) {
			*backlog = append((*backlog)[:i], (*backlog)[i+1:]...)
			return
		}
	}
}

// flush feeds s's backlog into its channel, in order, until the backlog is empty or the
// subscription ends.
func (b *bus) flush(s *subscriber) {
	defer s.flushed.Done()
	for {
		b.mu.Lock()
		if len(s.backlog) == 0 {
			s.flushing = false
			b.mu.Unlock()
			return
		}
		ev := s.backlog[0]
		s.backlog = s.backlog[1:]
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
