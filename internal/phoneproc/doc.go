// Package phoneproc runs the phone as its own process for integration tests, the way a user
// starts it: the binary built from ./app, `--headless`, a fresh HOME (so its settings and the
// API token it makes live in the test's folder), only the parameters the test gives, and the
// control API on a Unix socket (apiaddress=unix:PATH) that the test reaches from any network
// namespace. With a testpeer.Host the process runs in that host's namespace (for example
// behind the NAT router of testpeer.StartNet).
//
//	bin := phoneproc.Build(t)
//	p := phoneproc.Start(t, bin, n.PhoneLAN, "serveraddress="+k.Addr, "username=1000", "password=pw")
//	p.WaitStatus(t, "registered", 15*time.Second, func(s control.Status) bool { return s.Registered })
//	p.MustPost(t, "call", `{"number":"1001"}`)
package phoneproc
