package control

import (
	"strconv"
	"strings"
)

// KindQuality reports a line whose quality figures moved meaningfully (about every 2 s at
// most while a call has media). Line holds the whole snapshot; the notification is
// QUALITY,line,mos,loss%,jitter_ms,rtt_ms,callid (not a seed line). A quality change is not
// a STATUS event: a line's STATUS lines stay one per change of its call state.
const KindQuality Kind = "quality"

// QualityLine renders a line's figures as QUALITY,line,mos,loss%,jitter_ms,rtt_ms,callid (rtt
// empty while unknown).
func (l Line) QualityLine() string {
	q := l.Quality
	rtt := ""
	if q.RTTMS > 0 {
		rtt = strconv.FormatFloat(q.RTTMS, 'f', 0, 64)
	}
	return strings.Join([]string{"QUALITY", strconv.Itoa(l.Line), strconv.FormatFloat(q.MOS, 'f', 2, 64),
		strconv.FormatFloat(q.LossPct, 'f', 2, 64), strconv.FormatFloat(q.JitterMS, 'f', 1, 64), rtt, field(l.CallID)}, ",")
}

// Quality is a call's measured quality: what we receive (loss, jitter), the round trip, the
// peer's RTCP view of what we send, and the estimated MOS (ITU-T G.107 E-model) of what we
// hear. On a Line it is the live figure, refreshed about every 2 s (KindQuality); on a CDR and in the
// history, the whole call's (loss over the call, mean jitter and RTT, MOS for the call's loss).
type Quality struct {
	MOS           float64 `json:"mos,omitempty"`        // estimated mean opinion score, 1-4.5
	LossPct       float64 `json:"loss"`                 // % of the far end's packets lost on the way to us, whole call
	RecentLossPct float64 `json:"recentloss"`           // the same over the last interval (about 2 s)
	Lost          uint64  `json:"lost"`                 // packets lost on the way to us, whole call
	JitterMS      float64 `json:"jitter"`               // interarrival jitter of what we receive (RFC 3550), ms
	RTTMS         float64 `json:"rtt,omitempty"`        // round-trip time from RTCP, ms; 0 while unknown
	RemoteLossPct float64 `json:"remoteloss,omitempty"` // % of our packets the peer reported lost (its last RTCP report)
	RemoteLost    uint32  `json:"remotelost,omitempty"` // cumulative loss of our packets the peer reported
	RemoteKnown   bool    `json:"remoteknown,omitempty"`
	Sent          uint64  `json:"rtpsent"`     // RTP packets we sent
	Received      uint64  `json:"rtpreceived"` // RTP packets we received
}

// StatsStatusLine renders a line that ended as the seed's extended status of jscripstats:
// STATUS,line,status,peername,localname,endpointtype,peerdisplayname,rtpsent,rtprec,rtploss,
// rtplosspercent,serverstats_if_received,callid, where serverstats is what the peer's RTCP
// said ("remote_lost:N remote_loss:P% rtt:Tms mos:M"; empty when no report came).
func (l Line) StatsStatusLine() string {
	q := l.Quality
	server := ""
	if q.RemoteKnown {
		server = "remote_lost:" + strconv.FormatUint(uint64(q.RemoteLost), 10) +
			" remote_loss:" + strconv.FormatFloat(q.RemoteLossPct, 'f', 1, 64) + "%" +
			" rtt:" + strconv.FormatFloat(q.RTTMS, 'f', 0, 64) + "ms" +
			" mos:" + strconv.FormatFloat(q.MOS, 'f', 1, 64)
	}
	return strings.Join([]string{"STATUS", strconv.Itoa(l.Line), field(l.State), field(l.Peer),
		field(l.Local), strconv.Itoa(l.Direction), field(l.PeerDisplayName),
		strconv.FormatUint(q.Sent, 10), strconv.FormatUint(q.Received, 10), strconv.FormatUint(q.Lost, 10),
		strconv.FormatFloat(q.LossPct, 'f', 1, 64), server, field(l.CallID)}, ",")
}
