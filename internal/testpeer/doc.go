// Package testpeer starts real SIP peers from Debian packages on 127.0.0.1
// for integration tests, and stops them again when the test ends.
//
// Peers and the packages they need (a missing binary is a fatal test error
// naming the package, never a skip, because a skip would hide a broken setup):
//
//	kamailio   registrar + proxy with digest auth        apt: kamailio
//	baresip    far-end phone driven over ctrl_tcp        apt: baresip
//	sipp       scripted SIP scenarios                    apt: sip-tester
//	espeak-ng  speech for test audio                     apt: espeak-ng
//	sox        audio conversion                          apt: sox
//
// Every helper takes a testing.TB, binds only 127.0.0.1 with free ports,
// waits for readiness by polling with a deadline (a SIP OPTIONS answered, a
// control socket accepting, an event seen), registers its cleanup with
// t.Cleanup (the process group is killed, temp dirs removed) and, when the
// test failed, logs the tail of the peer's log file.
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
//     writes. Calls to unknown users get 404 "Not Found"; requests for other
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
//     and malformed.xml.
package testpeer
