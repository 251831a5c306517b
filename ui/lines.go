package ui

import (
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// defaultLines is the phone's line count when the lines parameter cannot be read.
const defaultLines = 4

// dtmfShown is how many received DTMF digits the window keeps on show.
const dtmfShown = 16

// lineButton is one button of the line row.
type lineButton struct {
	line    int
	text    string // "L1 In call"
	current bool   // the line the call panel shows (or the free line picked to dial from)
	secure  bool   // the line's media is encrypted: the button carries the padlock
}

// linesView is what the line row shows.
type linesView struct {
	buttons  []lineButton
	canMerge bool // two or more lines are connected: "Merge calls" applies
}

// presentLines lists a button per line in use, in line order, plus one for a free line to
// dial a new call from while the phone has one. The row is empty while no line is in use.
func (s *phoneState) presentLines(call callView) linesView {
	if len(s.lines) == 0 {
		return linesView{}
	}
	var v linesView
	nums := make([]int, 0, len(s.lines))
	connected := 0
	for n, e := range s.lines {
		nums = append(nums, n)
		if isConnected(e.line) {
			connected++
		}
	}
	slices.Sort(nums)
	for _, n := range nums {
		l := s.lines[n].line
		v.buttons = append(v.buttons, lineButton{line: n, text: fmt.Sprintf("L%d %s", n, lineStateText(l)),
			current: call.visible && call.line == n, secure: l.Encrypted && isConnected(l)})
	}
	if _, ok := s.lines[s.selected]; s.picked && !ok && s.selected > 0 {
		v.buttons = append(v.buttons, lineButton{line: s.selected, text: fmt.Sprintf("L%d %s", s.selected, lang.L("New call")),
			current: true})
	} else if free := s.freeLine(); free > 0 {
		v.buttons = append(v.buttons, lineButton{line: free, text: lang.L("+ Line")})
	}
	v.canMerge = connected >= 2
	return v
}

// freeLine returns the lowest line number with no call, or 0 when every line is taken.
func (s *phoneState) freeLine() int {
	for n := 1; n <= s.maxLines; n++ {
		if _, ok := s.lines[n]; !ok {
			return n
		}
	}
	return 0
}

// lineStateText is the short state shown on a line button.
func lineStateText(l control.Line) string {
	switch {
	case isIncomingRinging(l):
		return lang.L("Ringing")
	case l.State == control.StateHold || (l.Hold && isConnected(l)):
		return lang.L("Hold")
	case l.State == control.StateInCall:
		return lang.L("In call")
	case l.State == control.StateSetup, l.State == control.StateInProgress, l.State == control.StateRinging:
		return lang.L("Calling")
	case l.State == control.StateFinishing, l.State == control.StateFinished:
		return lang.L("Ended")
	}
	return l.State
}

// selectLine records that the phone's current line is now line; picked is set when the user
// chose it while it had no call, to dial a new one from it.
func (s *phoneState) selectLine(line int) {
	_, busy := s.lines[line]
	s.selected, s.picked = line, !busy
}

// addDTMF appends digits received from the far end, keeping the last dtmfShown.
func (s *phoneState) addDTMF(digits string) {
	if digits == "" {
		return
	}
	r := []rune(s.dtmf + digits)
	if len(r) > dtmfShown {
		r = r[len(r)-dtmfShown:]
	}
	s.dtmf = string(r)
	s.dtmfSeq++
}

// clearDTMF forgets the received digits unless more arrived after seq.
func (s *phoneState) clearDTMF(seq uint64) bool {
	if s.dtmfSeq != seq || s.dtmf == "" {
		return false
	}
	s.dtmf = ""
	return true
}

// presentDTMF is the text shown for received digits; empty when there are none.
func presentDTMF(digits string) string {
	if digits == "" {
		return ""
	}
	return lang.L("DTMF received") + ": " + digits
}

// parseLines reads the lines parameter, falling back to defaultLines when it is not a
// positive number.
func parseLines(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return defaultLines
	}
	return n
}
