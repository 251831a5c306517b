package params

import "time"

// Standard returns Params holding every parameter the phone knows.
func Standard(opts ...Option) *Params { return New(StandardDefs(), opts...) }

// StandardDefs returns the definitions of the phone's parameters, named as in
// the Mizu webphone so its configurations carry over.
func StandardDefs() []Def {
	return []Def{
		{Name: "serveraddress", Check: hostPort(false, 1), Help: "SIP server domain or IP, optionally :port (default 5060)"},
		{Name: "username", Aliases: []string{"sipusername"}, Help: "SIP username, also the caller id"},
		{Name: "password", Kind: Secret, Aliases: []string{"sippassword"}, Help: "SIP authentication password"},
		{Name: "authusername", Help: "authentication username if not the same as username"},
		{Name: "displayname", Help: "display name in From and Contact"},
		{Name: "realm", Help: "SIP realm if not the server address"},
		{Name: "proxyaddress", Check: hostPort(false, 1), Help: "outbound proxy host[:port]"},
		{Name: "register", Kind: Enum, Default: "1", Enum: []string{"0", "1", "2"},
			Help: "register: 0 no, 1 if username and password are set, 2 yes"},
		{Name: "transport", Kind: Enum, Default: "udp", Enum: []string{"udp", "tcp"}, Help: "SIP transport"},
		{Name: "registerexpires", Kind: Int, Default: "300", Min: 30, Max: 86400, Unit: time.Second,
			Help: "registration lifetime in seconds"},
		{Name: "apiaddress", Check: hostPort(true, 0), Help: "control API listen host:port, empty for none"},
		{Name: "apitoken", Kind: Secret, Help: "bearer token the control API requires when set"},
		{Name: "audioinput", Help: "capture device name, file:PATH.wav or null; empty for the default"},
		{Name: "audiooutput", Help: "playback device name, file:PATH.wav or null; empty for the default"},
		{Name: "ringdevice", Help: "device for the ring tone; empty for the playback device"},
		{Name: "loglevel", Kind: Int, Default: "1", Min: 1, Max: 5, Help: "log detail 1-5; 5 includes SIP messages"},
		{Name: "localport", Kind: Int, Default: "0", Min: 0, Max: 65535, Help: "SIP listen port, 0 for any"},
		{Name: "localip", Check: ipOrEmpty, Help: "local IP to use, empty for automatic"},
		{Name: "rtpportmin", Kind: Int, Default: "0", Min: 0, Max: 65535, Help: "lowest RTP port, 0 for any"},
		{Name: "rtpportmax", Kind: Int, Default: "0", Min: 0, Max: 65535, Help: "highest RTP port, 0 for any"},
		{Name: "codecs", Default: "PCMU,PCMA", Check: codecList, Help: "audio codecs in preference order: PCMU,PCMA,G722,OPUS"},
		{Name: "dtmfmode", Kind: Enum, Default: "rfc4733", Enum: []string{"rfc4733", "info", "both"}, Check: dtmfCode,
			Help: "DTMF: rfc4733 (RTP events), info (SIP INFO) or both; seed codes 1 info, 2 rfc4733, 3 both"},
		{Name: "allowdirectcalls", Kind: Bool, Default: "false",
			Help: "accept out-of-dialog requests from addresses other than the registrar or proxy"},
		{Name: "rtptimeout", Kind: Int, Default: "30", Min: 0, Max: 3600, Unit: time.Second,
			Help: "hang up after this many seconds without RTP, 0 for never"},
		{Name: "ringtimeout", Kind: Int, Default: "90", Min: 0, Max: 3600, Unit: time.Second,
			Help: "stop ringing with 408 after this many seconds, 0 for never"},
		{Name: "jitterdelay", Kind: Int, Default: "60", Min: 20, Max: 500, Unit: time.Millisecond,
			Help: "initial jitter buffer delay in milliseconds"},
		{Name: "brandname", Default: "Softphone", Help: "brand name shown to users"},
		{Name: "skin", Default: "default", Help: "skin name or path"},
		{Name: "autoanswer", Kind: Bool, Default: "false", Help: "answer incoming calls automatically"},
		{Name: "lines", Kind: Int, Default: "4", Min: 1, Max: 32, Help: "number of call lines"},
		{Name: "useragent", Default: "Softphone", Help: "User-Agent header"},
	}
}
