package control

import "strconv"

// KindVAD reports voice activity on the microphone and from the far end (the seed's VAD
// notification, every vadstat_ival ms while vadstat is 3 and a call has audio).
const KindVAD Kind = "vad"

// VADLevels is one direction's voice activity over an interval.
type VADLevels struct {
	On       bool `json:"on"`       // measured
	Avg      int  `json:"avg"`      // mean frame RMS level, in sample units (0-32767)
	Max      int  `json:"max"`      // highest frame RMS level
	Speaking bool `json:"speaking"` // speech detected (a tenth of the frames at or above -40 dBFS)
}

// VAD is the voice activity of the microphone (Local) and of the far ends' audio on its way
// to the speaker (Remote).
type VAD struct {
	Local  VADLevels `json:"local"`
	Remote VADLevels `json:"remote"`
}

// VADLine renders v as the seed's
// VAD,local_vad: ON local_avg: 0 local_max: 0 local_speaking: no remote_vad: ON remote_avg: 0 remote_max: 0 remote_speaking: no.
func (v VAD) VADLine() string {
	onOff := func(b bool) string {
		if b {
			return "ON"
		}
		return "OFF"
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	side := func(name string, l VADLevels) string {
		return name + "_vad: " + onOff(l.On) + " " + name + "_avg: " + strconv.Itoa(l.Avg) + " " +
			name + "_max: " + strconv.Itoa(l.Max) + " " + name + "_speaking: " + yesNo(l.Speaking)
	}
	return "VAD," + side("local", v.Local) + " " + side("remote", v.Remote)
}
