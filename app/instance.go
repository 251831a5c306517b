package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// One phone runs per settings file: a second start hands its URI (or a request to raise the
// window) to the first over a Unix socket and exits. The socket is named after the settings
// file, so phones with their own settings (profiles, tests) never meet.

// handoff is one message from a second start to the running phone.
type handoff struct {
	URI   string `json:"uri,omitempty"`   // dial this (checked again by the receiver)
	Raise bool   `json:"raise,omitempty"` // show the window
}

// handoffTimeout bounds a whole exchange with the running phone.
const handoffTimeout = 3 * time.Second

// instanceSocket is the socket path of the phone keeping settings: in XDG_RUNTIME_DIR when
// set (private to the user), else the temporary folder; named by a hash of the settings
// path, which keeps it short enough for a socket address.
func instanceSocket(settings string) string {
	abs, err := filepath.Abs(settings)
	if err != nil {
		abs = settings
	}
	sum := sha256.Sum256([]byte(abs))
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, fmt.Sprintf("softphone-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:6])))
}

// handOff gives msg to the phone listening on sock. It returns false (and no error) when no
// phone listens there, and the running phone's refusal as an error.
func handOff(sock string, msg handoff) (bool, error) {
	conn, err := net.DialTimeout("unix", sock, handoffTimeout)
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(handoffTimeout))
	if err := json.NewEncoder(conn).Encode(msg); err != nil {
		return true, fmt.Errorf("handing over to the running phone: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return true, fmt.Errorf("the running phone did not answer: %w", err)
	}
	if reply = strings.TrimSpace(reply); reply != "ok" {
		return true, errors.New(reply)
	}
	return true, nil
}

// instance is the running phone's end of the socket.
type instance struct {
	ln     net.Listener
	sock   string
	handle func(handoff) error
	mu     sync.Mutex
	raise  func() // shows the window; nil while headless or not yet shown
	wg     sync.WaitGroup
}

// listenInstance claims sock for this phone. A socket file nobody answers on is a leftover of
// a phone that crashed, and is replaced. handle runs once per message, on its own goroutine.
func listenInstance(sock string, handle func(handoff) error) (*instance, error) {
	ln, err := net.Listen("unix", sock)
	if err != nil {
		if c, derr := net.DialTimeout("unix", sock, time.Second); derr == nil {
			c.Close()
			return nil, fmt.Errorf("another phone with these settings is running (%s)", sock)
		}
		_ = os.Remove(sock)
		if ln, err = net.Listen("unix", sock); err != nil {
			return nil, fmt.Errorf("single instance socket %s: %w", sock, err)
		}
	}
	in := &instance{ln: ln, sock: sock, handle: handle}
	in.wg.Add(1)
	go in.serve()
	return in, nil
}

// setRaise installs the function that shows the window.
func (in *instance) setRaise(f func()) {
	in.mu.Lock()
	in.raise = f
	in.mu.Unlock()
}

// serve answers second starts until the listener closes.
func (in *instance) serve() {
	defer in.wg.Done()
	for {
		conn, err := in.ln.Accept()
		if err != nil {
			return
		}
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			in.answer(conn)
		}()
	}
}

// answer reads one message (at most 4 KiB) and replies "ok" or the reason it was refused.
func (in *instance) answer(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(handoffTimeout))
	var msg handoff
	reply := "ok"
	if err := json.NewDecoder(io.LimitReader(conn, 4096)).Decode(&msg); err != nil {
		reply = "refused: not a hand-over message"
	} else {
		if msg.Raise || msg.URI != "" {
			in.mu.Lock()
			raise := in.raise
			in.mu.Unlock()
			if raise != nil {
				raise()
			}
		}
		if msg.URI != "" {
			if err := in.handle(msg); err != nil {
				reply = err.Error()
			}
		}
	}
	fmt.Fprintln(conn, strings.ReplaceAll(reply, "\n", " "))
}

// Close stops answering and removes the socket file.
func (in *instance) Close() {
	in.ln.Close() // a Unix listener removes its socket file on Close
	in.wg.Wait()
}
