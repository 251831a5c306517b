package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"softphone/internal/testpeer"
)

// TestMeasureDeviceCall measures CPU seconds of the headless phone and of baresip during one
// call on the real device path: each side reads speech from a file and plays what it receives
// through ALSA's default PCM into a private PulseAudio null sink paced in real time (the phone
// through PortAudio, baresip through its alsa module). It runs only when MEASURE_DEVICE_CALL is
// set to the call length (e.g. 20s); MEASURE_CODEC picks the codec (PCMU, G722 or OPUS;
// default PCMU). With MEASURE_PROFILE_DIR set it also writes a pprof CPU profile of the phone
// (phone.pprof) and, when perf is installed, a perf record -g of it (phone.perf) there.
func TestMeasureDeviceCall(t *testing.T) {
	spec := os.Getenv("MEASURE_DEVICE_CALL")
	if spec == "" {
		t.Skip("measurement only: run scripts/measure-device-call (sets MEASURE_DEVICE_CALL=20s)")
	}
	length, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatalf("MEASURE_DEVICE_CALL=%q: %v", spec, err)
	}
	codec := strings.ToUpper(os.Getenv("MEASURE_CODEC"))
	bareCodec, ok := map[string]string{"": "PCMU/8000/1", "PCMU": "PCMU/8000/1", "G722": "G722", "OPUS": "opus"}[codec]
	if !ok {
		t.Fatalf("MEASURE_CODEC=%q: use PCMU, G722 or OPUS", codec)
	}
	if codec == "" {
		codec = "PCMU"
	}
	profDir := os.Getenv("MEASURE_PROFILE_DIR")
	pulse := testpeer.StartPulse(t)
	bin := buildPhone(t, "-tags", "measureprofile")
	speech := testpeer.SpeechWAV(t, "", 16000)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "far", Source: speech, AutoAnswer: true,
		AudioCodecs: bareCodec, Player: "alsa,default", Env: pulse.Env()})
	env := pulse.Env()
	pprofAddr := ""
	if profDir != "" {
		pprofAddr = fmt.Sprintf("127.0.0.1:%d", testpeer.FreePort(t, "tcp"))
		env = append(env, "MEASURE_PPROF_ADDR="+pprofAddr)
	}
	// audiooutput "" is the default device: PortAudio's, which is ALSA's default PCM.
	cmd := startMeasuredPhone(t, bin, env, b.URI(), "audioinput=file:"+speech, "audiooutput=", "codecs="+codec)
	b.WaitEvent(t, "CALL_ESTABLISHED", 20*time.Second)
	time.Sleep(time.Second) // let both sides' devices settle before the window: not part of any check
	var prof, perf func()
	if profDir != "" {
		prof = startProfile(t, "http://"+pprofAddr+"/debug/pprof/profile?seconds="+strconv.Itoa(int(length.Seconds())),
			filepath.Join(profDir, "phone.pprof"))
		perf = startPerf(t, cmd.Process.Pid, filepath.Join(profDir, "phone.perf"))
	}
	phone0, bare0 := cpuSeconds(t, cmd.Process.Pid), cpuSeconds(t, b.PID())
	time.Sleep(length) // the measurement window itself
	phone1, bare1 := cpuSeconds(t, cmd.Process.Pid), cpuSeconds(t, b.PID())
	// Both sides must really have played into the sink, or the figures mean nothing.
	if inputs := pulse.SinkInputs(t); len(inputs) < 2 {
		t.Fatalf("streams playing into the PulseAudio sink: %q, want the phone's and baresip's", inputs)
	} else {
		fmt.Printf("streams playing into the sink: %q\n", inputs)
	}
	if prof != nil {
		prof()
		perf()
	}
	p, q := phone1-phone0, bare1-bare0
	fmt.Printf("call of %v (%s, file microphone, speaker through ALSA to a PulseAudio null sink):\n", length, codec)
	fmt.Printf("  softphone --headless (PortAudio): CPU %.2f s (%.2f%% of one core)\n", p, 100*p/length.Seconds())
	fmt.Printf("  baresip (alsa):                   CPU %.2f s (%.2f%% of one core)\n", q, 100*q/length.Seconds())
	if q > 0 {
		fmt.Printf("  ratio phone/baresip: %.2f\n", p/q)
	}
}

// startProfile fetches a pprof CPU profile into path in the background; the returned func
// waits for it.
func startProfile(t *testing.T, url, path string) func() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := http.Get(url)
		if err != nil {
			t.Errorf("pprof: %v", err)
			return
		}
		defer res.Body.Close()
		f, err := os.Create(path)
		if err != nil {
			t.Errorf("pprof: %v", err)
			return
		}
		defer f.Close()
		if _, err := io.Copy(f, res.Body); err != nil {
			t.Errorf("pprof: %v", err)
		}
	}()
	return func() { <-done }
}

// startPerf runs perf record -g on pid into path when perf is installed; the returned func
// stops it and waits.
func startPerf(t *testing.T, pid int, path string) func() {
	bin, err := exec.LookPath("perf")
	if err != nil {
		t.Logf("perf not installed (Debian linux-perf): no perf record")
		return func() {}
	}
	cmd := exec.Command(bin, "record", "-g", "-o", path, "-p", strconv.Itoa(pid))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Errorf("perf: %v", err)
		return func() {}
	}
	return func() {
		cmd.Process.Signal(syscall.SIGINT)
		cmd.Wait()
	}
}
