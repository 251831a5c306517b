package testpeer

import (
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"
)

// dbtextSchemas is where Debian installs the empty db_text tables.
const dbtextSchemas = "/usr/share/kamailio/dbtext/kamailio"

// presenceTables are the db_text tables the presence and pua modules use.
var presenceTables = []string{"version", "presentity", "active_watchers", "watchers", "xcap", "pua"}

//go:embed kamailio_presence.cfg.tmpl
var presenceConfig string

// WithPresence makes kamailio a presence server too: it accepts PUBLISH and
// SUBSCRIBE for presence (PIDF), dialog (dialog-info) and message-summary
// from its users, notifies watchers, and publishes the dialog state of the
// calls it proxies (pua_dialoginfo), so a BLF watcher of a user sees its
// calls ring and connect. MESSAGE to a known user who is not registered is
// answered 480. Tables live in a db_text folder (see Presentity).
func WithPresence() KamailioOption {
	return func(o *kamailioOptions) { o.presence = true }
}

// writePresenceTables copies the empty db_text tables into dir.
func writePresenceTables(t testing.TB, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("testpeer: kamailio db: %v", err)
	}
	for _, name := range presenceTables {
		data, err := os.ReadFile(filepath.Join(dbtextSchemas, name))
		if err != nil {
			t.Fatalf("testpeer: kamailio db_text table %s: %v (install the Debian package \"kamailio\")", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatalf("testpeer: kamailio db: %v", err)
		}
	}
}

// renderPresenceConfig renders the embedded presence config with data.
func renderPresenceConfig(t testing.TB, dst string, data map[string]any) {
	t.Helper()
	tmpl, err := template.New("kamailio_presence.cfg").Option("missingkey=error").Parse(presenceConfig)
	if err != nil {
		t.Fatalf("testpeer: presence config template: %v", err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	defer f.Close()
	if err := tmpl.Execute(f, data); err != nil {
		t.Fatalf("testpeer: render presence config: %v", err)
	}
}

// Presentity returns the bodies kamailio holds for user's published state
// of event ("presence", "dialog", "message-summary"), oldest first, asked
// over the ctl socket (presence.presentity_list). It fails the test if
// kamailio was not started WithPresence.
func (k *Kamailio) Presentity(t testing.TB, user, event string) []string {
	t.Helper()
	if !k.presence {
		t.Fatalf("testpeer: kamailio Presentity needs WithPresence")
	}
	bin := lookBinary(t, "kamcmd", "kamailio")
	out, err := exec.Command(bin, "-s", "unixs:"+k.ctlSocket, "presence.presentity_list", "full").CombinedOutput()
	if err != nil || strings.HasPrefix(string(out), "error") {
		t.Fatalf("testpeer: kamcmd presence.presentity_list: %v: %s", err, out)
	}
	var bodies []string
	for _, p := range ParsePresentityList(string(out)) {
		if p.User == user && p.Event == event {
			bodies = append(bodies, p.Body)
		}
	}
	return bodies
}

// PresentityRecord is one published state in kamailio's presentity table.
type PresentityRecord struct {
	// User and Event identify the publication, Body is what was published.
	User, Event, Body string
}

// ParsePresentityList reads the output of kamcmd presence.presentity_list
// full: records in braces with tab-indented "key: value" lines; the body
// runs from "body:" to the "hashid:" line.
func ParsePresentityList(out string) []PresentityRecord {
	var recs []PresentityRecord
	var cur *PresentityRecord
	var body *strings.Builder
	for _, l := range strings.Split(out, "\n") {
		switch {
		case l == "{":
			recs = append(recs, PresentityRecord{})
			cur, body = &recs[len(recs)-1], nil
		case cur == nil:
		case l == "}" || strings.HasPrefix(l, "\thashid:"):
			if body != nil {
				cur.Body = strings.TrimRight(body.String(), "\n")
				body = nil
			}
			if l == "}" {
				cur = nil
			}
		case body != nil:
			body.WriteString("\n" + l)
		case strings.HasPrefix(l, "\tuser: "):
			cur.User = strings.TrimPrefix(l, "\tuser: ")
		case strings.HasPrefix(l, "\tevent: "):
			cur.Event = strings.TrimPrefix(l, "\tevent: ")
		case strings.HasPrefix(l, "\tbody: "):
			body = &strings.Builder{}
			body.WriteString(strings.TrimPrefix(l, "\tbody: "))
		}
	}
	return recs
}

// WaitPresentity polls Presentity until one body satisfies ok, returning it,
// or fails the test after timeout.
func (k *Kamailio) WaitPresentity(t testing.TB, user, event, what string, timeout time.Duration, ok func(body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		bodies := k.Presentity(t, user, event)
		for _, b := range bodies {
			if ok(b) {
				return b
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: kamailio presentity of %s (%s): no %s within %v; have %q", user, event, what, timeout, bodies)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
