package presence

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParsePIDFSamples(t *testing.T) {
	tests := []struct {
		file   string
		entity string
		status string
		note   string
		acts   []string
	}{
		{"baresip_open.xml", "sip:bob@127.0.0.1", Online, "", nil},
		{"baresip_closed.xml", "sip:bob@127.0.0.1", Offline, "", nil},
		{"kamailio_dummy.xml", "sip:carol@127.0.0.1", Online, "Available", nil},
		{"kamailio_aggregated.xml", "sip:dave@127.0.0.1", Away, "On the road", []string{"away"}},
		{"rfc3863_im.xml", "pres:someone@example.com", Busy, "Don't Disturb Please!", []string{"busy"}},
		{"rpid_on_the_phone.xml", "sip:erin@example.com", Speaking, "Call me later", []string{"on-the-phone"}},
		{"rpid_prefixed.xml", "sip:frank@example.com", DND, "", []string{"do not disturb"}},
		{"eyebeam_activity.xml", "sip:gina@example.com", Speaking, "On the phone", []string{"on-the-phone"}},
		{"latin1.xml", "sip:jose@example.com", Offline, "José est parti", nil},
		{"person_only.xml", "sip:hank@example.com", Away, "", []string{"vacation"}},
		{"no_status.xml", "sip:ivy@example.com", Unknown, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParsePIDF(readSample(t, "pidf", tt.file))
			if err != nil {
				t.Fatalf("ParsePIDF: %v", err)
			}
			if got.Entity != tt.entity || got.Status != tt.status || got.Note != tt.note {
				t.Errorf("got entity %q status %q note %q, want %q %q %q",
					got.Entity, got.Status, got.Note, tt.entity, tt.status, tt.note)
			}
			if !slices.Equal(got.Activities, tt.acts) {
				t.Errorf("activities %q, want %q", got.Activities, tt.acts)
			}
		})
	}
}

func TestParsePIDFStatusRules(t *testing.T) {
	doc := func(inner string) []byte {
		return []byte(`<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="sip:x@y">` + inner + `</presence>`)
	}
	tests := []struct {
		name   string
		inner  string
		status string
		note   string
	}{
		{"closed then open: open wins", `<tuple id="a"><status><basic>closed</basic></status><note>off</note></tuple><tuple id="b"><status><basic>open</basic></status><note>on</note></tuple>`, Online, "on"},
		{"open beside a stale unknown", `<tuple id="t"><status><basic>unknown</basic></status></tuple><tuple id="t"><status><basic>open</basic></status></tuple>`, Online, ""},
		{"closed beside a stale unknown", `<tuple id="t"><status><basic>closed</basic></status></tuple><tuple id="t"><status><basic>unknown</basic></status></tuple>`, Offline, ""},
		{"only a value RFC 3863 lacks", `<tuple id="t9"><status><basic>maybe</basic></status></tuple>`, Unknown, ""},
		{"all closed", `<tuple id="a"><status><basic>closed</basic></status></tuple><tuple id="b"><status><basic> closed </basic></status></tuple>`, Offline, ""},
		{"closed ignores activities", `<tuple id="a"><status><basic>closed</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:busy/></rpid:activities></dm:person>`, Offline, ""},
		{"speaking beats away", `<tuple id="a"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:away/><rpid:on-the-phone/></rpid:activities></dm:person>`, Speaking, ""},
		{"dnd beats busy", `<tuple id="a"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:busy/><rpid:other>do-not-disturb</rpid:other></rpid:activities></dm:person>`, DND, ""},
		{"meeting is busy", `<tuple id="a"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:meeting/></rpid:activities></dm:person>`, Busy, ""},
		{"working says nothing", `<tuple id="a"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:activities><rpid:working/></rpid:activities></dm:person>`, Online, ""},
		{"user-input idle is away", `<tuple id="a"><status><basic>open</basic></status></tuple><dm:person id="p"><rpid:user-input>idle</rpid:user-input></dm:person>`, Away, ""},
		{"document note when tuples have none", `<tuple id="a"><status><basic>open</basic></status></tuple><note>doc note</note>`, Online, "doc note"},
		{"first of several notes", `<tuple id="a"><status><basic>open</basic></status><note>one</note><note>two</note></tuple>`, Online, "one"},
		{"markup inside a note keeps its own text", `<tuple id="a"><status><basic>open</basic></status><note>a<b>x</b>c</note></tuple>`, Online, "ac"},
		{"entities decoded", `<tuple id="a"><status><basic>open</basic></status><note>R&amp;D &lt;3</note></tuple>`, Online, "R&D <3"},
		{"tuple under a nested presence element ignored", `<tuple id="a"><status><basic>open</basic></status><presence><tuple id="n"><status><basic>closed</basic></status><note>inner</note></tuple></presence></tuple>`, Online, ""},
		{"long note cut at a rune boundary", `<tuple id="a"><status><basic>open</basic></status><note>x` + strings.Repeat("é", maxText) + `</note></tuple>`, Online, "x" + strings.Repeat("é", (maxText-1)/2)},
		{"nested tuple element ignored", `<tuple id="a"><status><basic>open</basic></status><x><tuple id="n"><status><basic>closed</basic></status></tuple></x></tuple>`, Online, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePIDF(doc(tt.inner))
			if err != nil {
				t.Fatalf("ParsePIDF: %v", err)
			}
			if got.Status != tt.status || got.Note != tt.note || got.Entity != "sip:x@y" {
				t.Errorf("got %+v, want status %q note %q", got, tt.status, tt.note)
			}
		})
	}
}

func TestParsePIDFErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want error
		text string // part of the message naming what was wrong
	}{
		{"empty", "", ErrEmpty, ""},
		{"blank", " \r\n\t", ErrEmpty, ""},
		{"too large", "<presence>" + strings.Repeat(" ", MaxBodySize) + "</presence>", ErrTooLarge, "bytes"},
		{"not xml", "hello", ErrMalformed, "text before the root"},
		{"wrong root", `<dialog-info/>`, ErrMalformed, "root element is <dialog-info>"},
		{"truncated", `<presence entity="a"><tuple id="x"><status><basic>open`, ErrMalformed, "unexpected EOF"},
		{"mismatched tags", `<presence><tuple></status></presence>`, ErrMalformed, "pidf"},
		{"second root", `<presence/><presence/>`, ErrMalformed, "second root"},
		{"trailing text", `<presence/>junk`, ErrMalformed, "text after"},
		{"unknown charset", `<?xml version="1.0" encoding="EBCDIC"?><presence/>`, ErrMalformed, "EBCDIC"},
		{"too deep", "<presence>" + strings.Repeat("<a>", maxDepth) + strings.Repeat("</a>", maxDepth) + "</presence>", ErrMalformed, "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePIDF([]byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err %q does not mention %q", err, tt.text)
			}
		})
	}
}
