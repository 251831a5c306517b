package control

import "time"

// Call directions (the seed's endpointtype), as Call.Direction and HistoryFilter.Direction
// hold them.
const (
	// DirectionOutgoing marks a call this phone placed.
	DirectionOutgoing = 1
	// DirectionIncoming marks a call this phone received.
	DirectionIncoming = 2
)

// Call is one call-history row: written when the call starts, completed when
// it ends.
type Call struct {
	ID         int64
	CallID     string
	Line       int
	Direction  int // DirectionOutgoing or DirectionIncoming
	Peer       string
	PeerName   string
	Started    time.Time
	Connected  time.Time // zero if the call never connected
	DurationMS int64     // talk time
	DisParty   int       // who disconnected (the seed's disconnect party)
	Reason     string
	Codec      string
	Recording  string // path of the recording, if any
	Ended      time.Time
	Missed     bool
	Quality    Quality // the whole call's quality (MOS, loss, jitter, RTT); zero when no media flowed
}

// HistoryFilter selects call-history rows. Zero values select everything.
type HistoryFilter struct {
	Direction  int       // 0 any, else DirectionOutgoing or DirectionIncoming
	MissedOnly bool      // only missed calls
	Peer       string    // substring of the peer or its name (case and accent insensitive)
	Since      time.Time // only calls started at or after this time
	Limit      int       // 0 means no limit
	Offset     int
}

// Contact is an address-book entry.
type Contact struct {
	ID        int64
	Name      string
	Numbers   []Number
	Email     string
	Notes     string
	Favourite bool
	Presence  bool // subscribe to this contact's presence
}

// Number is one of a contact's numbers: a phone number or a sip: URI.
type Number struct {
	Label string // "cell", "work", "sip", ... (free text)
	Value string
}

// Message states, as Message.State holds them.
const (
	// MessageSending is a sent message not yet answered.
	MessageSending = "sending"
	// MessageSent is a sent message the far end accepted.
	MessageSent = "sent"
	// MessageFailed is a sent message that was refused or timed out.
	MessageFailed = "failed"
	// MessageReceived is an incoming message.
	MessageReceived = "received"
)

// Message is one chat message (SIP MESSAGE), either direction.
type Message struct {
	ID       int64
	Peer     string
	Incoming bool
	Text     string
	State    string // MessageSending, MessageSent, MessageFailed or MessageReceived
	Reason   string // why it failed, e.g. "480 Temporarily Unavailable"
	Time     time.Time
	CallID   string // SIP Call-ID (incoming: de-duplication key with CSeq)
	CSeq     uint32
	Read     bool
}

// ConversationSummary is one peer's conversation in the chat list.
type ConversationSummary struct {
	Peer   string
	Last   Message // the newest message
	Unread int     // incoming messages not yet marked read
}

// NullDriverName is the audio driver whose device is "none": silence in, nothing out.
const NullDriverName = "null"

// DeviceInfo describes one audio device a driver offers.
type DeviceInfo struct {
	// Driver is the name of the driver that owns the device.
	Driver string
	// Name is the device's name within its driver.
	Name string
	// DefaultRate is the device's native sample rate in Hz.
	DefaultRate int
	// Channels is the device's maximum channel count in its direction.
	Channels int
	// Default is true for the driver's default device.
	Default bool
	// Output is true for playback devices and false for capture devices.
	Output bool
}

// Spec returns the device spec string that opens this device (the value of the audio
// device parameters): "null" for the null driver, else driver:name.
func (d DeviceInfo) Spec() string {
	if d.Driver == NullDriverName {
		return NullDriverName
	}
	return d.Driver + ":" + d.Name
}
