package phone_test

import (
	"fmt"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestSaveToContacts: a number called that no contact holds is, by savetocontacts, left
// alone (0), asked about (1, the default: a SAVECONTACT event with the number, no contact
// saved by itself) or saved named by the number (2). The offer comes as the call starts, so
// by the call's end it has been made or not.
// (The call fails unreachable, which takes 10 s, so the cases run in parallel.)
func TestSaveToContacts(t *testing.T) {
	tests := []struct {
		mode         string // "" leaves the default
		asked, saved bool
	}{
		{"0", false, false},
		{"", true, false},
		{"1", true, false},
		{"2", false, true},
	}
	for _, tt := range tests {
		t.Run("savetocontacts="+tt.mode, func(t *testing.T) {
			t.Parallel()
			sets := map[string]string{}
			if tt.mode != "" {
				sets["savetocontacts"] = tt.mode
			}
			tp := startPhone(t, sets)
			// Nothing listens there: the call starts, then fails as unreachable.
			number := fmt.Sprintf("sip:nobody@127.0.0.1:%d", testpeer.FreePort(t, "udp"))
			tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, number))
			peer := tp.waitLine(control.StateSetup, callTimeout).Peer
			tp.waitLine(control.StateFinished, callTimeout)
			asked := false
			for _, ev := range tp.seen {
				if ev.Kind == control.KindSaveContact {
					asked = true
					if ev.Message != peer || ev.Notification != "SAVECONTACT,"+peer {
						t.Errorf("question %q (%q), want the number %q", ev.Message, ev.Notification, peer)
					}
				}
			}
			list, err := tp.p.Contacts("")
			if err != nil {
				t.Fatal(err)
			}
			saved := len(list) == 1 && list[0].Name == peer && len(list[0].Numbers) == 1 && list[0].Numbers[0].Value == peer
			if asked != tt.asked || saved != tt.saved || len(list) > 1 {
				t.Fatalf("asked %v, contacts %+v; want asked %v, saved %v", asked, list, tt.asked, tt.saved)
			}
		})
	}
}
