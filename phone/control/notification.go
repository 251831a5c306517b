package control

import (
	"strconv"
	"strings"
)

// field makes a value safe for the comma-separated seed notification format.
func field(s string) string {
	return strings.NewReplacer(",", " ", "\r", " ", "\n", " ").Replace(s)
}

// StatusLine renders a line snapshot as the seed's
// STATUS,line,status,peername,localname,endpointtype,peerdisplayname,callid notification.
func (l Line) StatusLine() string {
	return strings.Join([]string{"STATUS", strconv.Itoa(l.Line), field(l.State), field(l.Peer),
		field(l.Local), strconv.Itoa(l.Direction), field(l.PeerDisplayName), field(l.CallID)}, ",")
}

// StatusLine renders the registration state as the seed's general STATUS,-1,status notification.
func (r Registration) StatusLine() string {
	return "STATUS,-1," + field(r.Status)
}

// CDRLine renders the record as the seed's
// CDR,line,peername,caller,called,peeraddress,connecttime,duration,disparty,reason notification.
func (c CDR) CDRLine() string {
	return strings.Join([]string{"CDR", strconv.Itoa(c.Line), field(c.Peer), field(c.Caller), field(c.Called),
		field(c.PeerAddress), strconv.FormatInt(c.ConnectMS, 10), strconv.FormatInt(c.DurationMS, 10),
		strconv.Itoa(c.DisParty), field(c.Reason)}, ",")
}

// NoticeLine renders a user-facing notice as the seed's EVENT,TYPE,text notification, where
// TYPE is ERROR for KindError, WARNING for KindWarning and EVENT otherwise.
func NoticeLine(kind Kind, text string) string {
	typ := "EVENT"
	switch kind {
	case KindError:
		typ = "ERROR"
	case KindWarning:
		typ = "WARNING"
	}
	return "EVENT," + typ + "," + field(text)
}

// DTMFLine renders a received digit as DTMF,line,digit.
func DTMFLine(line int, digit rune) string {
	return "DTMF," + strconv.Itoa(line) + "," + string(digit)
}

// ChatLine renders a received message as the seed's CHAT,line,peername,text, and a sent
// message's delivery state as CHATSTATE,peer,state,reason.
func (c Chat) ChatLine() string {
	if c.Incoming {
		return "CHAT,0," + field(c.Peer) + "," + field(c.Text)
	}
	return "CHATSTATE," + field(c.Peer) + "," + field(c.State) + "," + field(c.Reason)
}

// PresenceLine renders a contact's presence as the seed's PRESENCE,peername,presence.
func (p Presence) PresenceLine() string {
	return "PRESENCE," + field(p.Peer) + "," + field(p.Status)
}

// BLFLine renders a watched extension's dialog state as BLF,peer,idle|ringing|busy.
func (p Presence) BLFLine() string {
	return "BLF," + field(p.Peer) + "," + field(p.Status)
}

// MWILine renders voicemail state as MWI,yes|no,new/old.
func (m MWI) MWILine() string {
	w := "no"
	if m.Waiting {
		w = "yes"
	}
	return "MWI," + w + "," + strconv.Itoa(m.New) + "/" + strconv.Itoa(m.Old)
}
