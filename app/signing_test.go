package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"softphone/internal/phoneproc"
	"softphone/phone/params"
	"softphone/phone/provision"
)

// TestSigningCommands: --new-signing-key and --sign-profile make a key and a signature that
// the provisioner accepts for that profile with the printed provisioningkey.
func TestSigningCommands(t *testing.T) {
	bin := phoneproc.Build(t)
	dir := t.TempDir()
	key, prof := filepath.Join(dir, "signing.key"), filepath.Join(dir, "p.toml")
	out, err := exec.Command(bin, "--new-signing-key", key).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	m := regexp.MustCompile(`provisioningkey = "([^"]+)"`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no provisioningkey printed: %s", out)
	}
	if err := os.WriteFile(prof, []byte("username = \"7\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "--sign-profile", prof, "--signing-key", key).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	ps := params.Standard()
	_ = ps.Set("provisioning", prof, params.ConfigFile)
	if err := ps.Set("provisioningkey", m[1], params.ConfigFile); err != nil {
		t.Fatal(err)
	}
	if o := provision.New(ps, "").Run(t.Context()); o.Err != nil || ps.Get("username") != "7" {
		t.Fatalf("signed profile not taken: %+v", o)
	}
	if out, err := exec.Command(bin, "--new-signing-key", key).CombinedOutput(); err == nil || !strings.Contains(string(out), "exists") {
		t.Errorf("an existing key file was overwritten: %v %s", err, out)
	}
}
