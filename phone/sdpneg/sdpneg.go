// Package sdpneg negotiates audio sessions with SDP offer/answer (RFC 3264).
//
// It builds offers and answers for a single audio stream, picks the codec both
// sides use, works out the media direction each side must honour, and reports
// where to send RTP and RTCP. Parsing and marshalling go through
// github.com/pion/sdp/v3; this package only interprets the parsed lines.
package sdpneg

import (
	"errors"
	"fmt"
	"net"
)

// Sentinel errors. Returned errors wrap one of these with details.
var (
	// ErrNoCommonCodec means no audio codec is supported by both sides (a SIP
	// UAS answers 488 Not Acceptable Here).
	ErrNoCommonCodec = errors.New("no common codec")
	// ErrMalformed means the SDP could not be parsed or lacks a mandatory part.
	ErrMalformed = errors.New("malformed sdp")
	// ErrNoAudio means the SDP has no audio stream at all.
	ErrNoAudio = errors.New("no audio stream")
	// ErrUnsupportedProfile means the audio stream uses a transport profile we
	// cannot do or our SRTP policy refuses (RTP/SAVP with SRTP off, RTP/AVP
	// with SRTP required, DTLS profiles with DTLS off). Errors wrapping it also wrap
	// ErrNoCommonCodec, so callers answering 488 need to test only that.
	ErrUnsupportedProfile = errors.New("unsupported transport profile")
	// ErrNoCrypto means an RTP/SAVP stream has no a=crypto line we can use.
	// It wraps ErrNoCommonCodec (a SIP UAS answers 488).
	ErrNoCrypto = fmt.Errorf("no usable crypto: %w", ErrNoCommonCodec)
	// ErrBadLocal means the Local description given by the caller is unusable.
	ErrBadLocal = errors.New("invalid local description")
)

// Format is one RTP payload format, e.g. {0, "PCMU", 8000, 1, ""}.
type Format struct {
	PT       uint8  // RTP payload type
	Name     string // encoding name as in a=rtpmap, matched case-insensitively
	Rate     int    // RTP clock rate as written in SDP (G722 uses 8000)
	Channels int    // 0 or 1 mean mono
	Fmtp     string // a=fmtp parameters, without the payload type
}

// Direction is an SDP media direction attribute.
type Direction string

// Media directions.
const (
	SendRecv Direction = "sendrecv"
	SendOnly Direction = "sendonly"
	RecvOnly Direction = "recvonly"
	Inactive Direction = "inactive"
)

// Local describes our side of the session.
type Local struct {
	IP        string    // our RTP address (IPv4 or IPv6)
	Port      int       // our RTP port
	Formats   []Format  // our codecs in preference order
	DTMF      bool      // offer/accept telephone-event/8000 (PT 101 when we offer, fmtp 0-16)
	Direction Direction // what we want (hold = SendOnly); empty means SendRecv
	SessionID uint64    // o= session id
	Version   uint64    // o= version; the caller bumps it on each new offer
	Username  string    // o= username ("-" if empty)
	Ptime     int       // packetisation time in ms; 0 means 20
	RTCPMux   bool      // offer/accept RTCP multiplexed on the RTP port (RFC 5761)
	SRTP      int       // SRTPOff, SRTPOptional or SRTPRequired (SDES, RFC 4568)
	CryptoKey []byte    // our SRTP master key+salt (KeyLen bytes) for a=crypto
	ICE       *ICE      // our ICE credentials and candidates; nil for no ICE (answers carry it only to ICE offers)
	// DTLS is the DTLS-SRTP policy (DTLSOff, DTLSAccept, DTLSOffer; RFC 5763/5764),
	// independent of SRTP, which governs SDES only.
	DTLS int
	// Fingerprint is our DTLS certificate's fingerprint, for a=fingerprint; needed
	// when DTLS is not DTLSOff.
	Fingerprint Fingerprint
	// Session is what the session's last offer/answer exchange agreed on the transport
	// (Keep records it). When its Profile is set, every offer built from l (re-INVITE,
	// UPDATE) offers that profile and, for an encrypted session, the same suite, tag and
	// CryptoKey, so the far end keeps decrypting (RFC 3264 section 8, RFC 4568 section
	// 7.1.4); an answer must then keep the session's encryption. Zero for a first offer.
	Session Agreement
}

// Result is the outcome of a negotiation.
type Result struct {
	// Remote is where to send RTP; nil if the audio stream was rejected (port 0).
	Remote *net.UDPAddr
	// RemoteRTCP is where to send RTCP: a=rtcp if given, else RTP port+1, or
	// the same as Remote when rtcp-mux was agreed.
	RemoteRTCP *net.UDPAddr
	// RTCPMux reports whether RTCP shares the RTP port.
	RTCPMux bool
	// Format is the codec both sides use, with the payload type to send and
	// Fmtp as the remote side wrote it.
	Format Format
	// DTMFPT is the telephone-event payload type, 0 if not negotiated.
	DTMFPT uint8
	// LocalDirection is what we must do (e.g. remote sendonly -> we recvonly).
	LocalDirection Direction
	// RemoteDirection is what the remote side declared.
	RemoteDirection Direction
	// Ptime is the packetisation time in ms to send with.
	Ptime int
	// Hold reports that the remote put us on hold (sendonly/inactive, or
	// c=0.0.0.0 old style).
	Hold bool
	// RemoteKey is the peer's SRTP master key+salt from its a=crypto; nil
	// for plain RTP. Our own key is Local.CryptoKey.
	RemoteKey []byte
	// Suite is the agreed SDES crypto suite, "" for plain RTP and DTLS-SRTP.
	Suite string
	// RemoteICE is the far end's ICE description of the audio stream; nil without ICE.
	RemoteICE *ICE
	// DTLS is set when the stream is DTLS-SRTP: the keys come from a DTLS handshake
	// on the media path, in the role given, with a far end whose certificate must
	// match one of the fingerprints.
	DTLS *DTLS
	// Agreement is what this exchange settled for the transport (profile, suite, tag);
	// zero when the audio stream was rejected. Local.Keep stores it for later offers.
	Agreement Agreement
}
