package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// convertBin is ImageMagick's convert; the real one, not a stand-in earlier on PATH.
const convertBin = "/usr/bin/convert"

// errNoNewFrame reports a window that showed no new, complete frame in time.
var errNoNewFrame = errors.New("no new complete frame")

// errUniform reports a capture that is one colour: a window not drawn yet.
var errUniform = errors.New("capture is a single colour")

// needGUITools skips the test, naming the Debian packages to install, when Xvfb, xwd or
// ImageMagick's convert is missing (scripts/deps.sh test installs them).
func needGUITools(t *testing.T) {
	t.Helper()
	for _, tool := range []struct{ bin, pkg string }{{"Xvfb", "xvfb"}, {"xwd", "x11-apps"}, {convertBin, "imagemagick"}} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			t.Skipf("needs %s (apt-get install -y %s, or scripts/deps.sh test): %v", tool.bin, tool.pkg, err)
		}
	}
}

// xvfbDisplay is an Xvfb server of this test's own.
type xvfbDisplay struct {
	// Name is the DISPLAY value, ":N".
	Name string
}

// startXvfb starts Xvfb with a w x h x 24 screen on the first free display from :90 and
// waits until its socket accepts connections. Cleanup stops it.
func startXvfb(t *testing.T, w, h int) *xvfbDisplay {
	t.Helper()
	for n := 90; n < 190; n++ {
		sock := "/tmp/.X11-unix/X" + strconv.Itoa(n)
		if exists(sock) || exists("/tmp/.X"+strconv.Itoa(n)+"-lock") {
			continue
		}
		cmd := exec.Command("Xvfb", ":"+strconv.Itoa(n), "-ac", "-nolisten", "tcp",
			"-screen", "0", fmt.Sprintf("%dx%dx24", w, h))
		var log bytes.Buffer
		cmd.Stdout, cmd.Stderr = &log, &log
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if err := waitXSocket(sock, done, 10*time.Second); err != nil {
			_ = cmd.Process.Kill()
			t.Logf("Xvfb :%d: %v (%s); trying the next display", n, err, bytes.TrimSpace(log.Bytes()))
			continue
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		})
		return &xvfbDisplay{Name: ":" + strconv.Itoa(n)}
	}
	t.Fatal("no free X display between :90 and :189")
	return nil
}

// waitXSocket polls until the X socket accepts a connection, the server exits (its Wait
// result arrives on done) or timeout passes.
func waitXSocket(sock string, done <-chan error, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case err := <-done:
			return fmt.Errorf("exited before listening: %v", err)
		default:
		}
		if c, err := net.DialTimeout("unix", sock, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("socket %s not accepting within %v", sock, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// shot is one capture of a window: the PNG file's bytes, the decoded image and the
// window's size as the X server reported it in the XWD header.
type shot struct {
	png    []byte
	img    image.Image
	window image.Point
}

// xwdWindowSize reads window_width and window_height, the 21st and 22nd big-endian 32-bit
// fields of an XWD file's header.
func xwdWindowSize(raw []byte) (image.Point, error) {
	if len(raw) < 88 {
		return image.Point{}, fmt.Errorf("xwd output of %d bytes is shorter than its header", len(raw))
	}
	return image.Pt(int(binary.BigEndian.Uint32(raw[80:])), int(binary.BigEndian.Uint32(raw[84:]))), nil
}

// captureWindow grabs the top-level window titled title on display as a PNG (xwd, then
// convert). A window that is not mapped yet gives an error; one of a single colour gives
// errUniform with the shot.
func captureWindow(display, title string) (shot, error) {
	xwd := exec.Command("xwd", "-silent", "-name", title, "-display", display)
	raw, err := xwd.Output()
	if err != nil {
		return shot{}, fmt.Errorf("xwd -name %q: %w: %s", title, err, stderrOf(err))
	}
	win, err := xwdWindowSize(raw)
	if err != nil {
		return shot{}, err
	}
	conv := exec.Command(convertBin, "xwd:-", "png:-")
	conv.Stdin = bytes.NewReader(raw)
	data, err := conv.Output()
	if err != nil {
		return shot{}, fmt.Errorf("convert xwd to png: %w: %s", err, stderrOf(err))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return shot{}, fmt.Errorf("decode the converted capture: %w", err)
	}
	s := shot{png: data, img: img, window: win}
	if uniform(img) {
		return s, errUniform
	}
	return s, nil
}

// stderrOf returns what a failed command wrote on stderr.
func stderrOf(err error) []byte {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return bytes.TrimSpace(ee.Stderr)
	}
	return nil
}

// uniform reports whether every pixel of img has one colour.
func uniform(img image.Image) bool {
	b := img.Bounds()
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}

// samePixels reports whether two images have the same size and pixels.
func samePixels(a, b image.Image) bool {
	if a == nil || b == nil || a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// waitDrawn polls captures of the window until one differs from prev (any drawn window
// when prev is nil) and then until two captures in a row agree, i.e. the new frame is
// complete, and returns that capture. After timeout it returns the last capture (zero if
// none) and an error wrapping errNoNewFrame.
func waitDrawn(display, title string, prev image.Image, timeout time.Duration) (shot, error) {
	deadline := time.Now().Add(timeout)
	var last shot
	var lastErr error
	changed := false
	for {
		s, err := captureWindow(display, title)
		switch {
		case err != nil:
			lastErr = err
		case !changed:
			changed = !samePixels(s.img, prev)
		case samePixels(s.img, last.img):
			return s, nil
		}
		if err == nil {
			last = s
		}
		if time.Now().After(deadline) {
			return last, fmt.Errorf("%w: window %q on %s within %v (changed %v, last capture error %v)",
				errNoNewFrame, title, display, timeout, changed, lastErr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
