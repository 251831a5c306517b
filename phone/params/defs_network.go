package params

// networkDefs are the seed's signalling and NAT parameters of issue 10 that are not about
// TLS, STUN or ICE: how the phone uses the address its registrar saw (use_rport), connected
// UDP sockets (udpconnect), falling back to the next server (enablefallback), trying the
// other transport when none answers (autotransportdetect) and the
// packets that open the media path through NAT (natopenpackets).
func networkDefs() []Def {
	return []Def{
		{Name: "use_rport", Apply: RebuildSIP, Kind: Enum, Default: "1", Enum: []string{"0", "1", "2", "3", "9"},
			Help: "public address in signalling: 0 the server handles NAT (Contact keeps the local address), " +
				"1 the address the registrar saw (received/rport) when it differs, 2 and 3 always the address the registrar saw, " +
				"9 private addresses only (no rport in Via)"},
		{Name: "udpconnect", Apply: RebuildSIP, Kind: Bool, Default: "false",
			Help: "over UDP, connect the SIP socket to the server in use: datagrams from any other address are dropped by the system"},
		{Name: "enablefallback", Apply: Reregister, Kind: Bool, Default: "true",
			Help: "when the server in use does not answer, register at the next one (serveraddressfirst, then serveraddress)"},
		{Name: "autotransportdetect", Kind: Bool, Default: "false",
			Help: "when no server answers over udp or tcp, register over the other one (TLS and WebSocket only when configured)"},
		{Name: "natopenpackets", Kind: Int, Default: "3", Min: 0, Max: 10,
			Help: "short UDP packets (\\r\\n) sent to the far end's RTP and RTCP ports at call start, until its media arrives, to open NAT bindings; 0 none"},
	}
}
