package control

// MuteDirection says what a mute silences, in the seed's numbering.
type MuteDirection int

// Mute directions.
const (
	// MuteBoth silences both directions.
	MuteBoth MuteDirection = 0
	// MuteSpeaker silences what we hear.
	MuteSpeaker MuteDirection = 1
	// MuteMicrophone silences what the far end hears.
	MuteMicrophone MuteDirection = 2
)

// VolumeDevice names the device SetVolume sets.
type VolumeDevice int

// Volume devices.
const (
	// VolumeMic is the microphone (parameter volumein).
	VolumeMic VolumeDevice = 0
	// VolumeSpeaker is the speaker (parameter volumeout).
	VolumeSpeaker VolumeDevice = 1
	// VolumeRing is the ring device (parameter volumering).
	VolumeRing VolumeDevice = 2
)

// EchoNumber dials the built-in echo test (any letter case).
const EchoNumber = "echo"

// DTMFDigits are the DTMF digits, in RFC 4733 event-code order (0-15). DTMF accepts them
// (a-d too) and a space for a pause.
const DTMFDigits = "0123456789*#ABCD"
