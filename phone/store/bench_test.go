package store

import (
	"fmt"
	"strings"
	"testing"

	"softphone/phone/control"
)

func BenchmarkSaveIncoming(b *testing.B) {
	s := openTest(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, _, err := s.SaveIncoming(control.Message{Peer: "sip:alice@pbx", Text: "hello there", CallID: fmt.Sprint("c", i), CSeq: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaveIncomingDuplicate(b *testing.B) {
	s := openTest(b)
	m := control.Message{Peer: "sip:alice@pbx", Text: "hello there", CallID: "dup", CSeq: 1}
	if _, _, err := s.SaveIncoming(m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, dup, err := s.SaveIncoming(m); err != nil || !dup {
			b.Fatal(dup, err)
		}
	}
}

func BenchmarkCallStarted(b *testing.B) {
	s := openTest(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.CallStarted(control.Call{CallID: "x@y", Direction: control.DirectionOutgoing, Peer: "sip:1001@pbx", PeerName: "Zoë"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContactByNumber(b *testing.B) {
	s := openTest(b)
	for i := 0; i < 1000; i++ {
		if _, err := s.SaveContact(control.Contact{Name: fmt.Sprint("Contact ", i), Numbers: []control.Number{{Label: "work", Value: fmt.Sprint(1000 + i)}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if c, err := s.ContactByNumber("sip:1500@pbx"); err != nil || !strings.HasSuffix(c.Name, "500") {
			b.Fatal(c, err)
		}
	}
}
