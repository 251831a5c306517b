package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"testing"
	"time"

	"softphone/skins"
)

// trayLabelRE finds the label properties in a dbus-send dump of a dbusmenu layout.
var trayLabelRE = regexp.MustCompile(`string "label"\s+variant\s+string "([^"]*)"`)

// trayLabels reads the labels of the tray menu process pid exports (fyne's systray puts it
// at /StatusNotifierMenu under the name org.kde.StatusNotifierItem-PID-1).
func trayLabels(bus string, pid int) ([]string, error) {
	cmd := exec.Command("dbus-send", "--session", "--print-reply",
		fmt.Sprintf("--dest=org.kde.StatusNotifierItem-%d-1", pid), "/StatusNotifierMenu",
		"com.canonical.dbusmenu.GetLayout", "int32:0", "int32:-1", "array:string:")
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("dbus-send GetLayout: %v: %s", err, out)
	}
	var labels []string
	for _, m := range trayLabelRE.FindAllStringSubmatch(string(out), -1) {
		if m[1] != "" {
			labels = append(labels, m[1])
		}
	}
	return labels, nil
}

// checkTray waits for the phone's tray menu and checks it offers Show and Do not disturb,
// and Quit exactly when the skin lets a user quit (a kiosk does not).
func checkTray(t *testing.T, bus string, p *guiPhone, skin string) {
	t.Helper()
	// Fyne's systray adds the items to the exported menu one at a time: the menu is read
	// until two reads 250 ms apart agree and it holds Show.
	var labels, prev []string
	var err error
	settled := false
	for deadline := time.Now().Add(guiTimeout); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		prev = labels
		if labels, err = trayLabels(bus, p.cmd.Process.Pid); err == nil && slices.Contains(labels, "Show") &&
			slices.Equal(labels, prev) {
			settled = true
			break
		}
	}
	if !settled {
		t.Fatalf("no settled tray menu on the session bus within %v: last read %q, %v", guiTimeout, labels, err)
	}
	s, err := skins.Load(skin)
	if err != nil {
		t.Fatal(err)
	}
	wantQuit := s.Layout != skins.LayoutStandard || s.HasButton(skins.ButtonQuit)
	has := func(l string) bool { return slices.Contains(labels, l) }
	if !has("Show") || !has("Do not disturb") || has("Quit") != wantQuit {
		t.Errorf("tray menu %q: want Show, Do not disturb and Quit only if the skin can quit (%v)", labels, wantQuit)
	}
	t.Logf("tray menu: %q", labels)
}
