package phone

import (
	"testing"

	"softphone/phone/control"
)

// TestBusSlowSubscriberKeepsLatest: a subscriber that reads nothing while four times
// busDepth events arrive then reads them in order, up to the latest, and at most busDepth in
// its channel plus busDepth in its backlog (and the one being fed) were kept.
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
	for last != n {
		ev := <-ch
		if ev.Seq <= last {
			t.Fatalf("events out of order: %d after %d", ev.Seq, last)
		}
		last = ev.Seq
		count++
	}
	if count > 2*busDepth+1 {
		t.Fatalf("kept %d events, want at most %d", count, 2*busDepth+1)
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

// TestBusNeverDropsRecords: a subscriber that reads nothing while far more events than
// busDepth arrive, records (CDR, chat) among intermediate line states, still reads every
// record in order, and the newest event last; only intermediate events were dropped.
func TestBusNeverDropsRecords(t *testing.T) {
	b := newBus()
	ch, cancel := b.subscribe()
	defer cancel()
	const n = busDepth * 6
	var records []uint64
	for i := uint64(1); i <= n; i++ {
		ev := control.Event{Seq: i, Kind: control.KindLine}
		switch {
		case i%3 == 0:
			ev.Kind = control.KindCDR
		case i%7 == 0:
			ev.Kind = control.KindChat
		}
		if isRecord(ev) {
			records = append(records, i)
		}
		b.publish(ev)
	}
	b.publish(control.Event{Seq: n + 1, Kind: control.KindLine}) // the latest state
	var got []uint64
	var last uint64
	for last != n+1 {
		ev := <-ch // the backlog's goroutine feeds the channel as it is read
		if ev.Seq <= last {
			t.Fatalf("event %d after %d: out of order", ev.Seq, last)
		}
		last = ev.Seq
		if isRecord(ev) {
			got = append(got, ev.Seq)
		}
	}
	if len(got) != len(records) {
		t.Fatalf("read %d records of %d", len(got), len(records))
	}
	for i := range got {
		if got[i] != records[i] {
			t.Fatalf("record %d is seq %d, want %d", i, got[i], records[i])
		}
	}
	select {
	case ev, ok := <-ch:
		if ok {
			t.Fatalf("event %d after the latest", ev.Seq)
		}
	default:
	}
}

// TestBusCancelWhileBacklogged: ending a subscription whose backlog is being fed closes the
// channel without a panic, and publishing afterwards is harmless.
func TestBusCancelWhileBacklogged(t *testing.T) {
	b := newBus()
	_, cancel := b.subscribe()
	for i := uint64(1); i <= busDepth*2; i++ {
		b.publish(control.Event{Seq: i, Kind: control.KindCDR})
	}
	cancel()
	b.publish(control.Event{Seq: 1, Kind: control.KindCDR})
	_, cancel2 := b.subscribe()
	for i := uint64(1); i <= busDepth*2; i++ {
		b.publish(control.Event{Seq: i, Kind: control.KindChat})
	}
	b.close()
	cancel2()
}

// BenchmarkBusPublishStalledSubscriber: the cost of one event for a subscriber whose
// channel is full (every publish makes room by dropping its oldest intermediate event),
// with one record in eight (records pile up unread: the backlog grows by one in eight).
func BenchmarkBusPublishStalledSubscriber(b *testing.B) {
	bus := newBus()
	_, cancel := bus.subscribe()
	defer cancel()
	for i := 0; i < busDepth; i++ {
		bus.publish(control.Event{Kind: control.KindLine})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		kind := control.KindLine
		if i%8 == 0 {
			kind = control.KindCDR
		}
		bus.publish(control.Event{Seq: uint64(i), Kind: kind})
	}
}
