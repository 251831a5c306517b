package store

import (
	"testing"

	"softphone/phone/control"
)

// DeleteAll leaves no call, contact or message, and the store stays usable.
func TestDeleteAll(t *testing.T) {
	s := openTest(t)
	if _, err := s.CallStarted(control.Call{CallID: "x@y", Direction: control.DirectionOutgoing, Peer: "1001"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveContact(control.Contact{Name: "Support", Numbers: []control.Number{{Label: "work", Value: "1002"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveOutgoing(control.Message{Peer: "sip:bob@pbx", Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAll(); err != nil {
		t.Fatal(err)
	}
	calls, err1 := s.History(control.HistoryFilter{})
	contacts, err2 := s.Contacts("")
	convs, err3 := s.Conversations()
	if len(calls)+len(contacts)+len(convs) != 0 || err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("after DeleteAll: %d calls, %d contacts, %d conversations (%v %v %v)", len(calls), len(contacts), len(convs), err1, err2, err3)
	}
	if _, err := s.SaveContact(control.Contact{Name: "Again"}); err != nil {
		t.Fatalf("store unusable after DeleteAll: %v", err)
	}
}
