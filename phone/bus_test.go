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

// A subscriber that comes after the start still gets START,sip first.
func TestBusReplaysStart(t *testing.T) {
	b := newBus()
	b.publish(control.Event{Kind: control.KindStart, Notification: "START,sip"})
	b.publish(control.Event{Kind: control.KindInfo, Notification: "EVENT,EVENT,x"})
	ch, cancel := b.subscribe()
	defer cancel()
	b.publish(control.Event{Kind: control.KindInfo, Notification: "EVENT,EVENT,y"})
	var got []string
	for len(ch) > 0 {
		got = append(got, (<-ch).Notification)
	}
	if len(got) != 2 || got[0] != "START,sip" || got[1] != "EVENT,EVENT,y" {
		t.Fatalf("late subscriber got %q, want START,sip then the new event", got)
	}
}
