package control

import "io"

// Social is the phone's memory and social side: chat, presence, history and contacts.
// *phone.Phone implements it; front ends check for it so a controller without a database
// still drives calls.
type Social interface {
	// SendChat sends a chat message; its delivery state follows as chat events.
	SendChat(number, message string) error
	// CheckPresence watches the presence of users (comma-separated).
	CheckPresence(users string) error
	// SetPresenceStatus publishes our status: Online, Away, DND, Invisible or Offline.
	SetPresenceStatus(status string) error
	// History returns call history, newest first.
	History(f HistoryFilter) ([]Call, error)
	// ExportHistoryCSV writes the history as CSV.
	ExportHistoryCSV(w io.Writer) error
	// Contacts returns the contacts matching query (all when empty).
	Contacts(query string) ([]Contact, error)
	// SaveContact adds or updates a contact and returns its id.
	SaveContact(c Contact) (int64, error)
	// DeleteContact removes a contact.
	DeleteContact(id int64) error
	// Conversation returns the chat with peer, oldest first, and marks it read.
	Conversation(peer string, limit int) ([]Message, error)
	// Conversations lists conversations, most recent first, with unread counts.
	Conversations() ([]ConversationSummary, error)
	// ImportVCard adds the contacts of a vCard 3 or 4 stream.
	ImportVCard(r io.Reader) (int, error)
	// ExportVCard writes every contact as vCard 4.0.
	ExportVCard(w io.Writer) error
}

// Devices is the audio side a settings screen needs.
type Devices interface {
	// AudioDevices lists capture and playback devices.
	AudioDevices() []DeviceInfo
	// Levels returns recent microphone and speaker levels in dBFS.
	Levels() (mic, speaker float64)
}
