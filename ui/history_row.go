package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// newCallRow is one history row: direction icon, who, what happened and when.
func newCallRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.NavigateNextIcon())
	who := widget.NewLabel("")
	who.TextStyle.Bold = true
	who.Truncation = fyne.TextTruncateEllipsis
	what := widget.NewLabel("")
	what.SizeName = theme.SizeNameCaptionText
	when := widget.NewLabel("")
	return container.NewBorder(nil, nil, icon, when, container.NewVBox(who, what))
}

// updateRow fills row id.
func (t *historyTab) updateRow(id widget.ListItemID, row fyne.CanvasObject) {
	if id >= len(t.calls) {
		return
	}
	c := t.calls[id]
	objs := row.(*fyne.Container).Objects
	texts := objs[0].(*fyne.Container).Objects
	who := texts[0].(*widget.Label)
	who.SetText(callWho(c))
	who.Importance = widget.MediumImportance
	if c.Missed {
		who.Importance = widget.DangerImportance
	}
	who.Refresh()
	texts[1].(*widget.Label).SetText(callWhat(c))
	objs[1].(*widget.Icon).SetResource(callIcon(c))
	objs[2].(*widget.Label).SetText(callWhen(c.Started, t.s.vm.now()))
}

// callWho is the peer's name, or its number when it has none.
func callWho(c control.Call) string {
	if c.PeerName != "" {
		return c.PeerName
	}
	return c.Peer
}

// callWhat says what happened: the number (when a name is shown), then missed, the talk
// time (with the call's MOS when measured), or why the call failed.
func callWhat(c control.Call) string {
	var what string
	switch {
	case c.Missed:
		what = lang.L("Missed")
	case !c.Connected.IsZero():
		what = callDuration(c.DurationMS)
		if c.Quality.MOS > 0 {
			what += " · " + lang.L("MOS {{.MOS}}", map[string]any{"MOS": strconv.FormatFloat(c.Quality.MOS, 'f', 1, 64)})
		}
	case c.Reason != "":
		what = c.Reason
	case c.Direction == control.DirectionOutgoing:
		what = lang.L("Not answered")
	}
	if c.PeerName != "" && c.PeerName != c.Peer {
		if what == "" {
			return c.Peer
		}
		return c.Peer + " · " + what
	}
	return what
}

// callIcon shows the call's direction, or that it was missed.
func callIcon(c control.Call) fyne.Resource {
	switch {
	case c.Missed:
		return theme.ErrorIcon()
	case c.Direction == control.DirectionIncoming:
		return theme.NavigateBackIcon()
	}
	return theme.NavigateNextIcon()
}

// callWhen is the time of day for calls today, else the date as well.
func callWhen(started, now time.Time) string {
	if started.IsZero() {
		return ""
	}
	started = started.In(now.Location())
	if y, m, d := started.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return started.Format("15:04")
	}
	if started.Year() == now.Year() {
		return started.Format("Jan 2 15:04")
	}
	return started.Format("2006-01-02")
}
