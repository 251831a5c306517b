package phone

import (
	"testing"

	"softphone/phone/control"
)

func TestBusSlowSubscriberKeepsLatest(t *testing.T) {
	b := newBus()
	ch, cancel := b.subscribe()
	defer cancel()
	const n = busDepth * 4
	for i := 1; i <= n; i++ {
		b.publish(control.Event{Seq: uint64(i)})
	}
	var last uint64
	count := 0
	for len(ch) > 0 {
		ev := <-ch
		if ev.Seq <= last {
			t.Fatalf("events out of order: %d after %d", ev.Seq, last)
		}
		last = ev.Seq
		count++
	}
	if last != n {
		t.Fatalf("latest event lost: last seq %d, want %d", last, n)
	}
	if count != busDepth {
		t.Fatalf("kept %d events, want %d", count, busDepth)
	}
}

func TestBusCancelClosesChannel(t *testing.T) {
	b := newBus()
	ch, cancel := b.subscribe()
	cancel()
	cancel() // idempotent
	if _, ok := <-ch; ok {
		t.Fatal("channel still open after cancel")
	}
	b.publish(control.Event{Seq: 1}) // must not panic on a closed subscription
	_, cancel2 := b.subscribe()
	b.close()
	cancel2() // cancel after close must not close twice
}
