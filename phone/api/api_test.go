package api

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/phone/control"
)

// fakeController is the seam for API tests: it records calls and serves canned state.
type fakeController struct {
	mu     sync.Mutex
	calls  []string
	events chan control.Event
}

func (f *fakeController) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeController) Status() control.Status {
	return control.Status{Registered: true, Registration: control.RegRegistered, Line: 1,
		Lines: []control.Line{{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "1001", CallID: "x"}}}
}
func (f *fakeController) Subscribe() (<-chan control.Event, func()) { return f.events, func() {} }
func (f *fakeController) Register() error                           { f.record("register"); return nil }
func (f *fakeController) Unregister() error                         { f.record("unregister"); return nil }
func (f *fakeController) Call(n string) (int, error) {
	if n == "bad$" {
		return 0, errors.New(`invalid number: "bad$"`)
	}
	f.record("call " + n)
	return 2, nil
}
func (f *fakeController) Hangup(l int) error { f.record("hangup " + itoa(l)); return nil }
func (f *fakeController) Accept(l int) error { f.record("accept " + itoa(l)); return nil }
func (f *fakeController) Reject(l int) error { f.record("reject " + itoa(l)); return nil }
func (f *fakeController) SetParameter(n, v string) error {
	if n == "nope" {
		return errors.New(`unknown parameter "nope"`)
	}
	f.record("set " + n + "=" + v)
	return nil
}
func (f *fakeController) GetParameter(n string) (string, error) {
	if n == "nope" {
		return "", fmt.Errorf("%w %q", control.ErrUnknownParameter, n)
	}
	return "v-" + n, nil
}
func (f *fakeController) Hold(l int, h bool) error {
	f.record(fmt.Sprintf("hold %d %v", l, h))
	return nil
}
func (f *fakeController) Record(l int, on bool) error {
	f.record(fmt.Sprintf("record %d %v", l, on))
	return nil
}
func (f *fakeController) Mute(l int, m bool, d control.MuteDirection) error {
	f.record(fmt.Sprintf("mute %d %v %d", l, m, d))
	return nil
}
func (f *fakeController) DTMF(l int, d string) error {
	f.record(fmt.Sprintf("dtmf %d %s", l, d))
	return nil
}
func (f *fakeController) Transfer(l int, n string) error {
	f.record(fmt.Sprintf("transfer %d %s", l, n))
	return nil
}
func (f *fakeController) Conference(n string) error { f.record("conference " + n); return nil }
func (f *fakeController) SetLine(l int) error       { f.record(fmt.Sprintf("setline %d", l)); return nil }
func (f *fakeController) GetLine() int              { return 3 }
func (f *fakeController) Redial() (int, error)      { f.record("redial"); return 1, nil }
func (f *fakeController) SetVolume(d control.VolumeDevice, v int) error {
	f.record(fmt.Sprintf("setvolume %d %d", d, v))
	return nil
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestFunctions(t *testing.T) {
	ctl := &fakeController{}
	srv := httptest.NewServer((&Server{ctl: ctl}).Handler())
	defer srv.Close()
	tests := []struct {
		path, body string
		code       int
		want       string // substring of the response body
		call       string // recorded controller call
	}{
		{"/v1/call", `{"number":"1001"}`, 200, `"line":2`, "call 1001"},
		{"/v1/call", `{"number":1001}`, 200, `"line":2`, "call 1001"},
		{"/v1/call", `{}`, 400, `missing argument \"number\"`, ""},
		{"/v1/call", `{"number":"bad$"}`, 400, `invalid number`, ""},
		{"/v1/call", `not json`, 400, "not a JSON object", ""},
		{"/v1/hangup", ``, 200, `"ok":true`, "hangup 0"},
		{"/v1/hangup", `{"line":3}`, 200, `"ok":true`, "hangup 3"},
		{"/v1/accept", `{"line":"2"}`, 200, `"ok":true`, "accept 2"},
		{"/v1/reject", `{"line":"x"}`, 400, `not a line number`, ""},
		{"/v1/register", ``, 200, `"ok":true`, "register"},
		{"/v1/setparameter", `{"name":"username","value":"1000"}`, 200, `"ok":true`, "set username=1000"},
		{"/v1/setparameter", `{"name":"nope","value":"1"}`, 400, `unknown parameter \"nope\"`, ""},
		{"/v1/getparameter", `{"name":"username"}`, 200, `"value":"v-username"`, ""},
		{"/v1/getparameter", `{"name":"nope"}`, 200, `"known":false,"name":"nope","reason":"unknown parameter \"nope\"","value":""`, ""},
		{"/v1/hangup", `{"line":-1}`, 200, `"ok":true`, "hangup -1"},
		{"/v1/hangup", `{"line":-2}`, 400, `not a line number`, ""},
		{"/v1/isencrypted", ``, 400, `not available on this controller: isencrypted`, ""},
		{"/v1/start", ``, 400, `not available on this controller: start`, ""},
		{"/v1/frobnicate", `{}`, 404, `unknown function \"frobnicate\"`, ""},
		{"/v1/hold", `{"line":2,"hold":true}`, 200, `"ok":true`, "hold 2 true"},
		{"/v1/hold", `{"hold":"false"}`, 200, `"ok":true`, "hold 0 false"},
		{"/v1/hold", `{"hold":"maybe"}`, 400, `not true or false`, ""},
		{"/v1/record", `{"line":2,"record":true}`, 200, `"ok":true`, "record 2 true"},
		{"/v1/record", `{"record":"0"}`, 200, `"ok":true`, "record 0 false"},
		{"/v1/record", ``, 200, `"ok":true`, "record 0 true"},
		{"/v1/record", `{"record":"maybe"}`, 400, `argument \"record\": \"maybe\" is not true or false`, ""},
		{"/v1/record", `{"line":"x"}`, 400, `not a line number`, ""},
		{"/v1/mute", `{"line":1,"mute":true,"direction":2}`, 200, `"ok":true`, "mute 1 true 2"},
		{"/v1/mute", `{"direction":"x"}`, 400, `not a whole number`, ""},
		{"/v1/dtmf", `{"digits":"12 #"}`, 200, `"ok":true`, "dtmf 0 12 #"},
		{"/v1/dtmf", `{}`, 400, `missing argument \"digits\"`, ""},
		{"/v1/transfer", `{"number":"1002","line":1}`, 200, `"ok":true`, "transfer 1 1002"},
		{"/v1/conference", `{"number":""}`, 200, `"ok":true`, "conference "},
		{"/v1/setline", `{"line":2}`, 200, `"ok":true`, "setline 2"},
		{"/v1/setline", `{}`, 400, `missing argument \"line\"`, ""},
		{"/v1/getline", ``, 200, `"line":3`, ""},
		{"/v1/redial", ``, 200, `"line":1`, "redial"},
		{"/v1/setvolume", `{"dev":1,"volume":80}`, 200, `"ok":true`, "setvolume 1 80"},
		{"/v1/setvolume", `{"dev":1}`, 400, `missing argument \"volume\"`, ""},
	}
	for _, tt := range tests {
		ctl.calls = nil
		res, err := http.Post(srv.URL+tt.path, "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		bufio.NewReader(res.Body).WriteTo(&sb)
		res.Body.Close()
		if res.StatusCode != tt.code || !strings.Contains(sb.String(), tt.want) {
			t.Errorf("%s %s: %d %s; want %d containing %s", tt.path, tt.body, res.StatusCode, sb.String(), tt.code, tt.want)
		}
		if tt.call != "" && (len(ctl.calls) != 1 || ctl.calls[0] != tt.call) {
			t.Errorf("%s: controller calls %v, want [%s]", tt.path, ctl.calls, tt.call)
		}
	}
}

func TestStatusJSON(t *testing.T) {
	srv := httptest.NewServer((&Server{ctl: &fakeController{}}).Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st map[string]any
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st["registered"] != true || st["registration"] != "Registered" || st["line"] != float64(1) {
		t.Fatalf("status = %v", st)
	}
	line := st["lines"].([]any)[0].(map[string]any)
	for _, k := range []string{"line", "state", "direction", "peer", "peerdisplayname", "callid", "duration", "hold", "mute", "codec", "encrypted"} {
		if _, ok := line[k]; !ok {
			t.Errorf("line lacks %q: %v", k, line)
		}
	}
}

func TestToken(t *testing.T) {
	srv := httptest.NewServer((&Server{ctl: &fakeController{}, cfg: Config{Token: "s3cret"}}).Handler())
	defer srv.Close()
	for _, tc := range []struct {
		auth string
		code int
	}{{"", 401}, {"Bearer wrong", 401}, {"Bearer s3cret", 200}} {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/status", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.code {
			t.Errorf("auth %q: %d, want %d", tc.auth, res.StatusCode, tc.code)
		}
	}
}

func TestEventsStream(t *testing.T) {
	ctl := &fakeController{events: make(chan control.Event, 1)}
	srv := httptest.NewServer((&Server{ctl: ctl}).Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	l := control.Line{Line: 1, State: control.StateRinging, Peer: "2222", Local: "1111", Direction: 2, PeerDisplayName: "Katie", CallID: "c1"}
	ctl.events <- control.Event{Seq: 7, Kind: control.KindLine, Line: &l, Notification: l.StatusLine()}
	sc := bufio.NewScanner(res.Body)
	deadline := time.AfterFunc(5*time.Second, func() { res.Body.Close() })
	defer deadline.Stop()
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var ev control.Event
			if err := json.Unmarshal([]byte(data), &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Notification != "STATUS,1,Ringing,2222,1111,2,Katie,c1" || ev.Line.Peer != "2222" {
				t.Fatalf("event = %+v", ev)
			}
			return
		}
	}
	t.Fatal("no event received")
}

func TestListenRefusesNonLoopback(t *testing.T) {
	_, err := Listen(&fakeController{}, Config{Addr: "0.0.0.0:0", Token: "t"})
	if !errors.Is(err, ErrNotLoopback) {
		t.Fatalf("err = %v, want ErrNotLoopback", err)
	}
	_, err = Listen(&fakeController{}, Config{Addr: "nonsense", Token: "t"})
	if err == nil || !strings.Contains(err.Error(), "apiaddress") {
		t.Fatalf("err = %v, want one naming apiaddress", err)
	}
	if _, err = Listen(&fakeController{}, Config{Addr: "127.0.0.1:0"}); !errors.Is(err, ErrNoToken) {
		t.Fatalf("err = %v, want ErrNoToken", err)
	}
	s, err := Listen(&fakeController{}, Config{Addr: "127.0.0.1:0", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
