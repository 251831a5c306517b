package control

import "testing"

func TestNotificationLines(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"incoming ringing", Line{Line: 1, State: StateRinging, Peer: "2222", Local: "1111", Direction: DirectionIncoming,
			PeerDisplayName: "Katie", CallID: "abc@host"}.StatusLine(), "STATUS,1,Ringing,2222,1111,2,Katie,abc@host"},
		{"commas removed", Line{Line: 2, State: StateInCall, Peer: "a,b", Direction: DirectionOutgoing}.StatusLine(),
			"STATUS,2,InCall,a b,,1,,"},
		{"registration", Registration{Status: RegFailed}.StatusLine(), "STATUS,-1,Register Failed"},
		{"cdr", CDR{Line: 1, Peer: "1001", Caller: "1000", Called: "1001", PeerAddress: "127.0.0.1:5060",
			ConnectMS: 1500, DurationMS: 3000, DisParty: 2, Reason: "BYE"}.CDRLine(),
			"CDR,1,1001,1000,1001,127.0.0.1:5060,1500,3000,2,BYE"},
		{"error", NoticeLine(KindError, "Register failed: wrong password"), "EVENT,ERROR,Register failed: wrong password"},
		{"info", NoticeLine(KindInfo, "hello\nworld"), "EVENT,EVENT,hello world"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestSocialLines(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Chat{Peer: "1001", Incoming: true, Text: "hi, there"}.ChatLine(), "CHAT,0,1001,hi  there"},
		{Chat{Peer: "1001", State: "failed", Reason: "1001 is offline (480 Temporarily Unavailable)"}.ChatLine(),
			"CHATSTATE,1001,failed,1001 is offline (480 Temporarily Unavailable)"},
		{Presence{Peer: "1002", Status: "Away"}.PresenceLine(), "PRESENCE,1002,Away"},
		{Presence{Peer: "1002", Status: "ringing"}.BLFLine(), "BLF,1002,ringing"},
		{MWI{Waiting: true, New: 2, Old: 8}.MWILine(), "MWI,yes,2/8"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
