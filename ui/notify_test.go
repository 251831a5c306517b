package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"softphone/phone/control"
)

// sentNotes records the notifications a window sends.
type sentNotes struct{ notes []fyne.Notification }

func (s *sentNotes) send(n *fyne.Notification) { s.notes = append(s.notes, *n) }

func ringing(callID string) control.Line {
	return control.Line{Line: 1, State: control.StateRinging, Direction: control.DirectionIncoming,
		Peer: "2222", PeerDisplayName: "Katie", CallID: callID}
}

func TestNotificationFor(t *testing.T) {
	tests := []struct {
		name          string
		e             control.Event
		title, detail string // title "" = no notification
	}{
		{"incoming ringing", lineEvent(ringing("c1")), "Incoming call", "Katie (2222)"},
		{"incoming without name", lineEvent(control.Line{State: control.StateSetup, Direction: control.DirectionIncoming, Peer: "2222"}),
			"Incoming call", "2222"},
		{"outgoing ringing", lineEvent(control.Line{State: control.StateRinging, Direction: control.DirectionOutgoing, Peer: "3"}), "", ""},
		{"incoming answered", lineEvent(control.Line{State: control.StateInCall, Direction: control.DirectionIncoming, Peer: "3"}), "", ""},
		{"missed", control.Event{Kind: control.KindCDR, CDR: &control.CDR{Direction: control.DirectionIncoming, Peer: "2222", DisParty: 2}},
			"Missed call", "2222"},
		{"rejected here", control.Event{Kind: control.KindCDR, CDR: &control.CDR{Direction: control.DirectionIncoming, Peer: "2222", DisParty: 1}},
			"", ""},
		{"answered call ended", control.Event{Kind: control.KindCDR, CDR: &control.CDR{Direction: control.DirectionIncoming, DurationMS: 5000}},
			"", ""},
		{"outgoing unanswered", control.Event{Kind: control.KindCDR, CDR: &control.CDR{Direction: control.DirectionOutgoing}}, "", ""},
		{"chat received", control.Event{Kind: control.KindChat, Chat: &control.Chat{Peer: "1001", Incoming: true, Text: "hi"}},
			"Message from 1001", "hi"},
		{"chat sent", control.Event{Kind: control.KindChat, Chat: &control.Chat{Peer: "1001", Text: "hi", State: "sent"}}, "", ""},
		{"chat without body", control.Event{Kind: control.KindChat}, "", ""},
		{"registration", regEvent(control.Registration{Status: control.RegRegistered}), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := notificationFor(tt.e)
			if ok != (tt.title != "") {
				t.Fatalf("notification = %v (ok %v), want title %q", n, ok, tt.title)
			}
			if ok && (n.Title != tt.title || n.Content != tt.detail) {
				t.Fatalf("notification = %q / %q, want %q / %q", n.Title, n.Content, tt.title, tt.detail)
			}
		})
	}
}

func TestPreviewShortensLongChats(t *testing.T) {
	long := strings.Repeat("я", 500)
	got := []rune(preview(long))
	if len(got) != chatPreviewRunes || got[len(got)-1] != '…' {
		t.Fatalf("preview has %d runes ending %q, want %d ending …", len(got), got[len(got)-1], chatPreviewRunes)
	}
	if preview("short") != "short" {
		t.Fatal("short text changed")
	}
}

func TestIncomingCallNotifiesWhenUnfocused(t *testing.T) {
	tests := []struct {
		name    string
		focused bool
		want    int
	}{
		{"unfocused", false, 1},
		{"focused", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"serveraddress": "pbx.local"})
			sent := &sentNotes{}
			h.w.notify.send = sent.send
			h.w.notify.setFocused(tt.focused)
			h.push(lineEvent(ringing("c1")), lineEvent(ringing("c1")))
			if len(sent.notes) != tt.want {
				t.Fatalf("sent %d notifications, want %d: %v", len(sent.notes), tt.want, sent.notes)
			}
			if tt.want > 0 && (sent.notes[0].Title != "Incoming call" || sent.notes[0].Content != "Katie (2222)") {
				t.Fatalf("notification = %+v", sent.notes[0])
			}
			if h.raised != 1 {
				t.Fatalf("window raised %d times, want 1", h.raised)
			}
		})
	}
}

// displaynotification: 0 sends none, 1 (the default) only while the window is not focused,
// 2 also while it is.
func TestDisplayNotificationModes(t *testing.T) {
	tests := []struct {
		mode           string
		focused, unfoc int
	}{{"0", 0, 0}, {"1", 0, 1}, {"", 0, 1}, {"2", 1, 1}}
	for _, tt := range tests {
		h := newHarness(t, map[string]string{"serveraddress": "pbx.local", "displaynotification": tt.mode})
		sent := &sentNotes{}
		h.w.notify.send = sent.send
		h.w.notify.setFocused(true)
		h.push(lineEvent(ringing("c1")))
		if len(sent.notes) != tt.focused {
			t.Errorf("displaynotification=%q focused: sent %d, want %d", tt.mode, len(sent.notes), tt.focused)
		}
		sent.notes = nil
		h.w.notify.setFocused(false)
		h.push(lineEvent(ringing("c2")))
		if len(sent.notes) != tt.unfoc {
			t.Errorf("displaynotification=%q unfocused: sent %d, want %d", tt.mode, len(sent.notes), tt.unfoc)
		}
	}
}

func TestNotifierAnnouncesEachCallOnce(t *testing.T) {
	h := newHarness(t, map[string]string{"serveraddress": "pbx.local"})
	sent := &sentNotes{}
	h.w.notify.send = sent.send
	answered := ringing("c1")
	answered.State = control.StateInCall
	h.push(lineEvent(ringing("c1")), lineEvent(ringing("c1")), lineEvent(ringing("c2")), lineEvent(answered),
		control.Event{Kind: control.KindCDR, CDR: &control.CDR{Direction: control.DirectionIncoming, Peer: "2222", DisParty: 2}},
		control.Event{Kind: control.KindChat, Chat: &control.Chat{Peer: "1001", Incoming: true, Text: "call me"}})
	var titles []string
	for _, n := range sent.notes {
		titles = append(titles, n.Title)
	}
	want := "[Incoming call Incoming call Missed call Message from 1001]"
	if got := strings.Join([]string{"[", strings.Join(titles, " "), "]"}, ""); got != want {
		t.Fatalf("notifications = %s, want %s", got, want)
	}
	if len(h.w.notify.rung) != 1 {
		t.Fatalf("remembers %d ringing calls, want 1 (c1 was answered)", len(h.w.notify.rung))
	}
}

func BenchmarkNotifierObserver(b *testing.B) {
	n := newNotifier(func(*fyne.Notification) {})
	obs := n.observer(func(f func()) { f() })
	events := []control.Event{
		lineEvent(control.Line{State: control.StateInCall, Direction: control.DirectionIncoming, CallID: "c1"}),
		regEvent(control.Registration{Status: control.RegRegistered}),
		{Kind: control.KindDTMF, Message: "5"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		obs(events[i%len(events)])
	}
}
