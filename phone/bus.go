package phone

import (
	"sync"

	"softphone/phone/control"
)

// busDepth is how many events a subscriber may fall behind before the oldest are dropped.
const busDepth = 256

// bus fans events out to subscribers without ever blocking the publisher. A slow
// subscriber loses its oldest pending events, never the newest, so the last event it
// reads always reflects the latest state.
type bus struct {
	mu    sync.Mutex
	subs  map[chan control.Event]struct{}
	start []control.Event // the START events so far, replayed to every later subscriber
}

func newBus() *bus { return &bus{subs: make(map[chan control.Event]struct{})} }

// subscribe returns a channel of events and a function that ends the subscription.
func (b *bus) subscribe() (<-chan control.Event, func()) {
	ch := make(chan control.Event, busDepth)
	b.mu.Lock()
	for _, ev := range b.start { // the seed's START,what comes first, even to late subscribers
		ch <- ev
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			if _, open := b.subs[ch]; open {
				delete(b.subs, ch)
				close(ch)
			}
		})
	}
}

// publish delivers ev to every subscriber, dropping a subscriber's oldest event when it is full.
func (b *bus) publish(ev control.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ev.Kind == control.KindStart && len(b.start) < 8 {
		b.start = append(b.start, ev)
	}
	for ch := range b.subs {
		for {
			select {
			case ch <- ev:
			default:
				select {
				case <-ch: // drop the oldest to make room for the newest
				default:
				}
				continue
			}
			break
		}
	}
}

// close ends every subscription.
func (b *bus) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}
