package phone

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"softphone/phone/control"
	"softphone/phone/params"
)

// withLogEvents wraps the phone's logger so records at the loglevel parameter's level are
// also published as LOG notifications. Called once by New.
func (p *Phone) withLogEvents() {
	p.log = slog.New(&logEvents{next: p.log.Handler(), level: LogLevel(p.params.Int("loglevel")), publish: p.publish})
}

// watchParamNotices publishes what the parameters want a user to know (where a saved
// password went, a keychain that could not be read) as EVENT,WARNING or EVENT,EVENT,
// including those made while loading, before the phone existed. It returns the cancel.
func (p *Phone) watchParamNotices() func() {
	return p.params.OnNotice(func(n params.Notice) {
		kind := control.KindInfo
		if n.Warning {
			kind = control.KindWarning
		}
		p.post(func() { p.notice(kind, "%s", n.Text) })
	})
}

// AnnounceStart publishes the seed's START,what (what: "api" once the control API listens;
// the phone itself publishes START,sip). START events are replayed to every later
// subscriber, so a client that subscribes after the start still sees them first.
func (p *Phone) AnnounceStart(what string) {
	p.publish(control.Event{Kind: control.KindStart, Message: what, Notification: "START," + what})
}

// Popup publishes text as the seed's POPUP,text, for a user to see in a window of its own.
func (p *Phone) Popup(text string) {
	p.publish(control.Event{Kind: control.KindPopup, Message: text, Notification: control.PopupLine(text)})
}

// showMessagePopup shows the messagepopup parameter's text once: a text already shown is
// remembered (a digest of it, beside the database) and not shown again at the next start;
// a new text is. Without a database it is shown once per run. Owner goroutine.
func (p *Phone) showMessagePopup() {
	text := strings.TrimSpace(p.params.Get("messagepopup"))
	if text == "" {
		return
	}
	sum := sha256.Sum256([]byte(text))
	digest := hex.EncodeToString(sum[:])
	var marker string
	if p.store != nil {
		marker = filepath.Join(filepath.Dir(p.store.Path()), "messagepopup.shown")
		if seen, err := os.ReadFile(marker); err == nil && strings.TrimSpace(string(seen)) == digest {
			return
		}
	}
	if p.popupShown == digest {
		return
	}
	p.popupShown = digest
	p.Popup(text)
	if marker != "" {
		if err := os.WriteFile(marker, []byte(digest+"\n"), 0o600); err != nil {
			p.log.Warn("messagepopup: cannot remember it was shown; it shows again at the next start", "file", marker, "error", err)
		}
	}
}

// joinCancels returns a function calling each of fs.
func joinCancels(fs ...func()) func() {
	return func() {
		for _, f := range fs {
			if f != nil {
				f()
			}
		}
	}
}
