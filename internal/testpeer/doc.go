// Package testpeer starts real SIP peers from Debian packages for
// integration tests, on 127.0.0.1 or on the hosts of a network-namespace
// topology (StartNet), and stops them again when the test ends.
//
// Peers and the packages they need (a missing binary is a fatal test error
// naming the package, never a skip, because a skip would hide a broken setup):
//
//	kamailio   registrar + proxy with digest auth        apt: kamailio
//	baresip    far-end phone driven over ctrl_tcp        apt: baresip
//	sipp       scripted SIP scenarios                    apt: sip-tester
//	espeak-ng  speech for test audio                     apt: espeak-ng
//	sox        audio conversion                          apt: sox
//	chromium   browser webphone (JsSIP), headless        apt: chromium; JsSIP bundle: scripts/jssip-bundle.sh (npm)
//
// Every helper takes a testing.TB, binds 127.0.0.1 (or its host's address)
// with free ports, waits for readiness by polling with a deadline (a SIP
// OPTIONS answered, a control socket accepting, an event seen), registers
// its cleanup with t.Cleanup (the process group is killed, temp dirs
// removed) and, when the test failed, logs the tail of the peer's log file.
//
// # Isolation
//
// Every package whose tests start peers or a topology has
//
//	func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }
//
// IsolatedMain re-executes the test binary (same arguments, stdio passed
// through, exit code returned) under `unshare -n -- sh -c 'ip link set lo
// up && exec "$0" "$@"'`, so the whole test process lives in a network
// namespace of its own with only loopback: no packet can leave the machine.
// The re-executed process recognises itself by TESTPEER_NETNS (not SOFTPHONE_*: the phone reads those as parameters), which
// holds its namespace's identity. Without root or unshare it prints why and
// exits 2 instead of running un-isolated; StartNet refuses to build anything
// in a process IsolatedMain did not isolate. Loopback-only tests keep working
// unchanged inside.
//
// # Topology
//
// n := StartNet(t) builds, inside that private namespace:
//
//	        test process = n.Public 198.51.100.1 (on bridge pubK)
//	                             |
//	-------------------- bridge 198.51.100.0/24 ---------------------------
//	   |                  |                  |                       |
//	n.PBX            n.Stranger         n.FarRouter             n.PhoneRouter
//	198.51.100.10    198.51.100.66      wan 198.51.100.20       wan 198.51.100.30
//	(eth0)           (eth0)             MASQUERADE out of wan   MASQUERADE out of wan
//	                                    lan 192.168.1.1         lan 192.168.2.1
//	                                         |                       |
//	                                    n.Far                   n.PhoneLAN
//	                                    192.168.1.10 (eth0)     192.168.2.10 (eth0)
//	                                    default via .1.1        default via .2.1
//
// Every host but Public is a named namespace (`ip netns`, named
// sptest<pid>-<K>-<role> because /run/netns is machine-wide) joined by veth
// pairs; lo is up in each. The routers forward LAN to wan and only replies
// (conntrack ESTABLISHED,RELATED) back in, so nobody on the public side
// reaches a LAN host unsolicited; MASQUERADE keeps the source port when it
// can. Public hosts have no default route: the public side is the one /24.
// StartNet returns when a UDP packet from every host has reached Public
// (from the router's address for LAN hosts); no sleeps. t.Cleanup kills
// whatever still runs in the namespaces and deletes every namespace and
// link by name (namespaces left by a test process that was killed are
// deleted by the next StartNet). One topology exists per process at a time
// (the addresses are fixed): a second StartNet waits for the first one's
// cleanup. The addresses are also constants (PBXIP, FarIP, ...).
//
// A Host has Name, NS ("" for Public), IP, Dev (the interface holding IP)
// and, for routers, LANIP. On a host:
//
//	cmd := h.Command(ctx, "ip", "addr")    // `ip netns exec NS ...`; plain exec on Public
//	out := h.Run(t, "ip", "link", "set", "eth0", "down") // to completion, fatal on error
//	c, _ := h.DialContext(ctx, "tcp4", "127.0.0.1:8080") // socket made inside h
//	resp, _ := h.HTTPClient().Get("http://127.0.0.1:8080/v1/status") // HTTP from inside h
//	l, _ := h.Listen("tcp4", ":0"); pc, _ := h.ListenPacket("udp4", ":0")
//	port := h.FreePort(t, "")              // free for UDP and TCP on h.IP inside h
//	code, err := h.PingSIP(addr, d)        // OPTIONS from h; also h.ExchangeUDP
//	h.Netem(t, "eth0", "delay", "50ms", "loss", "5%") // tc netem; needs sch_netem in the kernel
//
// Sockets are opened inside a host by switching one locked OS thread into
// its namespace (setns) for the socket call; they stay in that namespace.
//
// Peers on hosts:
//
//	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX)) // listens on 198.51.100.10:PORT
//	far := testpeer.StartBaresip(t, testpeer.BaresipConfig{..., Registrar: k.Addr, Host: n.Far})
//	res := testpeer.RunSippOn(t, n.Stranger, testpeer.Scenario(t, "options.xml"), k.Addr, "-m", "2000", "-r", "200")
//	p := n.PhoneLAN.Start(t, testpeer.ProcConfig{Name: "phone", Bin: bin, Args: args, Env: env})
//	p.LogTail(50); p.Exited(); p.Stop() // stdout+stderr in p.LogPath(); stopped by t.Cleanup
//	br := testpeer.StartBrowser(t, testpeer.BrowserConfig{Host: n.Stranger, Source: wav}) // JsSIP in headless Chromium
//	br.Register(t, "sip:2000@"+testpeer.PBXIP, "wss://"+k.WSSAddr, "secret2000") // k WithTLS, WithWebSocket
//	br.Call(t, uri); br.WaitCall(t, "confirmed", d); testpeer.CheckBrowserHeard(t, br.WaitReceived(t, 5*time.Second, d), "heard")
//
// kamailio in a namespace keeps its ctl unix socket on the shared
// filesystem, so Registered, Location and Presentity work as on loopback.
// baresip on a host picks its own address (no net_interface: its default
// configuration); its ctrl_tcp listens on the loopback of its own namespace
// and the helper connects from inside it. k.Location(t, user) returns the
// contacts with their "received" address: behind a NAT router that is the
// router's wan address and port (nathelper). A phone process on PhoneLAN
// is reached from inside that namespace (n.PhoneLAN.DialContext, e.g. as an
// http.Transport's DialContext) or over a Unix socket.
//
// A typical call test:
//
//	k := testpeer.StartKamailio(t, map[string]string{"1000": "pw0", "1001": "pw1"})
//	wav := testpeer.SpeechWAV(t, "one two three four five", 16000)
//	callee := testpeer.StartBaresip(t, testpeer.BaresipConfig{
//		User: "1001", Password: "pw1", Registrar: k.Addr, Source: wav, AutoAnswer: true,
//	})
//	caller := testpeer.StartBaresip(t, testpeer.BaresipConfig{
//		User: "1000", Password: "pw0", Registrar: k.Addr,
//	})
//	if err := caller.Dial(callee.AOR(k)); err != nil { t.Fatal(err) }
//	caller.WaitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
//	caller.WaitReceived(t, 3*time.Second, 20*time.Second) // audio flows: no sleep
//	caller.Hangup()
//	caller.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
//	received, sent := caller.Recordings() // waits for sndfile to close them
//	w, err := testpeer.ReadWAV(received)   // w.Samples, w.Rate: measure RMS etc.
//
// Scripted SIP:
//
//	res := testpeer.RunSipp(t, testpeer.Scenario(t, "malformed.xml"), "127.0.0.1:5080")
//	if res.ExitCode != 0 || strings.Contains(res.Logs, "FALLBACK") { ... }
//
// Raw probes: PingSIP (OPTIONS until any reply) and ExchangeUDP (any request
// built by the caller, first final reply returned).
//
// Call control (hold, transfer, DTMF, conference):
//
//	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{..., SIPTrace: true, Loopback: true})
//	b.WaitSIP(t, "re-INVITE with sendonly", d, func(m testpeer.SIPMessage) bool { ... })
//	b.WaitAudioDirection(t, "recvonly", d)   // audio_debug: held by the far end
//	s, _ := b.AudioStats()                   // RTP packets received so far
//	b.RearmLoopback()                        // after any hold, see below
//	b.Hold(); b.Resume(); b.Transfer(uri); b.SendDTMF("12#"); b.WaitDTMF(t, 3, d)
//	talk := testpeer.RepeatWAV(t, testpeer.SpeechWAV(t, "text", 16000), gap, total)
//
// Notes on the peers:
//
//   - Kamailio answers REGISTER with 401 and other requests from its own users
//     with 407; passwords live in an htable seeded from a file the helper
//     writes. It handles clients behind NAT (nathelper): force_rport on every
//     request; a REGISTER from behind NAT (nat_uac_test 19: private Contact,
//     source address or port differing from the Via) saves its source as
//     the contact's "received" (received_avp shared with registrar), so
//     requests to it go to the router's public address; other requests and
//     the replies of NATed contacts get their Contact rewritten to their
//     source (fix_nated_contact). It sends no NAT keep-alives itself. Calls to unknown users get 404 "Not Found"; requests for other
//     hosts or ports (sip:user@127.0.0.1:5099) are relayed. No media relay:
//     RTP flows directly between the endpoints. WithChallengeAlgorithm("SHA-256")
//     makes it challenge with RFC 8760 digests.
//   - baresip (1.0.x) uses aufile as its microphone. When aufile reaches the
//     end of its file baresip closes the call, so the helper converts the
//     source to 16 kHz mono and pads it with silence (see SourcePad). The
//     speaker is an aubridge device nobody reads, so no sound card is used.
//     sndfile records what baresip decoded ("dec", what the far end sent)
//     and what it encoded ("enc") for each call.
//   - Events from baresip are queued from the ctrl_tcp connection on (made
//     before any call), so WaitEvent never misses one that already happened;
//     each event is returned once, oldest first. Registration is awaited by
//     polling "reginfo", since REGISTER_OK may precede the connection.
//   - The recordings are 8 kHz mono (G.711 is the only codec offered:
//     PCMU, PCMA). sndfile names them by the second the call's audio
//     started, so calls less than a second apart share (overwrite) files.
//   - baresip 1.0 drops its "dec" recorder (and its player from an aubridge
//     loop) whenever an SDP exchange leaves a call other than sendrecv: after
//     a hold the "dec" WAV stops growing for good. To measure what a peer
//     hears across hold/resume, start it with Loopback (it sends back what it
//     hears, and its "enc" WAV records it in real time) and call
//     RearmLoopback after each re-INVITE. RecordedSeconds marks where in a
//     recording a moment lies.
//   - With SIPTrace, baresip logs every SIP message (-s); SIPMessages parses
//     them (ParseSIPTrace) and WaitSIP/WaitSIPFrom wait for one. libre under
//     baresip 1.0 follows 3xx redirects itself; baresip reports received
//     DTMF (RFC 4733 or SIP INFO) as CALL_DTMF_START/END events, and sends
//     RFC 4733 only.
//   - Kamailio's Registered asks kamcmd over the ctl socket (ul.lookup);
//     WaitRegistered polls it.
//   - SIP over TLS: ca := NewCA(t, name) makes a CA (ca.CertFile, PEM) and
//     ca.Issue(t, Leaf{Names: ...}) a certificate and key for those names;
//     StartKamailio(t, users, WithTLS(cert, key)) loads tls.so (apt:
//     kamailio-tls-modules) and adds a TLS listener at k.TLSAddr, next to UDP
//     and TCP; WithTLSClientCA(ca) makes it require client certificates;
//     WithAlias(hostport) makes it take another address (a relay in front of
//     it) as its own name.
//   - StartKamailio(t, users, WithPresence()) adds a presence server
//     (presence, presence_xml, presence_dialoginfo, presence_mwi; tables in
//     db_text, presentity in memory) and pua_dialoginfo, so the dialog state
//     of calls it proxies is published for BLF watchers. MESSAGE to a known
//     user who is not registered gets 480. Presentity/WaitPresentity read
//     what was published (kamcmd presence.presentity_list).
//   - BaresipConfig.Presence loads baresip's presence and contact modules
//     (Contacts are watched peer-to-peer through kamailio); SetPresence
//     publishes online/offline, Contacts/WaitContactStatus read what baresip
//     shows, SendMessage sends a MESSAGE to a contact and WaitMessage (with
//     SIPTrace) waits for one. baresip 1.0 prints received messages nowhere,
//     so its SIP trace is the proof.
//   - Scenarios for sipp live in testdata/peers (see Scenario): options.xml
//     and malformed.xml. Extra sipp arguments come after the defaults and
//     win (sipp keeps the last of a repeated option).
//   - baresip on 127.0.0.1 (no Host) is the one peer with a special setting:
//     net_interface 127.0.0.1 (why: baresip 1.0 picks no loopback address
//     by itself and the isolated test namespace has nothing else; see the
//     comment in testdata/peers/baresip.config.tmpl).
package testpeer
