package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
)

// TestMeasureCallResources measures CPU seconds and peak RSS of the headless phone during a
// call against baresip, beside baresip's own figures. It runs only when MEASURE_CALL is
// set to the call length (e.g. 60s): scripts/measure-call does that.
func TestMeasureCallResources(t *testing.T) {
	spec := os.Getenv("MEASURE_CALL")
	if spec == "" {
		t.Skip("measurement only: run scripts/measure-call (sets MEASURE_CALL=60s)")
	}
	length, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatalf("MEASURE_CALL=%q: %v", spec, err)
	}
	bin := buildPhone(t)
	speech := testpeer.SpeechWAV(t, "", 16000)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "far", Source: speech, AutoAnswer: true})
	cmd := startMeasuredPhone(t, bin, nil, b.URI(), "audioinput=file:"+speech, "audiooutput=null")
	b.WaitEvent(t, "CALL_ESTABLISHED", 20*time.Second)
	phone0, bare0 := cpuSeconds(t, cmd.Process.Pid), cpuSeconds(t, b.PID())
	time.Sleep(length) // the measurement window itself
	phone1, bare1 := cpuSeconds(t, cmd.Process.Pid), cpuSeconds(t, b.PID())
	fmt.Printf("call of %v (PCMU, 20 ms frames, file microphone, null speaker):\n", length)
	fmt.Printf("  softphone --headless: CPU %.2f s (%.2f%% of one core), peak RSS %d KiB\n",
		phone1-phone0, 100*(phone1-phone0)/length.Seconds(), peakRSS(t, cmd.Process.Pid))
	fmt.Printf("  baresip:              CPU %.2f s (%.2f%% of one core), peak RSS %d KiB\n",
		bare1-bare0, 100*(bare1-bare0)/length.Seconds(), peakRSS(t, b.PID()))
}

// buildPhone builds the phone binary with extra go build arguments (e.g. -tags).
func buildPhone(t *testing.T, args ...string) string {
	bin := filepath.Join(t.TempDir(), "softphone")
	args = append(append([]string{"build", "-o", bin}, args...), ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startMeasuredPhone starts the headless phone with env added to its environment and the
// settings sets (name=value), and calls uri through the control API.
func startMeasuredPhone(t *testing.T, bin string, env []string, uri string, sets ...string) *exec.Cmd {
	apiAddr := fmt.Sprintf("127.0.0.1:%d", testpeer.FreePort(t, "tcp"))
	// The settings (and the API token made beside them) go to a folder of the test's, not the user's.
	args := []string{"--headless", "--settings", filepath.Join(t.TempDir(), "settings.toml"), "--set", "apiaddress=" + apiAddr,
		"--set", "rtptimeout=0"}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	ready := bufio.NewScanner(stdout)
	var tokenFile string
	for ready.Scan() {
		if rest, ok := strings.CutPrefix(ready.Text(), "START,api,"); ok {
			_, tokenFile, _ = strings.Cut(rest, ",token file ")
			break
		}
	}
	go func() { // keep draining, so the phone never blocks on a full pipe
		for ready.Scan() {
		}
	}()
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		t.Fatalf("API token named by the start-up line: %v", err)
	}
	req, _ := http.NewRequest("POST", "http://"+apiAddr+"/v1/call", strings.NewReader(fmt.Sprintf(`{"number":%q}`, uri)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("call: %v %v", err, res)
	}
	return cmd
}

// cpuSeconds reads user+system CPU time of a process from /proc.
func cpuSeconds(t *testing.T, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(data)[strings.LastIndexByte(string(data), ')')+2:])
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100 // USER_HZ
}

// peakRSS reads VmHWM (KiB) of a process from /proc.
func peakRSS(t *testing.T, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}
