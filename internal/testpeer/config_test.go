package testpeer

import (
	"strings"
	"testing"
	"time"
)

func TestKamailioUsersRoute(t *testing.T) {
	got := kamailioUsersRoute(t, map[string]string{"1001": "b", "1000": "a-1.x"})
	want := "event_route[htable:mod-init] {\n\t$sht(users=>1000) = \"a-1.x\";\n\t$sht(users=>1001) = \"b\";\n}\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestAccountLine(t *testing.T) {
	tests := []struct {
		name string
		cfg  BaresipConfig
		want string
	}{
		{"registered auto", BaresipConfig{User: "1001", Password: "pw", Registrar: "127.0.0.1:5070", AutoAnswer: true},
			"<sip:1001@127.0.0.1:5070;transport=udp>;regint=600;auth_user=1001;auth_pass=pw;answermode=auto;audio_codecs=PCMU/8000/1,PCMA/8000/1"},
		{"direct manual", BaresipConfig{User: "2000"},
			"<sip:2000@127.0.0.1:5999;transport=udp>;regint=0;answermode=manual;audio_codecs=PCMU/8000/1,PCMA/8000/1"},
		{"direct srtp mandatory", BaresipConfig{User: "2000", AutoAnswer: true, MediaEnc: "srtp-mand"},
			"<sip:2000@127.0.0.1:5999;transport=udp>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1,PCMA/8000/1;mediaenc=srtp-mand"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &Baresip{cfg: tc.cfg, sipPort: 5999}
			if got := b.accountLine(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestRenderTemplates(t *testing.T) {
	dir := t.TempDir()
	renderTemplate(t, "kamailio.cfg.tmpl", dir+"/k.cfg", map[string]any{
		"Port": 5071, "ListenIP": "127.0.0.1", "Domain": "127.0.0.1", "CtlSocket": "/x/ctl", "UsersFile": "/x/users.cfg",
		"Algorithm": "SHA-256", "ModulesDir": "/mods", "TLSPort": 0, "TLSConfig": "", "Aliases": []string(nil), "WSPort": 0, "WSSPort": 0,
	})
	renderTemplate(t, "kamailio.cfg.tmpl", dir+"/k-tls.cfg", map[string]any{
		"Port": 5071, "ListenIP": "127.0.0.1", "Domain": "127.0.0.1", "CtlSocket": "/x/ctl", "UsersFile": "/x/users.cfg",
		"Algorithm": "", "ModulesDir": "/mods", "TLSPort": 5091, "TLSConfig": "/x/tls.cfg", "Aliases": []string{"127.0.0.2:5099"}, "WSPort": 5093, "WSSPort": 5094,
	})
	renderTemplate(t, "baresip.config.tmpl", dir+"/config", map[string]any{
		"SIPPort": 5072, "CtrlAddr": "127.0.0.1:5073", "SourceDev": "aufile,/x/s.wav", "Player": "aubridge,p",
		"RecordDir": "/x/rec", "ModulesDir": "/mods", "RTPPorts": "10000-10015", "NetInterface": "", "NATModules": []string(nil), "RTCPMux": false,
	})
	renderTemplate(t, "baresip.config.tmpl", dir+"/config-lo", map[string]any{
		"SIPPort": 5072, "CtrlAddr": "127.0.0.1:5073", "SourceDev": "aufile,/x/s.wav", "Player": "aubridge,p",
		"RecordDir": "/x/rec", "ModulesDir": "/mods", "RTPPorts": "10000-10015", "NetInterface": "127.0.0.1", "NATModules": []string{"ice.so"}, "RTCPMux": true,
	})
	// On a host baresip runs in its default configuration: it picks its
	// own address. Only the loopback-only peers name one (see why: there).
	if b := readOptional(dir + "/k.cfg"); strings.Contains(b, "tls.so") || strings.Contains(b, "listen=tls") {
		t.Errorf("kamailio config without TLS loads tls.so or listens on tls")
	}
	if b := readOptional(dir + "/config"); strings.Contains(b, "\nnet_interface") {
		t.Errorf("baresip config for a host names net_interface:\n%s", b)
	}
	if b := readOptional(dir + "/config-lo"); !strings.Contains(b, "\nnet_interface\t\t127.0.0.1\n") {
		t.Errorf("loopback baresip config lacks net_interface 127.0.0.1") // why: baresip picks no loopback address itself
	}
	for file, wants := range map[string][]string{
		"k-tls.cfg": {"enable_tls=yes\n", "listen=tls:127.0.0.1:5091\n", "alias=127.0.0.2:5099\n", "loadmodule \"tls.so\"\nmodparam(\"tls\", \"config\", \"/x/tls.cfg\")\n"},
		"k.cfg":     {"enable_tls=no\n", "listen=udp:127.0.0.1:5071\n", "listen=tcp:127.0.0.1:5071\n", `modparam("auth", "algorithm", "SHA-256")`, `import_file "/x/users.cfg"`, "unixs:/x/ctl"},
		"config": {"sip_listen\t\t0.0.0.0:5072\n", "ctrl_tcp_listen\t\t127.0.0.1:5073\n", "audio_source\t\taufile,/x/s.wav\n", "audio_player\t\taubridge,p\n", "snd_path\t\t/x/rec\n", "rtp_ports\t\t10000-10015\n", "module\t\t\tsrtp.so\n",
			"module\t\t\tdtls_srtp.so\n", "rtcp_mux\t\tno\n"},
		"config-lo": {"rtcp_mux\t\tyes\n"},
	} {
		b := readOptional(dir + "/" + file)
		for _, w := range wants {
			if !strings.Contains(b, w) {
				t.Errorf("%s lacks %q", file, w)
			}
		}
	}
}

func TestFreePort(t *testing.T) {
	for _, network := range []string{"udp", "tcp"} {
		p := FreePort(t, network)
		if p <= 0 || p > 65535 {
			t.Fatalf("FreePort(%s) = %d", network, p)
		}
		if _, err := probeUDP(loopbackIP, p); err != nil {
			t.Errorf("port %d not free for UDP: %v", p, err)
		}
		if _, err := probeTCP(loopbackIP, p); err != nil {
			t.Errorf("port %d not free for TCP: %v", p, err)
		}
	}
}

func TestSecs(t *testing.T) {
	if got := secs(1500 * time.Millisecond); got != "1.500" {
		t.Errorf("secs = %q", got)
	}
}

func TestRegState(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\n--- User Agents (1) ---\n> sip:1000@127.0.0.1:47919                   \x1b[32mOK \x1b[;m kamailio Expires 600s\n\n", "OK"},
		{"\n--- User Agents (1) ---\n> sip:1000@127.0.0.1:47919                   \x1b[31mERR\x1b[;m\n\n", "ERR"},
		{"\n--- User Agents (1) ---\n> sip:OK@127.0.0.1:48628                  \n\n", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := regState(tc.in); got != tc.want {
			t.Errorf("regState(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
