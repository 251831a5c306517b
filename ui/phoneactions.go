package ui

// callActions wires the in-call controls to the view-model's commands.
func (t *phoneTab) callActions() callActions {
	return callActions{
		hold:         t.toggleHold,
		mute:         t.toggleMute,
		merge:        func() { t.logErr("merge", t.vm.MergeCalls()) },
		transfer:     func(n string) { t.logErr("transfer", t.vm.Transfer(n)) },
		conference:   func(n string) { t.logErr("conference", t.vm.AddToConference(n)) },
		transferType: func(k string) { t.logErr("transfer type", t.vm.SetTransferType(k)) },
		shortcut:     t.shortcut,
	}
}

// toggleHold is the Hold/Resume button and Ctrl+H.
func (t *phoneTab) toggleHold() { t.logErr("hold", t.vm.ToggleHold()) }

// toggleMute is the Mute/Unmute button and Ctrl+M.
func (t *phoneTab) toggleMute() { t.logErr("mute", t.vm.ToggleMute()) }

// selectLine is a line button.
func (t *phoneTab) selectLine(line int) { t.logErr("switch line", t.vm.SelectLine(line)) }

// doRedial is the Redial button.
func (t *phoneTab) doRedial() { t.logErr("redial", t.vm.Redial()) }
