package api

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"softphone/phone/control"
)

// sdpController is a fakeController with calls on lines 1 and 2 whose SDPs getsdp reads.
type sdpController struct {
	fakeController
	asked []int
}

func (f *sdpController) SDP(line int) (control.SDP, error) {
	f.asked = append(f.asked, line)
	switch line {
	case 0, -1, 1:
		return control.SDP{Line: 1, Local: "v=0\r\nm=audio 4000 RTP/AVP 0\r\n", Remote: "v=0\r\nm=audio 5000 RTP/AVP 0\r\n"}, nil
	case 2:
		return control.SDP{Line: 2, Local: "v=0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:***\r\n"}, nil
	}
	return control.SDP{}, fmt.Errorf("%w on line %d", control.ErrNoLine, line)
}

func TestGetSDP(t *testing.T) {
	ctl := &sdpController{}
	srv := httptest.NewServer((&Server{ctl: ctl}).Handler())
	defer srv.Close()
	tests := []struct {
		body string
		code int
		want string // substring of the response body
	}{
		{``, 200, `"line":1,"local":"v=0\r\nm=audio 4000 RTP/AVP 0\r\n","remote":"v=0\r\nm=audio 5000 RTP/AVP 0\r\n"`},
		{`{"line":-1}`, 200, `"line":1,`},
		{`{"line":"2"}`, 200, `"local":"v=0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:***\r\n","remote":""`},
		{`{"line":5}`, 409, `no such call on line 5`},
		{`{"line":"x"}`, 400, `argument \"line\": \"x\" is not a line number`},
	}
	for _, tt := range tests {
		code, body := postGetSDP(t, srv.URL+"/v1/getsdp", tt.body)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("getsdp %s: %d %s, want %d with %s", tt.body, code, body, tt.code, tt.want)
		}
	}
	if fmt.Sprint(ctl.asked) != "[0 -1 2 5]" {
		t.Errorf("lines asked %v, want [0 -1 2 5]", ctl.asked)
	}

	plain := httptest.NewServer((&Server{ctl: &fakeController{}}).Handler())
	defer plain.Close()
	if code, body := postGetSDP(t, plain.URL+"/v1/getsdp", ``); code != 400 || !strings.Contains(body, "not available on this controller: getsdp") {
		t.Errorf("getsdp on a controller without SDPs: %d %s", code, body)
	}
}

// postGetSDP sends one API request with a JSON body and returns the status and body.
func postGetSDP(t *testing.T, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
