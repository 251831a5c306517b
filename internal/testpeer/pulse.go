package testpeer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Pulse is a private PulseAudio server with one null sink, a sound card paced in real time
// for PortAudio, ALSA and baresip: processes started with Env() see it as ALSA's default PCM.
type Pulse struct {
	// Home holds the .asoundrc that points ALSA's default PCM at the server.
	Home string
	// Socket is the server's native-protocol socket.
	Socket string
	proc   *process
}

// StartPulse starts pulseaudio (Debian pulseaudio; ALSA reaches it through libasound2-plugins)
// with a null sink at 48 kHz stereo and waits until its socket exists.
func StartPulse(t testing.TB) *Pulse {
	t.Helper()
	bin := lookBinary(t, "pulseaudio", "pulseaudio")
	if _, err := os.Stat("/usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so"); err != nil {
		if _, err2 := os.Stat("/usr/lib/aarch64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so"); err2 != nil {
			t.Fatalf("testpeer: ALSA's pulse plugin is missing (%v): install the Debian package libasound2-plugins", err)
		}
	}
	dir := peerDir(t, "pulse")
	p := &Pulse{Home: dir, Socket: filepath.Join(dir, "pulse.sock")}
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatalf("testpeer: pulse: %v", err)
	}
	rc := fmt.Sprintf("pcm.!default { type pulse server \"unix:%[1]s\" }\nctl.!default { type pulse server \"unix:%[1]s\" }\n", p.Socket)
	if err := os.WriteFile(filepath.Join(dir, ".asoundrc"), []byte(rc), 0o644); err != nil {
		t.Fatalf("testpeer: pulse: %v", err)
	}
	env := []string{"HOME=" + dir, "XDG_RUNTIME_DIR=" + run, "PULSE_RUNTIME_PATH=" + run}
	p.proc = startProcessOn(t, nil, "pulseaudio", filepath.Join(dir, "pulse.log"), env, bin,
		"-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
		"-L", "module-null-sink sink_name=testpeer rate=48000 channels=2",
		"-L", "module-native-protocol-unix socket="+p.Socket+" auth-anonymous=1")
	deadline := time.Now().Add(15 * time.Second)
	for {
		if fi, err := os.Stat(p.Socket); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: pulseaudio socket %s did not appear within 15 s:\n%s", p.Socket, p.proc.tail(20))
		}
		time.Sleep(10 * time.Millisecond) // polling for the socket file: no readiness signal exists
	}
}

// Env is the environment that makes ALSA (and so PortAudio and baresip's alsa module) use the
// server as its default device.
func (p *Pulse) Env() []string { return []string{"HOME=" + p.Home} }

// SinkInputs returns the application names of the streams playing into the server now (pactl,
// Debian pulseaudio-utils), to check that a process really uses the device path.
func (p *Pulse) SinkInputs(t testing.TB) []string {
	t.Helper()
	bin := lookBinary(t, "pactl", "pulseaudio-utils")
	cmd := exec.Command(bin, "list", "sink-inputs")
	cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:"+p.Socket)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("testpeer: pactl list sink-inputs: %v\n%s", err, out)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "application.name = "); ok {
			names = append(names, strings.Trim(v, `"`))
		}
	}
	return names
}
