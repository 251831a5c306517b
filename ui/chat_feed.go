package ui

import "softphone/phone/control"

// receive queues a chat, presence, BLF or CDR event and schedules one flush on the UI thread;
// it runs on the view-model's event goroutine. Unlike line snapshots, every chat event counts
// (each is a message or its delivery state), so none is dropped: a burst is applied in one go.
func (s *socialTabs) receive(e control.Event) {
	s.mu.Lock()
	s.pending = append(s.pending, e)
	start := !s.scheduled
	s.scheduled = true
	s.mu.Unlock()
	if start {
		s.vm.dispatch(s.flush)
	}
}

// flush applies the queued events to the tabs; UI thread only.
func (s *socialTabs) flush() {
	s.mu.Lock()
	events := s.pending
	s.pending = nil
	s.scheduled = false
	s.mu.Unlock()
	if s.soc == nil {
		return
	}
	presence, calls := false, false
	for _, e := range events {
		switch e.Kind {
		case control.KindChat:
			if e.Chat != nil {
				s.chat.receive(*e.Chat)
			}
		case control.KindPresence:
			if e.Presence != nil {
				s.contacts.dots.setPresence(e.Presence.Peer, e.Presence.Status)
				presence = true
			}
		case control.KindBLF:
			if e.Presence != nil {
				s.contacts.dots.setBLF(e.Presence.Peer, e.Presence.Status)
				presence = true
			}
		case control.KindCDR:
			calls = true
		case control.KindSaveContact:
			s.contacts.askToSave(e.Message)
		}
	}
	if presence {
		s.contacts.list.Refresh()
	}
	if calls {
		s.history.load()
	}
}
