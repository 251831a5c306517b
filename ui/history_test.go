package ui

import (
	"bytes"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

var calls = []control.Call{
	{ID: 3, Peer: "2222", PeerName: "Katie", Direction: control.DirectionIncoming, Missed: true},
	{ID: 2, Peer: "3333", Direction: control.DirectionOutgoing, Connected: time.Unix(1, 0), DurationMS: 65000},
	{ID: 1, Peer: "4444", Direction: control.DirectionIncoming, Connected: time.Unix(1, 0), DurationMS: 1000},
}

// withCalls is a harness whose fake holds calls, with the History tab shown and loaded.
func withCalls(t *testing.T, cs ...control.Call) (*harness, *historyTab) {
	t.Helper()
	h := newHarness(t, configured)
	h.fake.fakeSocial.mu.Lock()
	h.fake.calls = cs
	h.fake.fakeSocial.mu.Unlock()
	h.w.social.show(2)
	h.w.social.history.load()
	h.settle()
	return h, h.w.social.history
}

func TestCallBackFromHistory(t *testing.T) {
	h, ht := withCalls(t, calls...)
	ht.list.Select(1)
	test.Tap(ht.callBack)
	h.settle()
	assertCommands(t, h.fake, "Call 3333")
}

func TestHistoryFilter(t *testing.T) {
	tests := []struct {
		filter string
		want   []int64
		empty  string
	}{
		{"All calls", []int64{3, 2, 1}, ""},
		{"Missed", []int64{3}, ""},
		{"Incoming", []int64{3, 1}, ""},
		{"Outgoing", []int64{2}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			h, ht := withCalls(t, calls...)
			ht.filter.SetSelected(tt.filter)
			h.settle()
			var got []int64
			for _, c := range ht.calls {
				got = append(got, c.ID)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) || visibleText(ht.empty) != tt.empty {
				t.Fatalf("%s shows %v (empty %q), want %v", tt.filter, got, visibleText(ht.empty), tt.want)
			}
		})
	}
}

func TestHistoryEmptyStates(t *testing.T) {
	h, ht := withCalls(t)
	if got := visibleText(ht.empty); got != "No calls yet." {
		t.Fatalf("empty history says %q", got)
	}
	ht.filter.SetSelected("Missed")
	h.settle()
	if got := visibleText(ht.empty); got != "No missed calls." {
		t.Fatalf("no missed calls says %q", got)
	}
}

func TestAddCallerToContacts(t *testing.T) {
	h, ht := withCalls(t, calls...)
	ht.list.Select(0)
	test.Tap(ht.addTo)
	f := h.w.social.contacts.form
	if h.w.tabs.Selected() != h.w.social.items[0] || !f.content.Visible() {
		t.Fatal("Add did not open the contact form")
	}
	if got := f.name.Text + " " + f.numbers[0].value.Text; got != "Katie 2222" {
		t.Fatalf("form prefilled with %q, want Katie 2222", got)
	}
}

func TestHistoryReloadsAfterCall(t *testing.T) {
	h, ht := withCalls(t)
	h.fake.fakeSocial.mu.Lock()
	h.fake.calls = calls[:1]
	h.fake.fakeSocial.mu.Unlock()
	h.push(control.Event{Kind: control.KindCDR, CDR: &control.CDR{Peer: "2222"}})
	if len(ht.calls) != 1 || ht.empty.Visible() {
		t.Fatalf("history shows %d calls after a CDR, want 1", len(ht.calls))
	}
}

func TestExportHistoryCSV(t *testing.T) {
	h, ht := withCalls(t, calls...)
	out := &memFile{uri: storage.NewFileURI("/tmp/history.csv")}
	h.w.social.dlg.save = func(name string, done func(fyne.URIWriteCloser, error)) {
		if name != "history.csv" {
			t.Errorf("save dialog suggests %q", name)
		}
		done(out, nil)
	}
	test.Tap(ht.export)
	h.settle()
	assertCommands(t, h.fake, "ExportHistoryCSV")
	if got := out.String(); got != "2222,2\n3333,1\n4444,2\n" || !out.closed {
		t.Fatalf("wrote %q (closed %v)", got, out.closed)
	}
	if got := visibleText(ht.status); got != "History exported to history.csv." {
		t.Fatalf("status = %q", got)
	}
}

func TestVCardImportExport(t *testing.T) {
	h, ct := withContacts(t, alice)
	in := &memFile{uri: storage.NewFileURI("/tmp/in.vcf")}
	in.WriteString("BEGIN:VCARD\nFN:Eve\nEND:VCARD\nBEGIN:VCARD\nFN:Frank\nEND:VCARD\n")
	h.w.social.dlg.open = func(ext string, done func(fyne.URIReadCloser, error)) { done(in, nil) }
	test.Tap(ct.vcardIn)
	h.settle()
	if got := names(ct); got != "[Alice Eve Frank]" || visibleText(ct.status) != "Imported 2 contacts." || !in.closed {
		t.Fatalf("after import: %s, status %q, closed %v", got, visibleText(ct.status), in.closed)
	}
	out := &memFile{uri: storage.NewFileURI("/tmp/out.vcf")}
	h.w.social.dlg.save = func(string, func(fyne.URIWriteCloser, error)) {} // cancelled: nothing
	test.Tap(ct.vcardOut)
	h.w.social.dlg.save = func(_ string, done func(fyne.URIWriteCloser, error)) { done(out, nil) }
	test.Tap(ct.vcardOut)
	h.settle()
	if !bytes.Contains(out.Bytes(), []byte("FN:Frank")) || !out.closed {
		t.Fatalf("export wrote %q", out.String())
	}
}

func TestNoDatabase(t *testing.T) {
	a := test.NewTempApp(t)
	q := &uiQueue{}
	c := struct{ Controller }{newFakeController(configured)} // calls only: no control.Social
	vm := NewViewModel(c, WithDispatcher(q.add), WithWorker(q.add))
	w := newWindow(a, vm, Options{})
	t.Cleanup(w.Close)
	q.drain()
	for _, item := range w.social.items {
		if findLabel(item.Content) != noDatabaseText {
			t.Fatalf("%s tab does not say it needs a database", item.Text)
		}
	}
}

// findLabel returns the text of the first label in obj.
func findLabel(obj fyne.CanvasObject) string {
	for _, o := range test.LaidOutObjects(obj) {
		if l, ok := o.(*widget.Label); ok {
			return l.Text
		}
	}
	return ""
}

// memFile is a file picked in a file dialog, in memory.
type memFile struct {
	bytes.Buffer
	uri    fyne.URI
	closed bool
}

func (m *memFile) URI() fyne.URI { return m.uri }
func (m *memFile) Close() error  { m.closed = true; return nil }
