package phone_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"softphone/phone/control"
)

// TestIntegrationSocialChat sends chat both ways between us and baresip through kamailio
// (with digest auth), reports a message to an offline user as failed with the reason,
// and finds the conversation through GET /v1/chat.
func TestIntegrationSocialChat(t *testing.T) {
	k, tp := socialSetup(t, nil)
	b := socialPeer(t, k, "1001", "1000")

	const ours = "Héllo from the softphone, ünïcode ✓"
	body, _ := json.Marshal(map[string]string{"number": "1001", "message": ours})
	tp.mustPost("sendchat", string(body))
	got := b.WaitMessage(t, ours, socialTimeout)
	if ct := got.Header("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "text/plain") {
		t.Errorf("baresip got Content-Type %q, want text/plain", ct)
	}
	if from := got.Header("From"); !strings.Contains(from, "sip:1000@") {
		t.Errorf("baresip got From %q, want 1000", from)
	}
	sent := tp.waitChat("sent to 1001", socialTimeout, func(c control.Chat) bool {
		return !c.Incoming && c.Text == ours && c.State != "sending"
	})
	if sent.State != "sent" || sent.ID == 0 || !isPeer(sent.Peer, "1001") {
		t.Fatalf("outgoing chat %+v, want state sent, a store id, peer 1001", sent)
	}

	const theirs = "Reply from baresip, Grüße"
	if err := b.SendMessage("sip:1000@"+k.Addr, theirs); err != nil {
		t.Fatal(err)
	}
	in := tp.next("incoming chat", socialTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindChat && ev.Chat != nil && ev.Chat.Incoming
	})
	if in.Chat.Text != theirs || !isPeer(in.Chat.Peer, "1001") || in.Chat.ID == 0 {
		t.Fatalf("incoming chat %+v, want %q from 1001 with a store id", in.Chat, theirs)
	}
	if !strings.HasPrefix(in.Notification, "CHAT,") || !strings.Contains(in.Notification, ",1001,") ||
		!strings.Contains(in.Notification, "Reply from baresip") {
		t.Errorf("notification %q, want CHAT,line,1001,text", in.Notification)
	}

	// 1002 is a known user that is not registered: kamailio answers 480.
	tp.mustPost("sendchat", `{"number":"1002","message":"anyone there?"}`)
	failed := tp.waitChat("to offline 1002", socialTimeout, func(c control.Chat) bool {
		return !c.Incoming && c.Text == "anyone there?" && c.State != "sending"
	})
	if failed.State != "failed" || !strings.Contains(failed.Reason, "480") {
		t.Fatalf("chat to an offline user %+v, want state failed naming 480", failed)
	}

	// The conversation with 1001 holds both messages, in order.
	code, conv := tp.get("/v1/chat?peer=" + url.QueryEscape("1001"))
	if code != 200 {
		t.Fatalf("GET /v1/chat?peer=1001: %d %s", code, conv)
	}
	rows := jsonRows(t, "GET /v1/chat", conv)
	var texts []string
	for _, r := range rows {
		texts = append(texts, field(r, "text"))
	}
	if len(texts) != 2 || texts[0] != ours || texts[1] != theirs {
		t.Fatalf("conversation with 1001 %q, want [%q %q]", texts, ours, theirs)
	}
}
