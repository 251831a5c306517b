// Package control holds the contract between the phone controller and its front ends (the
// window, the control API): one interface, so both speak to the phone the same way.
// It also holds the immutable snapshots the phone publishes (Event): line and registration
// state, call detail records and user-facing notices, each with its seed-format notification
// line.
package control

// Controller is the phone as its front ends see it: the window and the control API drive it,
// *phone.Phone implements it, and tests use fakes.
type Controller interface {
	// Status returns the whole phone state now.
	Status() Status
	// Subscribe returns a channel of events, each a full snapshot; intermediate ones may be
	// dropped. cancel ends the subscription.
	Subscribe() (events <-chan Event, cancel func())
	// Register starts registering the configured account.
	Register() error
	// Unregister removes the registration.
	Unregister() error
	// Call dials number and returns the line it took.
	Call(number string) (line int, err error)
	// Hangup ends the call on line (0 = the current line, -1 = every call).
	Hangup(line int) error
	// Accept answers the incoming call on line.
	Accept(line int) error
	// Reject declines the incoming call on line.
	Reject(line int) error
	// SetParameter sets one of the seed's parameters (serveraddress, username, ...).
	SetParameter(name, value string) error
	// GetParameter reads a parameter.
	GetParameter(name string) (string, error)
	// Hold puts the call on line on hold (hold true) or resumes it (line 0 = current).
	Hold(line int, hold bool) error
	// Mute mutes or unmutes line in direction (MuteBoth, MuteSpeaker, MuteMicrophone).
	Mute(line int, mute bool, direction MuteDirection) error
	// DTMF sends digits (DTMFDigits, a-d too; a space pauses) on line.
	DTMF(line int, digits string) error
	// Transfer hands the call on line to number (blind or attended per transfertype).
	Transfer(line int, number string) error
	// Conference calls number and joins it to the current call; "" merges all connected lines.
	Conference(number string) error
	// SetLine makes line the current line; the line left may be held (autohold).
	SetLine(line int) error
	// GetLine returns the current line.
	GetLine() int
	// Redial calls the last dialled number again and returns the line it took.
	Redial() (int, error)
	// SetVolume sets device dev (VolumeMic, VolumeSpeaker, VolumeRing) to volume 0-100
	// (50 = unity).
	SetVolume(dev VolumeDevice, volume int) error
}
