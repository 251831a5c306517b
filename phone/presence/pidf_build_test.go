package presence

import (
	"regexp"
	"strings"
	"testing"
)

func TestBuildPIDFRoundTrip(t *testing.T) {
	tests := []struct {
		status   string
		note     string
		want     string // status ParsePIDF reports
		wantNote string
		basic    string
	}{
		{Online, "At my desk", Online, "At my desk", "open"},
		{Away, "Lunch", Away, "Lunch", "open"},
		{DND, "", DND, "", "open"},
		{Offline, "Gone home", Offline, "Gone home", "closed"},
		{Invisible, "secret", Offline, "", "closed"},
		{"away", "", Away, "", "open"},
		{"nonsense", "", Online, "", "open"},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			body := BuildPIDF("sip:alice@example.com", tt.status, tt.note)
			got, err := ParsePIDF(body)
			if err != nil {
				t.Fatalf("ParsePIDF(BuildPIDF): %v\n%s", err, body)
			}
			if got.Status != tt.want || got.Note != tt.wantNote || got.Entity != "sip:alice@example.com" {
				t.Errorf("round trip gave %+v, want status %q note %q\n%s", got, tt.want, tt.wantNote, body)
			}
			if !strings.Contains(string(body), "<basic>"+tt.basic+"</basic>") {
				t.Errorf("body lacks <basic>%s</basic>:\n%s", tt.basic, body)
			}
		})
	}
}

// TestBuildPIDFBaresipCompatible checks our PUBLISH body against the patterns
// baresip's presence module matches (its regular expressions, as found in
// presence.so): a basic element with open/closed and literal rpid: activities.
func TestBuildPIDFBaresipCompatible(t *testing.T) {
	basicRE := regexp.MustCompile(`<basic[ \t]*>([^<]+)</basic[ \t]*>`)
	tests := []struct {
		status  string
		basic   string
		pattern string // rpid element baresip looks for, "" for none
	}{
		{Online, "open", ""},
		{Away, "open", `<rpid:away[ \t]*/>`},
		{DND, "open", `<rpid:busy[ \t]*/>`},
		{Offline, "closed", ""},
		{Invisible, "closed", ""},
	}
	activityRE := regexp.MustCompile(`<rpid:(away|busy|on-the-phone)[ \t]*/>`)
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			body := BuildPIDF("sip:alice@example.com", tt.status, "")
			m := basicRE.FindSubmatch(body)
			if m == nil || string(m[1]) != tt.basic {
				t.Fatalf("basic = %q, want %q\n%s", m, tt.basic, body)
			}
			if tt.pattern == "" {
				if activityRE.Match(body) {
					t.Errorf("unexpected activity in\n%s", body)
				}
				return
			}
			if !regexp.MustCompile(tt.pattern).Match(body) {
				t.Errorf("body does not match %s:\n%s", tt.pattern, body)
			}
		})
	}
}

func TestBuildPIDFEscapes(t *testing.T) {
	entity := `sip:a"b&c@example.com`
	note := "<script>&\"'\x01 Zoë"
	body := BuildPIDF(entity, Online, note)
	if strings.Contains(string(body), "<script>") {
		t.Fatalf("note not escaped:\n%s", body)
	}
	got, err := ParsePIDF(body)
	if err != nil {
		t.Fatalf("ParsePIDF: %v\n%s", err, body)
	}
	if got.Entity != entity {
		t.Errorf("entity %q, want %q", got.Entity, entity)
	}
	// The control character is not allowed in XML and becomes U+FFFD.
	if want := "<script>&\"'\uFFFD Zoë"; got.Note != want {
		t.Errorf("note %q, want %q", got.Note, want)
	}
}

func TestBuildPIDFStableIDs(t *testing.T) {
	a := BuildPIDF("sip:alice@example.com", Away, "x")
	b := BuildPIDF("sip:alice@example.com", Away, "x")
	c := BuildPIDF("sip:bob@example.com", Away, "x")
	if string(a) != string(b) {
		t.Error("same input gave different documents")
	}
	id := regexp.MustCompile(`tuple id="([^"]+)"`)
	if string(id.Find(a)) == string(id.Find(c)) {
		t.Errorf("different entities share tuple id %s", id.Find(a))
	}
}
