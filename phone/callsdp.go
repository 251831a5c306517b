package phone

import (
	"fmt"
	"sync"

	"softphone/phone/control"
)

// The SDP offer/answer of each call, kept for the control API's getsdp (the SIP trace's
// view of one call): the last description we sent and the last one the far end sent,
// whichever of offer and answer each was. SDES keys are masked as in the trace.

// callSDP holds a call's last local and remote SDP. Set from the call's set-up goroutines
// as well as the owner goroutine, hence the mutex.
type callSDP struct {
	mu            sync.Mutex
	local, remote []byte
}

// note records the SDP bodies of one exchange; an empty one leaves the previous in place.
func (s *callSDP) note(local, remote []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(local) > 0 {
		s.local = local
	}
	if len(remote) > 0 {
		s.remote = remote
	}
}

// get returns the last SDPs with their SDES keys masked.
func (s *callSDP) get() control.SDP {
	s.mu.Lock()
	defer s.mu.Unlock()
	return control.SDP{Local: string(maskSIP(s.local)), Remote: string(maskSIP(s.remote))}
}

// SDP returns the last SDP offer/answer of the call on line (0 or -1: the current line),
// SDES keys masked. ErrNoLine when no call is on that line.
func (p *Phone) SDP(line int) (control.SDP, error) {
	if line < 0 {
		line = 0
	}
	var c *call
	var err error
	if !p.run(func() { c, err = p.lineFor(line) }) {
		return control.SDP{}, ErrClosed
	}
	if err != nil {
		return control.SDP{}, fmt.Errorf("getsdp: %w", err)
	}
	sdp := c.sdp.get()
	sdp.Line = c.line
	return sdp, nil
}
