package testpeer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// writeSocialConfig appends the presence, contact and mwi modules to the
// rendered config and writes the contacts file.
func (b *Baresip) writeSocialConfig(t testing.TB) {
	t.Helper()
	c := b.cfg
	var contacts strings.Builder
	for i, uri := range c.Contacts {
		if !strings.HasPrefix(uri, "sip:") || strings.ContainsAny(uri, "<>\"\r\n ") {
			t.Fatalf("testpeer: baresip %s contact %q: want a plain sip: URI", c.User, uri)
		}
		fmt.Fprintf(&contacts, "\"Contact %d\" <%s>;presence=p2p\n", i+1, uri)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "contacts"), []byte(contacts.String()), 0o600); err != nil {
		t.Fatalf("testpeer: baresip contacts: %v", err)
	}
	var mods strings.Builder
	mods.WriteString("\nmodule_app\t\tcontact.so\n")
	if c.Presence {
		mods.WriteString("module_app\t\tpresence.so\n")
	}
	if c.MWI {
		mods.WriteString("module_app\t\tmwi.so\n")
	}
	f, err := os.OpenFile(filepath.Join(b.dir, "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatalf("testpeer: baresip config: %v", err)
	}
	defer f.Close()
	if _, err := f.WriteString(mods.String()); err != nil {
		t.Fatalf("testpeer: baresip config: %v", err)
	}
}

// ansiRE matches the colour escapes baresip puts around status words.
var ansiRE = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// ErrNoContact reports a URI that is not in baresip's contacts.
var ErrNoContact = errors.New("testpeer: not a baresip contact")

// ParseContacts reads the output of baresip's "contacts" command: the
// presence status baresip shows for each contact URI ("Online", "Offline",
// "Busy", "Away", "Unknown") and the URI marked current.
func ParseContacts(out string) (status map[string]string, current string) {
	status = map[string]string{}
	for _, l := range strings.Split(ansiRE.ReplaceAllString(out, ""), "\n") {
		open, close := strings.LastIndex(l, "<"), strings.LastIndex(l, ">")
		if open < 0 || close < open {
			continue
		}
		uri := l[open+1 : close]
		fields := strings.Fields(l[:open])
		if len(fields) > 0 && fields[0] == ">" {
			current = uri
			fields = fields[1:]
		}
		if len(fields) == 0 {
			continue
		}
		status[uri] = fields[0]
	}
	return status, current
}

// Contacts returns the presence status baresip shows for each contact URI
// and the current contact.
func (b *Baresip) Contacts() (map[string]string, string, error) {
	out, err := b.Command("contacts", "")
	if err != nil {
		return nil, "", err
	}
	st, cur := ParseContacts(out)
	return st, cur, nil
}

// WaitContactStatus polls Contacts until baresip shows status for uri,
// failing the test after timeout.
func (b *Baresip) WaitContactStatus(t testing.TB, uri, status string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, _, err := b.Contacts()
		if err == nil && st[uri] == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: baresip %s shows %s as %q (err %v) within %v, want %q (log tail follows)",
				b.cfg.User, uri, st[uri], err, timeout, status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// SendMessage sends a SIP MESSAGE (text/plain) with text to uri, which
// must be one of BaresipConfig.Contacts: baresip 1.0 messages only its
// current contact. It returns once baresip took the command; the final
// response shows in its SIP trace (see WaitSIP).
func (b *Baresip) SendMessage(uri, text string) error {
	for range len(b.cfg.Contacts) + 1 {
		_, cur, err := b.Contacts()
		if err != nil {
			return err
		}
		if cur == uri {
			_, err := b.Command("message", text)
			return err
		}
		if _, err := b.Command("contact_next", ""); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: %s (contacts %v)", ErrNoContact, uri, b.cfg.Contacts)
}

// WaitMessage waits for a MESSAGE whose body is text to reach baresip and
// returns it. It needs BaresipConfig.SIPTrace.
func (b *Baresip) WaitMessage(t testing.TB, text string, timeout time.Duration) SIPMessage {
	t.Helper()
	if !b.cfg.SIPTrace {
		t.Fatalf("testpeer: baresip %s: WaitMessage needs BaresipConfig.SIPTrace", b.cfg.User)
	}
	return b.WaitSIP(t, fmt.Sprintf("MESSAGE %q", text), timeout, func(m SIPMessage) bool {
		return m.Received && m.Method == "MESSAGE" && strings.TrimRight(m.Body, "\r\n") == text
	})
}

// SetPresence publishes baresip's own status: online (PUBLISH with basic
// open) or offline (closed). baresip 1.0 knows no other status.
func (b *Baresip) SetPresence(online bool) error {
	cmd := "presence_offline"
	if online {
		cmd = "presence_online"
	}
	_, err := b.Command(cmd, "")
	return err
}
