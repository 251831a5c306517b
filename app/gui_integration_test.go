package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
	"softphone/phone/params"
)

// The Xvfb screen is larger than the window (380x640 by default, ui/prefs.go, wider when a
// skin's content needs it) so the window shows whole; with no window manager it sits at 0,0,
// away from the pointer Xvfb leaves in the screen's centre (no hover highlight in shots).
const (
	guiScreenW, guiScreenH = 1280, 1024
	guiMinW, guiMinH       = 300, 400 // ui's smallest window
	guiTimeout             = 15 * time.Second
)

// guiUsers are the Kamailio accounts: the phone is 1000, baresip 1001.
var guiUsers = map[string]string{"1000": "secret1000", "1001": "secret1001"}

// TestIntegrationGUIWindow runs the real window under Xvfb for every shipped skin: the
// phone registers to Kamailio, baresip calls it through Kamailio, the window is captured
// ringing (<skin>-incoming.png) and answered (<skin>-incall.png), and baresip sends it a
// chat message. The phone runs with Fyne's thread checks on (see startGUIPhone), and its
// output must hold no "Error in Fyne call thread" and no panic; under -race the phone is built
// with -race too and its output must hold no data race report. Screenshots go to
// SCREENSHOTS_DIR when set (relative to the repository root), else to a temp folder.
func TestIntegrationGUIWindow(t *testing.T) {
	needGUITools(t)
	bin := filepath.Join(t.TempDir(), "softphone")
	build := []string{"build", "-o", bin}
	if raceBuild {
		build = append(build, "-race") // the window's goroutines checked for data races too
	}
	if out, err := exec.Command("go", append(build, ".")...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	disp := startXvfb(t, guiScreenW, guiScreenH)
	bus := testpeer.StartSessionBus(t) // the phone shows a tray only with a D-Bus session
	k := testpeer.StartKamailio(t, guiUsers, testpeer.WithPresence())
	phoneAOR := "sip:1000@" + k.Addr
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: guiUsers["1001"],
		Registrar: k.Addr, Source: testpeer.SpeechWAV(t, "", 16000), Contacts: []string{phoneAOR}})
	k.WaitRegistered(t, "1001", guiTimeout)
	out := screenshotsDir(t)
	speech := testpeer.SpeechWAV(t, "This is the softphone speaking.", 16000)

	for _, skin := range shippedSkins(t) {
		t.Run(skin, func(t *testing.T) {
			b.DrainEvents("CALL_ESTABLISHED") // left over if an earlier skin failed mid-call
			b.DrainEvents("CALL_CLOSED")
			p := startGUIPhone(t, bin, disp.Name, bus, skin,
				"serveraddress="+k.Addr, "username=1000", "password="+guiUsers["1000"],
				"audioinput=file:"+speech)
			p.waitStatus("registered", func(s control.Status) bool { return s.Registered })
			checkTray(t, bus, p, skin)
			title := guiTitle(t, skin)
			idle := nextFrame(t, disp.Name, title, nil, "the idle window")

			if err := b.Dial(phoneAOR); err != nil {
				t.Fatalf("baresip dial %s: %v", phoneAOR, err)
			}
			line := p.waitLine(control.StateRinging).Line
			ringing := nextFrame(t, disp.Name, title, idle.img, "the ringing call")
			saveShot(t, filepath.Join(out, skin+"-incoming.png"), ringing)

			p.post("accept", fmt.Sprintf(`{"line":%d}`, line))
			p.waitLine(control.StateInCall)
			b.WaitEvent(t, "CALL_ESTABLISHED", guiTimeout)
			incall := nextFrame(t, disp.Name, title, ringing.img, "the answered call")
			saveShot(t, filepath.Join(out, skin+"-incall.png"), incall)

			p.post("hangup", fmt.Sprintf(`{"line":%d}`, line))
			p.waitStatus("no line in use", func(s control.Status) bool { return !slices.ContainsFunc(s.Lines, lineInUse) })
			b.WaitEvent(t, "CALL_CLOSED", guiTimeout)

			text := "Hello from baresip to the " + skin + " window"
			if err := b.SendMessage(phoneAOR, text); err != nil {
				t.Fatalf("baresip message: %v", err)
			}
			p.waitChat("1001", text)
			p.stop() // scans the output for thread errors and panics
		})
	}
}

// nextFrame waits for the window's next complete frame after prev (see waitDrawn). A
// window that does not change fails the test but gives its last capture, so the rest of
// the call (and the thread check) still runs; a window never captured stops the test.
func nextFrame(t *testing.T, display, title string, prev image.Image, what string) shot {
	t.Helper()
	s, err := waitDrawn(display, title, prev, guiTimeout)
	switch {
	case s.png == nil:
		t.Fatalf("%s: %v", what, err)
	case err != nil:
		t.Errorf("%s does not show: %v", what, err)
	}
	return s
}

// lineInUse reports whether a line is anything but idle or finished.
func lineInUse(l control.Line) bool {
	return l.State != control.StateIdle && l.State != control.StateFinished && l.State != ""
}

// shippedSkins lists every skins/<name>/skin.toml, sorted.
func shippedSkins(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "skins", "*", "skin.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no skins/*/skin.toml found from %s (err %v)", mustGetwd(t), err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(filepath.Dir(f)))
	}
	sort.Strings(names)
	return names
}

// guiTitle is the window title the phone gives skin: its brand name, as runGUI picks it.
func guiTitle(t *testing.T, skin string) string {
	t.Helper()
	ps := params.Standard()
	if err := ps.Set("skin", skin, params.CommandLine); err != nil {
		t.Fatal(err)
	}
	s, err := chooseSkin(ps)
	if err != nil {
		t.Fatalf("skin %s does not load: %v", skin, err)
	}
	if s.BrandName != "" {
		return s.BrandName
	}
	return ps.Get("brandname")
}

// screenshotsDir is SCREENSHOTS_DIR (relative paths from the repository root, the parent
// of this package's folder), created if needed, or a temp folder.
func screenshotsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(mustGetwd(t)), dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("SCREENSHOTS_DIR: %v", err)
	}
	return dir
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// saveShot writes s to path and checks the file reads back as a PNG of the window's size
// (as the X server reported it to xwd), within the screen, not a single colour.
func saveShot(t *testing.T, path string, s shot) {
	t.Helper()
	if err := os.WriteFile(path, s.png, 0o644); err != nil {
		t.Fatalf("save screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(mustRead(t, path)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	got := img.Bounds().Size()
	if got != s.window {
		t.Errorf("%s is %v, want the window's %v", path, got, s.window)
	}
	if got.X < guiMinW || got.Y < guiMinH || got.X >= guiScreenW || got.Y >= guiScreenH {
		t.Errorf("%s is %v: want at least %dx%d and smaller than the %dx%d screen", path, got, guiMinW, guiMinH, guiScreenW, guiScreenH)
	}
	if uniform(img) {
		t.Errorf("%s is a single colour", path)
	}
	t.Logf("saved %s", path)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
