package control

import "log/slog"

// The seed's notifications that are not line or registration state.
const (
	// KindWarning reports a problem a user should look at that does not stop anything
	// (EVENT,WARNING,text), such as a saved password kept in the fallback file.
	KindWarning Kind = "warning"
	// KindPopup is a message to show to a user in a window of its own (POPUP,text), such as
	// the messagepopup parameter's text.
	KindPopup Kind = "popup"
	// KindLog is one log record at or above the level the loglevel parameter asks for
	// (LOG,EVENT|WARNING|ERROR,text); Message holds the text with its attributes.
	KindLog Kind = "log"
	// KindServerContacts reports contacts found at the VoIP server (SERVERCONTACTS,text).
	KindServerContacts Kind = "servercontacts"
)

// PopupLine renders a popup message as the seed's POPUP,text.
func PopupLine(text string) string { return "POPUP," + field(text) }

// LogLine renders a log record as the seed's LOG,TYPE,text: ERROR for slog's error level,
// WARNING for its warning level, EVENT below.
func LogLine(level slog.Level, text string) string {
	typ := "EVENT"
	switch {
	case level >= slog.LevelError:
		typ = "ERROR"
	case level >= slog.LevelWarn:
		typ = "WARNING"
	}
	return "LOG," + typ + "," + field(text)
}
