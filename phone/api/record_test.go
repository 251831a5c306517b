package api

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// errNotConnected stands in for the phone's "no connected call" error.
var errNotConnected = errors.New("line 2 is Ringing; only a connected call can be recorded")

// failingRecorder refuses every Record with errNotConnected.
type failingRecorder struct{ *fakeController }

func (failingRecorder) Record(int, bool) error { return errNotConnected }

// plainController hides the fake's Record method: a controller that cannot record.
type plainController struct{ Controller }

func TestRecordFunction(t *testing.T) {
	conflict := func(err error) int {
		if errors.Is(err, errNotConnected) {
			return http.StatusConflict
		}
		return http.StatusBadRequest
	}
	tests := []struct {
		name string
		ctl  Controller
		code int
		want string
	}{
		{"recorder", &fakeController{}, 200, `"ok":true`},
		{"not connected", failingRecorder{&fakeController{}}, 409, "line 2 is Ringing"},
		{"cannot record", plainController{&fakeController{}}, 400, "recording calls is not available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer((&Server{ctl: tt.ctl, cfg: Config{StatusCode: conflict}}).Handler())
			defer srv.Close()
			res, err := http.Post(srv.URL+"/v1/record", "application/json", strings.NewReader(`{"line":2,"record":true}`))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.code || !strings.Contains(string(body), tt.want) {
				t.Fatalf("POST /v1/record: %d %s; want %d containing %s", res.StatusCode, body, tt.code, tt.want)
			}
		})
	}
}
