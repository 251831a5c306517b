package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// kioskBundle writes an offline bundle: the kiosk skin and a profile for server.
func kioskBundle(t *testing.T, server string) string {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "skin"), os.DirFS("../skins/kiosk")); err != nil {
		t.Fatal(err)
	}
	// A kiosk's profile: its account, registrations short enough to notice the PBX leaving
	// (the "days away" of a real kiosk, shortened), retries never more than 5 s apart, and
	// the server locked.
	profile := fmt.Sprintf(`serveraddress = %q
username = "1000"
password = "secret1000"
registerexpires = 30
registerretrymax = 5
[locks]
serveraddress = true
`, server)
	if err := os.WriteFile(filepath.Join(dir, "profile.toml"), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestIntegrationKioskBundle starts a headless phone behind the NAT router from an offline
// bundle while its PBX is away; it registers within seconds of the PBX appearing, notices
// the PBX leaving, and registers again when it is back. A bundle without its skin is refused
// with a message naming what is missing, and the phone starts anyway.
func TestIntegrationKioskBundle(t *testing.T) {
	bin := phoneproc.Build(t)
	n := testpeer.StartNet(t)
	k := testpeer.StartKamailio(t, map[string]string{"1000": "secret1000"}, testpeer.OnHost(n.PBX))
	k.Kill(t) // the PBX is away when the kiosk starts
	bundle := kioskBundle(t, k.Addr)
	p := phoneproc.StartWith(t, bin, n.PhoneLAN, phoneproc.Options{Args: []string{"--bundle", bundle}})
	p.WaitStatus(t, "a failed registration while the PBX is away", 20*time.Second, func(s control.Status) bool {
		return !s.Registered && s.Reason != ""
	})
	if code, body, _ := p.Post("getparameter", `{"name":"skin"}`); code != 200 || !strings.Contains(body, filepath.Join(bundle, "skin")) {
		t.Errorf("skin %d %s, want the bundle's", code, body)
	}

	k.Restart(t)
	start := time.Now()
	p.WaitStatus(t, "registered once the PBX appeared", 15*time.Second, func(s control.Status) bool { return s.Registered })
	t.Logf("registered %.1f s after the PBX appeared", time.Since(start).Seconds())

	k.Kill(t)
	p.WaitStatus(t, "the PBX's absence noticed", 45*time.Second, func(s control.Status) bool { return !s.Registered })
	k.Restart(t)
	start = time.Now()
	p.WaitStatus(t, "registered again once the PBX was back", 15*time.Second, func(s control.Status) bool { return s.Registered })
	t.Logf("registered again %.1f s after the PBX came back", time.Since(start).Seconds())

	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "profile.toml"), []byte("username = \"1\"\n"), 0o600)
	q := phoneproc.StartWith(t, bin, nil, phoneproc.Options{Args: []string{"--bundle", broken}})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(q.Proc().LogTail(40), "has no skin") {
		if time.Now().After(deadline) {
			t.Fatalf("no message naming the missing skin:\n%s", q.Proc().LogTail(40))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := q.Status(); err != nil {
		t.Errorf("the phone did not start without the broken bundle: %v", err)
	}
}

// TestAutostartEntry: autostart=1 writes the XDG autostart entry starting this binary, and
// autostart=0 removes it.
func TestAutostartEntry(t *testing.T) {
	bin := phoneproc.Build(t)
	home := t.TempDir()
	entry := filepath.Join(home, ".config", "autostart", appID+".desktop")
	p := phoneproc.StartWith(t, bin, nil, phoneproc.Options{Home: home}, "autostart=1")
	b, err := os.ReadFile(entry)
	if err != nil || !strings.Contains(string(b), bin) {
		t.Fatalf("autostart entry %s: %v\n%s", entry, err, b)
	}
	p.Proc().Stop()
	phoneproc.StartWith(t, bin, nil, phoneproc.Options{Home: home}, "autostart=0")
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("autostart=0 left %s: %v", entry, err)
	}
}
