package control

import "strconv"

// KindHealth reports the phone's health (the TotalVoice webphone's stats_webphone): the network's
// state and the machine's, every few seconds while someone is subscribed and at once when a class
// changes (STATS,internet: ... computer: ...). Event.Health holds it.
const KindHealth Kind = "health"

// Network health classes (Health.Internet).
const (
	NetGood = "good" // registered, round trip under 150 ms, call loss under 1 %
	NetFair = "fair" // round trip from 150 ms or call loss from 1 %
	NetPoor = "poor" // round trip from 400 ms or call loss from 5 %
	NetDown = "down" // not registered to the configured server, or it does not answer
	NetNone = "none" // no SIP server is configured
)

// Machine health classes (Health.Computer).
const (
	CPUGood       = "good"       // the process uses under 50 % of the machine's CPU
	CPUBusy       = "busy"       // from 50 %
	CPUOverloaded = "overloaded" // from 85 %: audio will break up
)

// Health is the phone's network and machine state at one moment.
type Health struct {
	Internet   string  `json:"internet"`   // one of the Net* classes
	Registered bool    `json:"registered"` // registered to the server
	RTTMS      float64 `json:"rtt"`        // the last OPTIONS round trip to the server, ms; 0 unknown
	InCall     bool    `json:"incall"`     // a call is connected
	LossPct    float64 `json:"loss"`       // recent packet loss of the connected call(s), %, the worst
	Computer   string  `json:"computer"`   // one of the CPU* classes
	CPUPct     float64 `json:"cpu"`        // CPU the process used since the last sample, % of the machine
	Underruns  uint64  `json:"underruns"`  // frames the call's playout had nothing to play (concealed)
}

// SameClass reports whether h and o have the same network and machine classes.
func (h Health) SameClass(o Health) bool { return h.Internet == o.Internet && h.Computer == o.Computer }

// HealthLine renders the health as STATS,internet: good registered: yes rtt: 12.3 loss: 0.0
// incall: no computer: good cpu: 3.1 underruns: 0 (the seed's measurement style, as VAD's).
func (h Health) HealthLine() string {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return "STATS,internet: " + h.Internet + " registered: " + yes(h.Registered) +
		" rtt: " + strconv.FormatFloat(h.RTTMS, 'f', 1, 64) +
		" loss: " + strconv.FormatFloat(h.LossPct, 'f', 1, 64) +
		" incall: " + yes(h.InCall) +
		" computer: " + h.Computer +
		" cpu: " + strconv.FormatFloat(h.CPUPct, 'f', 1, 64) +
		" underruns: " + strconv.FormatUint(h.Underruns, 10)
}

// NetClass is the network class of the figures: server configured, registered, whether the last
// probe was answered, its round trip and the call's loss.
func NetClass(configured, registered, answered bool, rttMS, lossPct float64) string {
	switch {
	case !configured && !registered:
		return NetNone
	case !registered || !answered:
		return NetDown
	case rttMS >= 400 || lossPct >= 5:
		return NetPoor
	case rttMS >= 150 || lossPct >= 1:
		return NetFair
	}
	return NetGood
}

// CPUClass is the machine class of a CPU share in %.
func CPUClass(pct float64) string {
	switch {
	case pct >= 85:
		return CPUOverloaded
	case pct >= 50:
		return CPUBusy
	}
	return CPUGood
}
