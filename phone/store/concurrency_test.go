package store

import (
	"fmt"
	"sync"
	"testing"

	"softphone/phone/control"
)

// TestConcurrentWriters checks that parallel writers and readers neither
// fail with "database is locked" nor lose rows.
func TestConcurrentWriters(t *testing.T) {
	s := openTest(t)
	const workers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, _, err := s.SaveIncoming(control.Message{Peer: fmt.Sprint("p", w), Text: "x", CallID: fmt.Sprint(w, "-", i), CSeq: 1}); err != nil {
					errs <- err
				}
				if _, err := s.SaveContact(control.Contact{Name: fmt.Sprint("c", w, i), Numbers: []control.Number{{Label: "", Value: fmt.Sprint(w*100 + i)}}}); err != nil {
					errs <- err
				}
				if _, err := s.Conversations(); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cs, err := s.Conversations()
	if err != nil || len(cs) != workers {
		t.Fatalf("conversations = %d, %v", len(cs), err)
	}
	for _, c := range cs {
		if c.Unread != each {
			t.Errorf("%s unread = %d, want %d", c.Peer, c.Unread, each)
		}
	}
	if all, _ := s.Contacts(""); len(all) != workers*each {
		t.Errorf("contacts = %d, want %d", len(all), workers*each)
	}
}
