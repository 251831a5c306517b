package control

import "time"

// Kind names what an Event reports.
type Kind string

// Event kinds published by the phone.
const (
	// KindRegistration reports a change of the account's registration state.
	KindRegistration Kind = "registration"
	// KindLine reports a change of one line (call) state.
	KindLine Kind = "line"
	// KindCDR reports the call detail record written when a call ends.
	KindCDR Kind = "cdr"
	// KindError reports a problem a user should see (EVENT,ERROR,...).
	KindError Kind = "error"
	// KindInfo reports a notice a user should see (EVENT,EVENT,...).
	KindInfo Kind = "info"
	// KindStart reports that the SIP stack or the API has started (START,what).
	KindStart Kind = "start"
	// KindDTMF reports a DTMF digit received from the far end of a line (DTMF,line,digit).
	KindDTMF Kind = "dtmf"
	// KindChat reports a chat message received or a sent one's delivery state (CHAT,line,peer,text).
	KindChat Kind = "chat"
	// KindPresence reports a contact's presence (PRESENCE,peer,status).
	KindPresence Kind = "presence"
	// KindBLF reports a watched extension's dialog state: idle, ringing or busy (BLF,peer,state).
	KindBLF Kind = "blf"
	// KindMWI reports voicemail waiting (MWI,yes|no,new/old).
	KindMWI Kind = "mwi"
	// KindParameter reports a parameter's new value, whoever changed it (EVENT,PARAMETER,name,value;
	// not a seed line). Secrets are masked.
	KindParameter Kind = "parameter"
	// KindCall is one of the seed's one-time call events (STATUS,line,CallSetup|CallConnect|
	// CallDisconnect,...; Line holds the call) or a general call status (STATUS,-1,Calling...,
	// Line nil), derived from the line events.
	KindCall Kind = "call"
)

// Line states, the seed's per-line status names.
const (
	StateIdle       = "Ready"
	StateSetup      = "Setup"
	StateInProgress = "InProgress"
	StateRinging    = "Ringing"
	StateInCall     = "InCall"
	StateHold       = "Hold"
	StateFinishing  = "Finishing"
	StateFinished   = "Finished"
)

// Registration status texts, the seed's general status names.
const (
	RegReady        = "Ready"
	RegRegistering  = "Registering..."
	RegRegistered   = "Registered"
	RegFailed       = "Register Failed"
	RegUnregistered = "Unregistered"
)

// Line is the immutable state of one line at one moment.
type Line struct {
	Line            int     `json:"line"`
	State           string  `json:"state"`
	Direction       int     `json:"direction"`
	Peer            string  `json:"peer"`
	PeerDisplayName string  `json:"peerdisplayname"`
	Local           string  `json:"local"`
	CallID          string  `json:"callid"`
	Duration        int     `json:"duration"`   // seconds since connect
	Hold            bool    `json:"hold"`       // we put the call on hold
	RemoteHold      bool    `json:"remotehold"` // the far end put us on hold
	Mute            bool    `json:"mute"`
	MuteDirection   int     `json:"mutedirection,omitempty"` // the seed's direction: 0 both, 1 speaker, 2 microphone
	Conference      bool    `json:"conference"`              // mixed with the other conference lines
	Recording       string  `json:"recording,omitempty"`     // WAV file being written, if recording
	Codec           string  `json:"codec"`
	Encrypted       bool    `json:"encrypted"`
	ICEPair         string  `json:"icepair,omitempty"` // ICE's selected candidate pair, e.g. "srflx 198.51.100.30:40000 <-> srflx 198.51.100.20:41000"
	Quality         Quality `json:"quality,omitzero"`  // live call quality, once media flows (quality.go)
	Reason          string  `json:"reason,omitempty"`  // why the call ended or failed
	// Headers are the X- headers of an incoming call's INVITE (call-centre data), one
	// "Name: value" a line joined by CRLF in the order received; empty for none.
	Headers   string    `json:"headers,omitempty"`
	Started   time.Time `json:"started"`
	Connected time.Time `json:"connected,omitzero"`
}

// Registration is the immutable registration state at one moment.
type Registration struct {
	Registered bool   `json:"registered"`
	Status     string `json:"registration"` // one of the Reg* texts
	Reason     string `json:"reason,omitempty"`
	Expires    int    `json:"expires,omitempty"` // seconds granted by the registrar
}

// CDR is the call detail record published after each call.
type CDR struct {
	Line        int     `json:"line"`
	Peer        string  `json:"peer"`
	Caller      string  `json:"caller"`
	Called      string  `json:"called"`
	PeerAddress string  `json:"peeraddress"`
	ConnectMS   int64   `json:"connecttime"` // ms from call start to connect
	DurationMS  int64   `json:"duration"`    // ms from connect to hangup; 0 if never connected
	DisParty    int     `json:"disparty"`    // 0 not set, 1 local, 2 peer, 3 undefined
	Reason      string  `json:"reason"`
	CallID      string  `json:"callid"`
	Direction   int     `json:"direction"`
	Quality     Quality `json:"quality,omitzero"` // the whole call's quality; zero when no media flowed
}

// Event is one immutable notification from the phone. Exactly one of the pointer fields
// matching Kind is set; Notification holds the same event as the seed's text line.
type Event struct {
	Seq          uint64        `json:"seq"`
	Time         time.Time     `json:"time"`
	Kind         Kind          `json:"kind"`
	Line         *Line         `json:"line,omitempty"`
	Registration *Registration `json:"registration,omitempty"`
	CDR          *CDR          `json:"cdr,omitempty"`
	Chat         *Chat         `json:"chat,omitempty"`
	Presence     *Presence     `json:"presence,omitempty"`
	MWI          *MWI          `json:"mwi,omitempty"`
	Parameter    *Parameter    `json:"parameter,omitempty"`
	VAD          *VAD          `json:"vad,omitempty"` // KindVAD (vad.go)
	Message      string        `json:"message,omitempty"`
	Notification string        `json:"notification"`
}

// Status is the whole phone state at one moment, as served by GET /v1/status.
type Status struct {
	Registered   bool   `json:"registered"`
	Registration string `json:"registration"`
	Reason       string `json:"reason,omitempty"`
	Line         int    `json:"line"`
	Lines        []Line `json:"lines"`
	MWI          MWI    `json:"mwi"` // voicemail waiting
}

// Chat is one chat message, received or sent, with its delivery state.
type Chat struct {
	ID       int64     `json:"id"`               // store id
	Peer     string    `json:"peer"`             // the other party (user or URI)
	Incoming bool      `json:"incoming"`         // received (true) or sent (false)
	Text     string    `json:"text"`             // UTF-8 body
	State    string    `json:"state"`            // sending, sent, failed, received
	Reason   string    `json:"reason,omitempty"` // why sending failed
	Time     time.Time `json:"time"`
}

// Presence is a contact's presence (PRESENCE events) or a watched extension's dialog state (BLF).
type Presence struct {
	Peer   string `json:"peer"`
	Status string `json:"status"` // seed names: Online, Away, DND, Offline, ...; BLF: idle, ringing, busy
	Note   string `json:"note,omitempty"`
}

// MWI is the voicemail state (RFC 3842 message-summary).
type MWI struct {
	Waiting bool   `json:"waiting"`
	New     int    `json:"new"`
	Old     int    `json:"old"`
	Account string `json:"account,omitempty"`
}

// Parameter is a parameter's new value, as getparameter would return it (secrets masked).
type Parameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
