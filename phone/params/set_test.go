package params

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

func TestSetValues(t *testing.T) {
	tests := []struct {
		name, value string
		want        string // stored value when no error
		wantErr     error
		msg         string // exact error text when wantErr is set
	}{
		{"register", "2", "2", nil, ""},
		{"register", "7", "", ErrInvalid, `parameter "register": value "7" is not one of 0, 1, 2`},
		{"transport", "TCP", "tcp", nil, ""},
		{"transport", "sctp", "", ErrInvalid, `parameter "transport": value "sctp" is not one of udp, tcp, tls, ws, wss`},
		{"transport", "WSS", "wss", nil, ""},
		// The seed's examples of webrtcserveraddress, a path, and what is not a WebSocket URL.
		{"webrtcserveraddress", "ws://mydomain.com:80", "ws://mydomain.com:80", nil, ""},
		{"webrtcserveraddress", "wss://sip.mydomain.com:5062", "wss://sip.mydomain.com:5062", nil, ""},
		{"webrtcserveraddress", "ws://10.20.30.40:5065", "ws://10.20.30.40:5065", nil, ""},
		{"webrtcserveraddress", "WSS://[2001:db8::1]:8443/ws", "wss://[2001:db8::1]:8443/ws", nil, ""},
		{"webrtcserveraddress", "https://sip.example.com", "", ErrInvalid, `parameter "webrtcserveraddress": value "https://sip.example.com" is not a WebSocket URL such as wss://sip.example.com:8443/ws (scheme ws or wss, a host, optionally a port and path)`},
		{"webrtcserveraddress", "sip.example.com:8443", "", ErrInvalid, `parameter "webrtcserveraddress": value "sip.example.com:8443" is not a WebSocket URL such as wss://sip.example.com:8443/ws (scheme ws or wss, a host, optionally a port and path)`},
		{"webrtcserveraddress", "wss://user@sip.example.com", "", ErrInvalid, `parameter "webrtcserveraddress": value "wss://user@sip.example.com" is not a WebSocket URL such as wss://sip.example.com:8443/ws (scheme ws or wss, a host, optionally a port and path)`},
		{"webrtcserveraddress", "wss://sip.example.com:99999", "", ErrInvalid, `parameter "webrtcserveraddress": value "wss://sip.example.com:99999" has a port outside 1-65535`},
		{"registerexpires", " 600 ", "600", nil, ""},
		{"registerexpires", "10", "", ErrInvalid, `parameter "registerexpires": value "10" is out of range 30-86400`},
		{"lines", "four", "", ErrInvalid, `parameter "lines": value "four" is not a whole number`},
		{"dnd", "YES", "true", nil, ""},
		{"dnd", "off", "false", nil, ""},
		{"dnd", "1", "true", nil, ""},
		{"autoanswer", "yes", "1", nil, ""},
		{"autoanswer", "2", "2", nil, ""},
		{"autoanswer", "maybe", "", ErrInvalid, `parameter "autoanswer": value "maybe" is not one of 0, 1, 2`},
		{"transfertype", "2", "attended", nil, ""},
		{"dnd", "maybe", "", ErrInvalid, `parameter "dnd": value "maybe" is not a boolean (true/false, 1/0, yes/no, on/off)`},
		{"serveraddress", "sip.example.com:5062", "sip.example.com:5062", nil, ""},
		{"serveraddress", "10.20.30.40", "10.20.30.40", nil, ""},
		{"serveraddress", "[2001:db8::1]:5060", "[2001:db8::1]:5060", nil, ""},
		{"serveraddress", "2001:db8::1", "2001:db8::1", nil, ""},
		{"serveraddress", "sip:pbx.example.com", "", ErrInvalid, `parameter "serveraddress": value "sip:pbx.example.com" must be host[:port] without scheme, user or spaces`},
		{"serveraddress", "pbx:http", "", ErrInvalid, `parameter "serveraddress": value "pbx:http" has a port that is not a number`},
		{"serveraddress", "udp://pbx", "", ErrInvalid, `parameter "serveraddress": value "udp://pbx" must be host[:port] without scheme, user or spaces`},
		{"serveraddress", "pbx example", "", ErrInvalid, `parameter "serveraddress": value "pbx example" must be host[:port] without scheme, user or spaces`},
		{"serveraddress", "pbx:70000", "", ErrInvalid, `parameter "serveraddress": value "pbx:70000" has a port outside 1-65535`},
		{"serveraddress", "pbx!:5060", "", ErrInvalid, `parameter "serveraddress": value "pbx!:5060" has an invalid host name`},
		{"apiaddress", "127.0.0.1:0", "127.0.0.1:0", nil, ""},
		{"apiaddress", "127.0.0.1", "", ErrInvalid, `parameter "apiaddress": value "127.0.0.1" must be host:port`},
		{"localip", "192.0.2.1", "192.0.2.1", nil, ""},
		{"localip", "myhost", "", ErrInvalid, `parameter "localip": value "myhost" is not an IP address`},
		{"codecs", "opus, pcmu,PCMU", "OPUS,PCMU", nil, ""},
		{"codecs", "PCMU,GSM", "", ErrInvalid, `parameter "codecs": value "PCMU,GSM" names unknown codec "GSM" (known: PCMU, PCMA, G722, OPUS)`},
		{"dtmfmode", "1", "info", nil, ""},
		{"dtmfmode", "2", "rfc4733", nil, ""},
		{"dtmfmode", "3", "both", nil, ""},
		{"dtmfmode", "RFC2833", "rfc4733", nil, ""},
		{"dtmfmode", "INFO", "info", nil, ""},
		{"dtmfmode", "9", "", ErrInvalid, `parameter "dtmfmode": value "9" is not one of rfc4733, info, both`},
		{"password", "encrypted__3__!!", "", ErrInvalid, `parameter "password": invalid value: the encrypted__3__ value is not base64`},
		{"serveradress", "x", "", ErrUnknown, `unknown parameter "serveradress" (did you mean "serveraddress"?)`},
		{"xyzzyq", "x", "", ErrUnknown, `unknown parameter "xyzzyq"`}, // near no defined name: no suggestion
		{"ServerAddress", "pbx", "pbx", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			p := Standard()
			err := p.Set(tc.name, tc.value, Runtime)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || err.Error() != tc.msg {
					t.Fatalf("err = %v, want %q wrapping %v", err, tc.msg, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Get(tc.name); got != tc.want {
				t.Fatalf("Get = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAliases(t *testing.T) {
	p := Standard()
	if err := p.Set("SIPUserName", "1111", ConfigFile); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("sippassword", "pw", ConfigFile); err != nil {
		t.Fatal(err)
	}
	if p.Get("username") != "1111" || p.Get("sipusername") != "1111" || p.Get("password") != "pw" {
		t.Fatalf("username %q password %q", p.Get("username"), p.Get("password"))
	}
	if _, ok := p.Snapshot()["sipusername"]; ok {
		t.Fatal("snapshot should use canonical names only")
	}
}

func TestDefAndNull(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"brandname", "DEF", "Softphone"},
		{"brandname", "NULL", ""},
		{"loglevel", "NULL", "1"}, // not a string: NULL means the default
		{"loglevel", "DEF", "1"},
		{"codecs", "NULL", "PCMU,PCMA"}, // empty list is invalid: the default
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			p := Standard()
			// A lower source's value must be overridden, not uncovered.
			_ = p.Set(tc.name, map[string]string{"brandname": "Acme", "loglevel": "5", "codecs": "G722"}[tc.name], ConfigFile)
			if err := p.Set(tc.name, tc.value, CommandLine); err != nil {
				t.Fatal(err)
			}
			if got := p.Get(tc.name); got != tc.want || p.Source(tc.name) != CommandLine {
				t.Fatalf("Get = %q from %s, want %q from command line", got, p.Source(tc.name), tc.want)
			}
		})
	}
}

func TestLock(t *testing.T) {
	p := Standard()
	if err := p.Set("serveraddress", "user.example", Runtime); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("serveraddress", "pbx.example", Provisioning); err != nil {
		t.Fatal(err)
	}
	if err := p.Lock("serveraddress"); err != nil {
		t.Fatal(err)
	}
	if got := p.Get("serveraddress"); got != "pbx.example" || !p.Locked("serveraddress") {
		t.Fatalf("after lock Get = %q, locked %v", got, p.Locked("serveraddress"))
	}
	for _, src := range []Source{Environment, CommandLine, URI, Runtime} {
		err := p.Set("serveraddress", "evil.example", src)
		if !errors.Is(err, ErrLocked) || err.Error() != `parameter "serveraddress" is locked by provisioning` {
			t.Fatalf("%s: err = %v", src, err)
		}
	}
	// Lower sources are still accepted (a saved config file) but do not win.
	if err := p.Set("serveraddress", "old.example", ConfigFile); err != nil {
		t.Fatalf("config: %v", err)
	}
	if got := p.Get("serveraddress"); got != "pbx.example" {
		t.Fatalf("Get = %q", got)
	}
	if err := p.Lock("nosuch"); !errors.Is(err, ErrUnknown) {
		t.Fatalf("Lock(nosuch) = %v", err)
	}
}

func TestWatch(t *testing.T) {
	p := Standard()
	var mu sync.Mutex
	var got []string
	cancel := p.Watch(func(name, value string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, name+"="+value)
	})
	steps := []struct {
		name, value string
		src         Source
	}{
		{"sipusername", "1111", ConfigFile}, // fires with the canonical name
		{"username", "1111", Runtime},       // same winning value: no call
		{"username", "2222", Skin},          // lower source: no call
		{"lines", "4", Runtime},             // equals the default: no call
		{"lines", "8", Runtime},
	}
	for _, s := range steps {
		if err := p.Set(s.name, s.value, s.src); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	_ = p.Set("lines", "9", Runtime)
	want := []string{"username=1111", "lines=8"}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, want) {
		t.Fatalf("watch calls = %q, want %q", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	p := Standard()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				_ = p.Set("lines", []string{"1", "2", "3", "4"}[(i+j)%4], Runtime)
				_ = p.Get("lines")
				_ = p.Snapshot()
			}
		}()
	}
	wg.Wait()
	if n := p.Int("lines"); n < 1 || n > 4 {
		t.Fatalf("lines = %d", n)
	}
}

func TestMask(t *testing.T) {
	d, _ := Standard().Def("sippassword")
	if d.Mask("secret") != "****" || d.Mask("") != "" || (Def{Kind: String}).Mask("x") != "x" {
		t.Fatal("Mask misbehaves")
	}
}
