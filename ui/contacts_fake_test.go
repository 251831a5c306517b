package ui

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"softphone/phone/control"
	"softphone/phone/store"
)

// fakeSocial is control.Social in memory. Commands that change something are recorded in the
// fake controller's log; reads are not, so the tabs loading leave other tests' logs alone.
type fakeSocial struct {
	record func(format string, args ...any)

	mu       sync.Mutex
	contacts []control.Contact
	nextID   int64
	calls    []control.Call // newest first
	messages []control.Message
	read     []string // peers whose conversation was marked read
	chatErr  error    // SendChat fails with it when set
	queries  []control.HistoryFilter
}

func (f *fakeSocial) SendChat(number, message string) error {
	f.record("SendChat %s %s", number, message)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.chatErr
}

func (f *fakeSocial) CheckPresence(users string) error {
	f.record("CheckPresence %s", users)
	return nil
}

func (f *fakeSocial) SetPresenceStatus(status string) error {
	f.record("SetPresenceStatus %s", status)
	return nil
}

func (f *fakeSocial) History(filter control.HistoryFilter) ([]control.Call, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, filter)
	var out []control.Call
	for _, c := range f.calls {
		if (filter.Direction != 0 && c.Direction != filter.Direction) || (filter.MissedOnly && !c.Missed) {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

func (f *fakeSocial) ExportHistoryCSV(w io.Writer) error {
	f.record("ExportHistoryCSV")
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		if _, err := fmt.Fprintf(w, "%s,%d\n", c.Peer, c.Direction); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSocial) Contacts(query string) ([]control.Contact, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := strings.ToLower(query)
	var out []control.Contact
	for _, c := range f.contacts {
		match := strings.Contains(strings.ToLower(c.Name), q)
		for _, n := range c.Numbers {
			match = match || strings.Contains(n.Value, q)
		}
		if match {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeSocial) SaveContact(c control.Contact) (int64, error) {
	var nums []string
	for _, n := range c.Numbers {
		nums = append(nums, n.Label+":"+n.Value)
	}
	f.record("SaveContact %d %s %s", c.ID, c.Name, strings.Join(nums, ","))
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := slices.IndexFunc(f.contacts, func(x control.Contact) bool { return x.ID == c.ID }); c.ID != 0 && i >= 0 {
		f.contacts[i] = c
		return c.ID, nil
	}
	f.nextID++
	c.ID = f.nextID
	f.contacts = append(f.contacts, c)
	return c.ID, nil
}

func (f *fakeSocial) DeleteContact(id int64) error {
	f.record("DeleteContact %d", id)
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.contacts, func(x control.Contact) bool { return x.ID == id })
	if i < 0 {
		return fmt.Errorf("contact %d: %w", id, store.ErrNotFound)
	}
	f.contacts = slices.Delete(f.contacts, i, i+1)
	return nil
}

func (f *fakeSocial) Conversation(peer string, limit int) ([]control.Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read = append(f.read, peer)
	var out []control.Message
	for i, m := range f.messages {
		if m.Peer == peer {
			f.messages[i].Read = true
			out = append(out, m)
		}
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, nil
}

func (f *fakeSocial) Conversations() ([]control.ConversationSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []control.ConversationSummary
	for i := len(f.messages) - 1; i >= 0; i-- {
		m := f.messages[i]
		j := slices.IndexFunc(out, func(c control.ConversationSummary) bool { return c.Peer == m.Peer })
		if j < 0 {
			out = append(out, control.ConversationSummary{Peer: m.Peer, Last: m})
			j = len(out) - 1
		}
		if m.Incoming && !m.Read {
			out[j].Unread++
		}
	}
	return out, nil
}

func (f *fakeSocial) ImportVCard(r io.Reader) (int, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "FN:"); ok {
			if _, err := f.SaveContact(control.Contact{Name: name}); err != nil {
				return n, err
			}
			n++
		}
	}
	f.record("ImportVCard %d", n)
	return n, nil
}

func (f *fakeSocial) ExportVCard(w io.Writer) error {
	f.record("ExportVCard")
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.contacts {
		if _, err := fmt.Fprintf(w, "BEGIN:VCARD\nVERSION:4.0\nFN:%s\nEND:VCARD\n", c.Name); err != nil {
			return err
		}
	}
	return nil
}

// addContacts stores cs as they are (IDs included) without recording a command.
func (f *fakeSocial) addContacts(cs ...control.Contact) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range cs {
		f.nextID = max(f.nextID, c.ID)
		f.contacts = append(f.contacts, c)
	}
}
