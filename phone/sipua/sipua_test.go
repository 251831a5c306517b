package sipua

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"
)

// farEnd is a scripted far end at the Client seam: each request gets the next answer of the
// script. A challenge answer carries the given WWW-/Proxy-Authenticate values; an "ok" answer
// checks the request's digest against the far end's password first (a wrong one is
// challenged again, as a registrar does).
type farEnd struct {
	t        *testing.T
	password string
	script   []step
	got      []*sip.Request // as received, after the "client" added its Via
	seqs     []uint32       // their CSeq numbers on arrival
	nonces   map[string]string
}

// step is one scripted answer: a challenge (code 401 or 407 with challenges) or a final code.
type step struct {
	code       int
	challenges []string // algorithms to offer, e.g. "MD5", "SHA-256"
	nilNil     bool     // answer with neither a response nor an error
}

func (f *farEnd) Do(_ context.Context, req *sip.Request) (*sip.Response, error) {
	if req.Via() != nil {
		f.t.Errorf("%s CSeq %d arrived with a Via already: a retry must start from the request as built", req.Method, req.CSeq().SeqNo)
	}
	// Like sipgo's client: a Via with a fresh branch.
	via := &sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: "UDP", Host: "192.0.2.5", Port: 5060,
		Params: sip.NewParams()}
	via.Params.Add("branch", sip.GenerateBranch())
	req.PrependHeader(via)
	f.got = append(f.got, req)
	if cs := req.CSeq(); cs != nil {
		f.seqs = append(f.seqs, cs.SeqNo)
	}
	if len(f.script) == 0 {
		f.t.Fatalf("unexpected request %s (CSeq %d)", req.Method, req.CSeq().SeqNo)
	}
	s := f.script[0]
	f.script = f.script[1:]
	if s.nilNil {
		return nil, nil
	}
	if s.code == 401 || s.code == 407 {
		res := sip.NewResponseFromRequest(req, s.code, map[int]string{401: "Unauthorized", 407: "Proxy Authentication Required"}[s.code], nil)
		name := "WWW-Authenticate"
		if s.code == 407 {
			name = "Proxy-Authenticate"
		}
		for _, alg := range s.challenges {
			nonce := sip.GenerateTagN(12)
			if f.nonces == nil {
				f.nonces = map[string]string{}
			}
			f.nonces[nonce] = alg
			res.AppendHeader(sip.NewHeader(name, `Digest realm="example.com", nonce="`+nonce+`", algorithm=`+alg+`, qop="auth"`))
		}
		return res, nil
	}
	return sip.NewResponseFromRequest(req, s.code, "OK", nil), nil
}

// check verifies the digest in req's authorization header hdr with the far end's password and
// returns the algorithm it used.
func (f *farEnd) check(req *sip.Request, hdr string) string {
	f.t.Helper()
	h := req.GetHeader(hdr)
	if h == nil {
		f.t.Fatalf("%s CSeq %d has no %s", req.Method, req.CSeq().SeqNo, hdr)
	}
	cred, err := digest.ParseCredentials(h.Value())
	if err != nil {
		f.t.Fatalf("%s: %v", hdr, err)
	}
	alg, ok := f.nonces[cred.Nonce]
	if !ok {
		f.t.Fatalf("%s answers nonce %q the far end never sent", hdr, cred.Nonce)
	}
	want, err := digest.Digest(&digest.Challenge{Realm: "example.com", Nonce: cred.Nonce, Algorithm: alg, QOP: []string{"auth"}},
		digest.Options{Method: req.Method.String(), URI: req.Recipient.Addr(), Username: cred.Username,
			Password: f.password, Cnonce: cred.Cnonce, Count: cred.Nc})
	if err != nil {
		f.t.Fatal(err)
	}
	if cred.Response != want.Response {
		f.t.Fatalf("%s: digest response does not match the password", hdr)
	}
	return alg
}

func register(seq uint32) *sip.Request {
	from := &sip.FromHeader{Address: sip.Uri{Scheme: "sip", User: "alice", Host: "example.com"}, Params: sip.NewParams()}
	from.Params.Add("tag", "ftag")
	return NewRequest(sip.REGISTER, sip.Uri{Scheme: "sip", Host: "example.com"},
		From(from),
		To(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: "alice", Host: "example.com"}, Params: sip.NewParams()}),
		CallID("call-1"), CSeq(seq),
		Contact(sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "alice", Host: "192.0.2.5", Port: 5060}}),
		Expires(300), Transport("udp"), Destination("192.0.2.1:5060"))
}

var alice = Credentials{Username: "alice", Password: "secret"}

func TestDoAnswersChallenges(t *testing.T) {
	tests := []struct {
		name    string
		script  []step
		hdr     string // the header the retry carries
		wantAlg string
	}{
		{"401 then 200", []step{{code: 401, challenges: []string{"MD5"}}, {code: 200}}, "Authorization", "MD5"},
		{"407 then 200", []step{{code: 407, challenges: []string{"MD5"}}, {code: 200}}, "Proxy-Authorization", "MD5"},
		{"MD5 and SHA-256 offered: SHA-256 answered", []step{{code: 401, challenges: []string{"MD5", "SHA-256"}}, {code: 200}}, "Authorization", "SHA-256"},
		{"SHA-256 listed first, MD5 second", []step{{code: 401, challenges: []string{"SHA-256", "MD5"}}, {code: 200}}, "Authorization", "SHA-256"},
		{"SHA-512-256 beats SHA-256", []step{{code: 401, challenges: []string{"SHA-256", "SHA-512-256", "MD5"}}, {code: 200}}, "Authorization", "SHA-512-256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			far := &farEnd{t: t, password: "secret", script: tt.script}
			req := register(7)
			res, err := Do(context.Background(), far, req, alice)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("Do = %v, %v; want 200", res, err)
			}
			if len(far.got) != 2 {
				t.Fatalf("%d requests sent, want 2", len(far.got))
			}
			first, retry := far.got[0], far.got[1]
			if got := far.check(retry, tt.hdr); got != tt.wantAlg {
				t.Errorf("answered %s, want %s", got, tt.wantAlg)
			}
			if far.seqs[0] != 7 || far.seqs[1] != 8 {
				t.Errorf("CSeq %v, want 7 then 8", far.seqs)
			}
			if req.CSeq().SeqNo != 8 {
				t.Errorf("caller's request left at CSeq %d, want the last one sent (8)", req.CSeq().SeqNo)
			}
			if retry.CallID().Value() != "call-1" {
				t.Errorf("retry Call-ID %q", retry.CallID().Value())
			}
			if tag, _ := retry.From().Params.Get("tag"); tag != "ftag" {
				t.Errorf("retry From tag %q, want the first request's", tag)
			}
			if b1, b2 := first.Via().Params, retry.Via().Params; b1.String() == b2.String() {
				t.Errorf("retry reused the first request's Via branch")
			}
			if retry.Transport() != "udp" || retry.Destination() != "192.0.2.1:5060" {
				t.Errorf("retry leaves by %s to %s, want udp to 192.0.2.1:5060", retry.Transport(), retry.Destination())
			}
			if n := len(retry.GetHeaders("Contact")); n != 1 {
				t.Errorf("retry has %d Contact headers", n)
			}
		})
	}
}

func TestDoChallengeFailures(t *testing.T) {
	tests := []struct {
		name     string
		cred     Credentials
		script   []step
		why      ChallengeFailure
		sent     int
		inErrors []string
	}{
		{"wrong password twice", Credentials{Username: "alice", Password: "wrong"},
			[]step{{code: 401, challenges: []string{"MD5"}}, {code: 401, challenges: []string{"MD5"}}},
			CredentialsSent, 2, []string{"wrong username or password", `"alice"`, "401"}},
		{"no password", Credentials{Username: "alice"},
			[]step{{code: 407, challenges: []string{"MD5"}}}, NoPassword, 1, []string{"password is empty", "407"}},
		{"only unsupported algorithms", alice,
			[]step{{code: 401, challenges: []string{"MD5-sess"}}}, Unusable, 1, []string{"without a usable digest challenge"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			far := &farEnd{t: t, password: "secret", script: tt.script}
			res, err := Do(context.Background(), far, register(1), tt.cred)
			var ce *ChallengeError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ChallengeError", err)
			}
			if ce.Why != tt.why || res == nil || ce.Response != res || !IsChallenge(res) {
				t.Errorf("Why %d, response %v; want %d and the challenge", ce.Why, res, tt.why)
			}
			if len(far.got) != tt.sent {
				t.Errorf("%d requests sent, want %d", len(far.got), tt.sent)
			}
			for _, s := range tt.inErrors {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not name %q", err, s)
				}
			}
		})
	}
}

func TestDoNoAnswerIsAnError(t *testing.T) {
	far := &farEnd{t: t, script: []step{{nilNil: true}}}
	res, err := Do(context.Background(), far, register(1), alice)
	if res != nil || !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("Do = %v, %v; want ErrNoAnswer", res, err)
	}
	// Also after answering a challenge.
	far = &farEnd{t: t, password: "secret", script: []step{{code: 401, challenges: []string{"MD5"}}, {nilNil: true}}}
	if _, err := Do(context.Background(), far, register(1), alice); !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("retry without answer: %v, want ErrNoAnswer", err)
	}
}

func TestDoTransportError(t *testing.T) {
	boom := errors.New("connection refused")
	c := ClientFunc(func(context.Context, *sip.Request) (*sip.Response, error) { return nil, boom })
	if _, err := Do(context.Background(), c, register(1), alice); !errors.Is(err, boom) {
		t.Fatalf("error %v, want the transport's", err)
	}
}

// A dialog session adds its route set and CSeq to what it sends: the retry must start from the
// request as built, not from the one the session filled in.
func TestDoRetryInDialogStartsFromTheBuiltRequest(t *testing.T) {
	far := &farEnd{t: t, password: "secret", script: []step{{code: 407, challenges: []string{"MD5"}}, {code: 200}}}
	seq := uint32(10)
	dialog := ClientFunc(func(ctx context.Context, req *sip.Request) (*sip.Response, error) {
		if req.CSeq() != nil {
			t.Errorf("in-dialog request arrived with CSeq %d: the dialog assigns it", req.CSeq().SeqNo)
		}
		seq++
		req.AppendHeader(&sip.CSeqHeader{SeqNo: seq, MethodName: req.Method})
		req.AppendHeader(sip.NewHeader("Route", "<sip:proxy.example.com;lr>"))
		return far.Do(ctx, req)
	})
	req := NewRequest(sip.BYE, sip.Uri{Scheme: "sip", User: "bob", Host: "192.0.2.9"}, Field("User-Agent", "test"))
	res, err := Do(context.Background(), dialog, req, alice)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("Do = %v, %v", res, err)
	}
	retry := far.got[1]
	if n := len(retry.GetHeaders("Route")); n != 1 {
		t.Errorf("retry has %d Route headers, want the dialog's one", n)
	}
	if retry.CSeq().SeqNo != 12 {
		t.Errorf("retry CSeq %d, want the dialog's next (12)", retry.CSeq().SeqNo)
	}
	far.check(retry, "Proxy-Authorization")
}

func TestNewRequestOptions(t *testing.T) {
	req := NewRequest(sip.MESSAGE, sip.Uri{Scheme: "sip", User: "bob", Host: "example.com"},
		CallID("c1"), CSeq(3), Route("<sip:p1;lr>", "<sip:p2;lr>"), Field("Event", "presence"), Field("Empty", ""),
		Header(sip.NewHeader("X-A", "1")), Body("text/plain", []byte("hi")), Options(Transport("tcp"), Destination("")))
	var names []string
	for _, h := range req.Headers() {
		names = append(names, h.Name())
	}
	want := "Call-ID,CSeq,Route,Route,Event,X-A,Content-Type,Content-Length"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("headers %s, want %s", got, want)
	}
	if req.CSeq().MethodName != sip.MESSAGE || string(req.Body()) != "hi" || req.Transport() != "tcp" {
		t.Errorf("CSeq %v, body %q, transport %s", req.CSeq(), req.Body(), req.Transport())
	}
	if req.MessageData.Destination() != "" {
		t.Errorf("Destination(\"\") set %q", req.MessageData.Destination())
	}

	res := sip.NewResponseFromRequest(req, 200, "OK", nil)
	res.AppendHeader(sip.NewHeader("Record-Route", "<sip:a;lr>"))
	res.AppendHeader(sip.NewHeader("Record-Route", "<sip:b;lr>"))
	if got := strings.Join(RouteSet(res), ","); got != "<sip:b;lr>,<sip:a;lr>" {
		t.Errorf("RouteSet = %s", got)
	}
}

// scriptedTx is a client transaction that delivers the given responses, then ends with err.
type scriptedTx struct {
	res  chan *sip.Response
	done chan struct{}
	err  error
}

func newScriptedTx(err error, codes ...int) *scriptedTx {
	tx := &scriptedTx{res: make(chan *sip.Response, len(codes)), done: make(chan struct{}), err: err}
	req := NewRequest(sip.PRACK, sip.Uri{Scheme: "sip", Host: "192.0.2.9"}, CSeq(2))
	for _, c := range codes {
		tx.res <- sip.NewResponseFromRequest(req, c, "", nil)
	}
	if len(codes) == 0 {
		close(tx.done)
	}
	return tx
}

func (tx *scriptedTx) Terminate()                             {}
func (tx *scriptedTx) OnTerminate(sip.FnTxTerminate) bool     { return true }
func (tx *scriptedTx) Done() <-chan struct{}                  { return tx.done }
func (tx *scriptedTx) Err() error                             { return tx.err }
func (tx *scriptedTx) Responses() <-chan *sip.Response        { return tx.res }
func (tx *scriptedTx) OnRetransmission(sip.FnTxResponse) bool { return true }

// Final skips provisional answers, and names the method when the transaction ends without one.
func TestFinal(t *testing.T) {
	res, err := Final(context.Background(), newScriptedTx(nil, 100, 183, 403), sip.PRACK)
	if err != nil || res.StatusCode != 403 {
		t.Errorf("Final = %v, %v; want the 403", res, err)
	}
	timeout := errors.New("timer F")
	_, err = Final(context.Background(), newScriptedTx(timeout), sip.BYE)
	if !errors.Is(err, timeout) || !strings.Contains(err.Error(), "BYE") {
		t.Errorf("ended transaction: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tx := newScriptedTx(nil, 100)
	if _, err := Final(ctx, tx, sip.PRACK); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
