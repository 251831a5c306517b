package presence

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseDialogInfoSamples(t *testing.T) {
	tests := []struct {
		file string
		want DialogInfo
		blf  string
	}{
		{"rfc4235_early.xml", DialogInfo{Entity: "sip:alice@example.com", Version: 0, State: "full", Dialogs: []Dialog{
			{ID: "as7d900as8", CallID: "a84b4c76e66710", LocalTag: "1928301774", Direction: Initiator, State: StateEarly},
		}}, BLFRinging},
		{"rfc4235_confirmed.xml", DialogInfo{Entity: "sip:alice@example.com", Version: 1, State: "full", Dialogs: []Dialog{
			{ID: "as7d900as8", CallID: "a84b4c76e66710", LocalTag: "1928301774", RemoteTag: "456887766", Direction: Initiator,
				State: StateConfirmed, LocalIdentity: "sip:alice@example.com", RemoteIdentity: "sip:bob@example.org", RemoteDisplay: "Bob"},
		}}, BLFBusy},
		{"kamailio_ringing.xml", DialogInfo{Entity: "sip:bob@127.0.0.1", Version: 4, State: "full", Dialogs: []Dialog{
			{ID: "1f2e3d4c", CallID: "1f2e3d4c@127.0.0.1", LocalTag: "b2", RemoteTag: "a1", Direction: Recipient, State: StateEarly,
				LocalIdentity: "sip:bob@127.0.0.1", RemoteIdentity: "sip:carol@127.0.0.1", RemoteDisplay: "Carol"},
		}}, BLFRinging},
		{"kamailio_idle.xml", DialogInfo{Entity: "sip:bob@127.0.0.1", Version: 5, State: "full"}, BLFIdle},
		{"partial_terminated.xml", DialogInfo{Entity: "sip:bob@127.0.0.1", Version: 6, State: "partial", Dialogs: []Dialog{
			{ID: "1f2e3d4c", Direction: Recipient, State: StateTerminated, Event: "rejected", Code: 486},
		}}, BLFIdle},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseDialogInfo(readSample(t, "dialog", tt.file))
			if err != nil {
				t.Fatalf("ParseDialogInfo: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if s := got.BLFState(); s != tt.blf {
				t.Errorf("BLFState = %q, want %q", s, tt.blf)
			}
		})
	}
}

func TestParseDialogInfoErrors(t *testing.T) {
	const ns = `xmlns="urn:ietf:params:xml:ns:dialog-info"`
	tests := []struct {
		name string
		body string
		want error
		text string
	}{
		{"empty", "", ErrEmpty, ""},
		{"too large", strings.Repeat("x", MaxBodySize+1), ErrTooLarge, "65537"},
		{"wrong root", `<presence/>`, ErrMalformed, "root element is <presence>"},
		{"no version", `<dialog-info ` + ns + ` state="full"/>`, ErrMalformed, "missing version"},
		{"bad version", `<dialog-info ` + ns + ` version="-1" state="full"/>`, ErrMalformed, `version "-1"`},
		{"no state", `<dialog-info ` + ns + ` version="1"/>`, ErrMalformed, "missing state"},
		{"bad doc state", `<dialog-info ` + ns + ` version="1" state="half"/>`, ErrMalformed, `state "half"`},
		{"dialog without id", `<dialog-info ` + ns + ` version="1" state="full"><dialog><state>early</state></dialog></dialog-info>`, ErrMalformed, "dialog 1 has no id"},
		{"dialog without state", `<dialog-info ` + ns + ` version="1" state="full"><dialog id="d1"/></dialog-info>`, ErrMalformed, `"d1" has 0 state`},
		{"unknown dialog state", `<dialog-info ` + ns + ` version="1" state="full"><dialog id="d1"><state>ringing</state></dialog></dialog-info>`, ErrMalformed, `unknown state "ringing"`},
		{"unknown direction", `<dialog-info ` + ns + ` version="1" state="full"><dialog id="d1" direction="sideways"><state>early</state></dialog></dialog-info>`, ErrMalformed, `direction "sideways"`},
		{"bad code", `<dialog-info ` + ns + ` version="1" state="full"><dialog id="d1"><state code="abc">terminated</state></dialog></dialog-info>`, ErrMalformed, `code "abc"`},
		{"truncated", `<dialog-info ` + ns + ` version="1" state="full"><dialog id="d1">`, ErrMalformed, "unexpected EOF"},
		{"trailing root", `<dialog-info ` + ns + ` version="1" state="full"/><x/>`, ErrMalformed, "second root element <x>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDialogInfo([]byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err %q does not mention %q", err, tt.text)
			}
		})
	}
}
