package params

import (
	"errors"
	"strings"
	"testing"
)

const testProfile = `
serveraddress = "pbx.example.com"
username = "1000"
registerexpires = 120
[account]
displayname = "Front desk"
[locks]
serveraddress = true
username = false
`

func TestParseProfile(t *testing.T) {
	ps := Standard()
	pr, err := ps.ParseProfile("p.toml", []byte(testProfile))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Values["serveraddress"] != "pbx.example.com" || pr.Values["registerexpires"] != "120" || pr.Values["displayname"] != "Front desk" {
		t.Errorf("values %v", pr.Values)
	}
	if len(pr.Locks) != 1 || pr.Locks[0] != "serveraddress" {
		t.Errorf("locks %v, want [serveraddress]", pr.Locks)
	}
	for _, tc := range []struct{ text, want string }{
		{"serveraddress = ", "not TOML"},
		{"nosuchkey = 1", `"nosuchkey"`},
		{"registerexpires = 5", `p.toml:1: key "registerexpires"`},
		{"[locks]\nserveraddress = \"yes\"", "a lock is true or false"},
		{"[locks]\nnosuch = true", `[locks] "nosuch"`},
	} {
		if _, err := ps.ParseProfile("p.toml", []byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("profile %q: error %v, want one containing %q", tc.text, err, tc.want)
		}
	}
	if ps.Get("serveraddress") != "" {
		t.Error("ParseProfile applied something")
	}
}

// TestProfileLocksHoldAgainstEverySource: a locked name keeps the profile's value against
// every source above Provisioning, set before or after the profile; an unlocked one does not.
func TestProfileLocksHoldAgainstEverySource(t *testing.T) {
	for _, src := range []Source{Environment, CommandLine, URI, Runtime} {
		ps := Standard()
		_ = ps.Set("serveraddress", "before.example", src)
		pr, err := ps.ParseProfile("p", []byte(testProfile))
		if err != nil {
			t.Fatal(err)
		}
		if err := ps.ApplyProfile(pr); err != nil {
			t.Fatal(err)
		}
		if got := ps.Get("serveraddress"); got != "pbx.example.com" {
			t.Errorf("%s set before the lock: serveraddress %q", src, got)
		}
		err = ps.Set("serveraddress", "after.example", src)
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "locked by provisioning") {
			t.Errorf("%s after the lock: error %v", src, err)
		}
		if got := ps.Get("serveraddress"); got != "pbx.example.com" {
			t.Errorf("%s after the lock: serveraddress %q", src, got)
		}
		if err := ps.Set("username", "2000", src); err != nil || ps.Get("username") != "2000" {
			t.Errorf("%s on the unlocked username: %v, %q", src, err, ps.Get("username"))
		}
	}
	// Below Provisioning nothing wins over the profile either.
	ps := Standard()
	pr, _ := ps.ParseProfile("p", []byte(testProfile))
	_ = ps.ApplyProfile(pr)
	_ = ps.Set("serveraddress", "config.example", ConfigFile)
	if ps.Get("serveraddress") != "pbx.example.com" {
		t.Errorf("config file beat the profile: %q", ps.Get("serveraddress"))
	}
}

// TestApplyProfileReplaces: a new profile replaces the previous one's values and locks.
func TestApplyProfileReplaces(t *testing.T) {
	ps := Standard()
	_ = ps.Set("displayname", "from config", ConfigFile)
	pr, _ := ps.ParseProfile("p", []byte(testProfile))
	_ = ps.ApplyProfile(pr)
	pr2, err := ps.ParseProfile("p", []byte("username = \"3000\"\n[locks]\nusername = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.ApplyProfile(pr2); err != nil {
		t.Fatal(err)
	}
	if ps.Locked("serveraddress") || !ps.Locked("username") || ps.Get("serveraddress") != "" || ps.Get("username") != "3000" {
		t.Errorf("after the second profile: locks %v, serveraddress %q, username %q", ps.LockedNames(), ps.Get("serveraddress"), ps.Get("username"))
	}
	if ps.Get("displayname") != "from config" {
		t.Errorf("displayname %q: the config file's value should be back", ps.Get("displayname"))
	}
}
