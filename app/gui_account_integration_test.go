package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationGUIAccountScreen is a new user's first start, in the real window under
// Xvfb: nothing configured, so the window opens on Account with the cursor in the server
// field; the user types the server, Tab, the user name, Tab, the password and Enter
// (xdotool sends the keys through the X server, as a keyboard would). The phone must
// register to Kamailio on the PBX host of the namespace topology, over the default
// transport and ports.
func TestIntegrationGUIAccountScreen(t *testing.T) {
	needGUITools(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		t.Fatalf("needs xdotool (apt-get install -y xdotool, or scripts/deps.sh test): %v", err)
	}
	bin := phoneproc.Build(t)
	disp := startXvfb(t, guiScreenW, guiScreenH)
	n := testpeer.StartNet(t)
	k := testpeer.StartKamailio(t, guiUsers, testpeer.OnHost(n.PBX))
	p := startGUIPhone(t, bin, disp.Name, "", "default")
	title := guiTitle(t, "default")
	if _, err := waitDrawn(disp.Name, title, nil, guiTimeout); err != nil {
		t.Fatalf("the window is not drawn: %v", err)
	}
	if st, err := p.status(); err != nil || st.Registered {
		t.Fatalf("before typing: status %+v, %v; want an unregistered phone", st, err)
	}

	xdo := func(args ...string) {
		t.Helper()
		cmd := exec.Command(xdotool, args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+disp.Name)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	// No window manager runs: give the window the keyboard focus directly.
	xdo("search", "--sync", "--name", "^"+title+"$", "windowfocus", "--sync")
	for _, step := range [][]string{
		{"type", "--delay", "20", k.Addr}, {"key", "Tab"},
		{"type", "--delay", "20", "1000"}, {"key", "Tab"},
		{"type", "--delay", "20", guiUsers["1000"]}, {"key", "Return"},
	} {
		xdo(step...)
	}
	p.waitStatus("registered after typing the account", func(s control.Status) bool { return s.Registered })
	k.WaitRegistered(t, "1000", guiTimeout)
	p.stop() // scans the output for thread errors and panics
}
