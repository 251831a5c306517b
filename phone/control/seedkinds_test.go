package control

import (
	"log/slog"
	"testing"
)

func TestSeedKindLines(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{NoticeLine(KindWarning, "password saved in the encrypted file"), "EVENT,WARNING,password saved in the encrypted file"},
		{PopupLine("Welcome,\nnew user"), "POPUP,Welcome  new user"},
		{LogLine(slog.LevelError, "x"), "LOG,ERROR,x"},
		{LogLine(slog.LevelWarn, "x"), "LOG,WARNING,x"},
		{LogLine(slog.LevelInfo, "x"), "LOG,EVENT,x"},
		{LogLine(slog.LevelDebug, "x"), "LOG,EVENT,x"},
		{MessageLine("ANSWER", "OK"), "ANSWER,OK"},
		{MessageLine("SERVERCONTACTS", "1001"), "SERVERCONTACTS,1001"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
