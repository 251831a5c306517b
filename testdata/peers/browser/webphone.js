// Browser webphone test peer: one JsSIP user agent with at most one call, as a browser
// WebRTC phone of the seeds is. softphone/internal/testpeer (browser.go) calls these
// functions with Runtime.evaluate and reads window.webphone.state() and stats().
"use strict";
(function () {
  let ua = null;
  let session = null;
  let autoAnswer = false;
  let iceServers = [];
  const st = { registered: false, regError: "", call: "none", cause: "", incoming: false,
    remoteSDP: "", localSDP: "", heldByPeer: false, digits: "", log: [] };

  function note(s) {
    st.log.push(new Date().toISOString().slice(11, 23) + " " + s);
    console.log("webphone: " + s);
  }

  function attach(s, incoming) {
    session = s;
    st.incoming = incoming;
    st.call = incoming ? "ringing" : "calling";
    st.cause = "";
    st.heldByPeer = false;
    st.digits = "";
    s.on("progress", () => { if (!incoming) st.call = "progress"; note("progress"); });
    s.on("accepted", () => { st.call = "accepted"; note("accepted"); });
    s.on("confirmed", () => { st.call = "confirmed"; note("confirmed"); });
    s.on("ended", (e) => { st.call = "ended"; st.cause = String(e.cause); note("ended: " + e.cause); });
    s.on("failed", (e) => { st.call = "failed"; st.cause = String(e.cause); note("failed: " + e.cause); });
    s.on("hold", (e) => { if (e.originator === "remote") st.heldByPeer = true; note("hold (" + e.originator + ")"); });
    s.on("unhold", (e) => { if (e.originator === "remote") st.heldByPeer = false; note("unhold (" + e.originator + ")"); });
    s.on("newDTMF", (e) => {
      if (e.originator === "remote") { st.digits += e.dtmf.tone; note("DTMF " + e.dtmf.tone + " received"); }
    });
    s.on("sdp", (e) => {
      if (e.originator === "remote") st.remoteSDP = e.sdp; else st.localSDP = e.sdp;
    });
    s.on("peerconnection", (e) => hookPC(e.peerconnection));
    if (s.connection) hookPC(s.connection);
  }

  // hookPC plays what the far end sends (an audio element, so Chromium decodes it and counts
  // its energy) and logs ICE and DTLS state changes.
  function hookPC(pc) {
    if (pc.__hooked) return;
    pc.__hooked = true;
    pc.addEventListener("track", (e) => {
      const el = document.getElementById("remote");
      el.srcObject = e.streams[0] || new MediaStream([e.track]);
      el.play().catch((err) => note("play: " + err));
    });
    pc.addEventListener("iceconnectionstatechange", () => note("ice " + pc.iceConnectionState));
    pc.addEventListener("connectionstatechange", () => note("connection " + pc.connectionState));
  }

  // The microphone without echo cancellation, noise suppression and gain control, which
  // would reshape the test's speech file before the far end's recording is compared with it.
  const options = () => ({
    mediaConstraints: { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false }, video: false },
    pcConfig: { iceServers: iceServers },
  });

  window.webphone = {
    // register starts the user agent for uri (sip:user@domain) over the WebSocket URL and
    // resolves once registered (rejects with JsSIP's cause).
    register(uri, wsurl, password) {
      return new Promise((resolve, reject) => {
        const socket = new JsSIP.WebSocketInterface(wsurl);
        ua = new JsSIP.UA({ sockets: [socket], uri: uri, password: password, register: true,
          session_timers: false, user_agent: "JsSIP " + JsSIP.version + " (test peer)" });
        ua.on("registered", () => { st.registered = true; note("registered"); resolve(true); });
        ua.on("registrationFailed", (e) => {
          st.regError = String(e.cause); note("registration failed: " + e.cause); reject(new Error("registration failed: " + e.cause));
        });
        ua.on("newRTCSession", (e) => {
          if (e.originator === "remote") {
            note("incoming call from " + e.request.from.uri);
            attach(e.session, true);
            if (autoAnswer) e.session.answer(options());
          }
        });
        ua.start();
      });
    },
    // call dials target (a SIP URI); the call's progress shows in state().
    call(target) {
      attach(ua.call(target, options()), false);
      return true;
    },
    // configure sets the STUN/TURN servers of later calls (RTCIceServer list).
    configure(servers) {
      iceServers = servers || [];
      return true;
    },
    // autoanswer makes incoming calls be answered at once (on) or ring (off, the default).
    autoanswer(on) {
      autoAnswer = !!on;
      return true;
    },
    answer() {
      if (!session || !st.incoming) throw new Error("no incoming call to answer");
      session.answer(options());
      return true;
    },
    hangup() {
      if (session && !session.isEnded()) session.terminate();
      return true;
    },
    // dtmf sends tones as SIP INFO (JsSIP's default DTMF transport).
    dtmf(tones) {
      if (!session) throw new Error("no call to send DTMF on");
      session.sendDTMF(tones, { duration: 100, interToneGap: 100 });
      return true;
    },
    state() { return st; },
    // stats reads the call's RTCPeerConnection statistics: what it received (packets,
    // energy), what it sent, the selected ICE pair and the DTLS state.
    async stats() {
      const out = { packetsReceived: 0, totalAudioEnergy: 0, totalSamplesDuration: 0, bytesReceived: 0, bytesSent: 0, packetsSent: 0,
        codec: "", dtlsState: "", srtpCipher: "", iceState: "", localCandidate: "", remoteCandidate: "" };
      const pc = session && session.connection;
      if (!pc) return out;
      out.iceState = pc.iceConnectionState;
      const report = await pc.getStats();
      const byId = {};
      report.forEach((r) => { byId[r.id] = r; });
      report.forEach((r) => {
        if (r.type === "inbound-rtp" && r.kind === "audio") {
          out.packetsReceived = r.packetsReceived || 0;
          out.totalAudioEnergy = r.totalAudioEnergy || 0;
          out.totalSamplesDuration = r.totalSamplesDuration || 0;
          out.bytesReceived = r.bytesReceived || 0;
          if (r.codecId && byId[r.codecId]) out.codec = byId[r.codecId].mimeType + "/" + byId[r.codecId].clockRate;
        }
        if (r.type === "outbound-rtp" && r.kind === "audio") {
          out.bytesSent = r.bytesSent || 0;
          out.packetsSent = r.packetsSent || 0;
        }
        if (r.type === "transport") {
          out.dtlsState = r.dtlsState || "";
          out.srtpCipher = r.srtpCipher || "";
          const pair = byId[r.selectedCandidatePairId];
          if (pair) {
            const l = byId[pair.localCandidateId], rc = byId[pair.remoteCandidateId];
            if (l) out.localCandidate = l.candidateType + " " + l.address + ":" + l.port + "/" + l.protocol;
            if (rc) out.remoteCandidate = rc.candidateType + " " + rc.address + ":" + rc.port + "/" + rc.protocol;
          }
        }
      });
      return out;
    },
  };
  window.webphoneReady = typeof JsSIP !== "undefined" ? JsSIP.version : "";
})();
