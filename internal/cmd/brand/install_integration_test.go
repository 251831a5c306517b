package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
	"softphone/phone/params"
)

// TestIntegrationBrandedPackage builds the test brand (testdata/brand/acme) with the brand
// tool, installs the .deb with apt-get, and uses the installed phone as a user would: the
// desktop knows it as the sip: handler (xdg-mime, in a fresh HOME), its built-in profile's
// lock holds, and `xdg-open sip:...` with the installed phone running makes it dial a real
// sipp UAS. The package is removed afterwards.
func TestIntegrationBrandedPackage(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("installing a .deb needs root (CI runs the suite as root)")
	}
	for _, tool := range []string{"apt-get", "dpkg-deb", "xdg-mime", "xdg-open"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (scripts/deps.sh test installs it): %v", tool, err)
		}
	}
	b, err := loadBrand("../../../testdata/brand/acme")
	if err != nil {
		t.Fatal(err)
	}
	b.dir, _ = filepath.Abs(b.dir)
	b.profile, _ = filepath.Abs(b.profile)
	out := t.TempDir()
	t.Chdir("../../..")
	files, err := build(b, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built %v", files)
	install := exec.Command("apt-get", "install", "-y", "--no-install-recommends", files[0])
	install.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("apt-get install %s: %v\n%s", files[0], err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("dpkg", "--purge", b.Binary).CombinedOutput(); err != nil {
			t.Logf("removing %s: %v\n%s", b.Binary, err, out)
		}
	})
	bin := "/usr/bin/" + b.Binary
	if _, err := os.Stat(bin); err != nil {
		t.Fatal(err)
	}
	entry, err := os.ReadFile("/usr/share/applications/" + b.ID + ".desktop")
	if err != nil || !strings.Contains(string(entry), "x-scheme-handler/sip;") {
		t.Fatalf("installed desktop entry: %v\n%s", err, entry)
	}

	// The brand's parameter key is built in: the installed phone encrypts with it.
	enc, err := exec.Command(bin, "--encrypt-parameter", "s3cret").Output()
	if want := params.Obfuscate("s3cret", []byte(b.ParameterKey)); err != nil || strings.TrimSpace(string(enc)) != want || b.ParameterKey == "" {
		t.Fatalf("%s --encrypt-parameter s3cret = %q (%v), want %q (brand key %q)", bin, enc, err, want, b.ParameterKey)
	}

	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME=", "XDG_DATA_HOME=", "XDG_CURRENT_DESKTOP=", "DE=generic")
	query := exec.Command("xdg-mime", "query", "default", "x-scheme-handler/sip")
	query.Env = env
	got, err := query.Output()
	if err != nil || strings.TrimSpace(string(got)) != b.ID+".desktop" {
		t.Fatalf("xdg-mime query default x-scheme-handler/sip = %q (%v), want %s.desktop", got, err, b.ID)
	}

	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	done := make(chan testpeer.SippResult, 1)
	go func() {
		done <- testpeer.RunSipp(t, testpeer.Scenario(t, "uas_answer.xml"), "127.0.0.1:9",
			"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	}()
	testpeer.WaitUDPBound(t, port)
	p := phoneproc.StartWith(t, bin, nil, phoneproc.Options{Home: home}, "srtp=0") // why: sipp's scripted answer is plain RTP/AVP
	if code, body, _ := p.Post("getparameter", `{"name":"useragent"}`); code != 200 || !strings.Contains(body, "AcmePhone/1.0") {
		t.Errorf("built-in profile: useragent %d %s, want AcmePhone/1.0", code, body)
	}
	if code, body, _ := p.Post("setparameter", `{"name":"useragent","value":"x"}`); code != 403 {
		t.Errorf("setparameter on the brand's locked useragent: %d %s, want 403", code, body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	open := exec.CommandContext(ctx, "xdg-open", "sip:sipp@127.0.0.1:"+strconv.Itoa(port))
	// why: xdg-open looks up x-scheme-handler only inside a desktop session, which it tells by
	// DISPLAY being set; for this path it never connects to the X server.
	open.Env = append(env, "DISPLAY=:97")
	if out, err := open.CombinedOutput(); err != nil {
		t.Fatalf("xdg-open: %v\n%s", err, out)
	}
	p.WaitStatus(t, "the call xdg-open asked for", 15*time.Second, func(s control.Status) bool {
		return len(s.Lines) == 1 && s.Lines[0].State == control.StateInCall
	})
	p.MustPost(t, "hangup", `{}`)
	if res := <-done; res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
}
