package phone_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestContactsVCardAndHistoryCSV: contacts with non-ASCII names survive a vCard export and
// import into another phone, and the history CSV opens with the right columns.
func TestContactsVCardAndHistoryCSV(t *testing.T) {
	a := startPhone(t, nil)
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ярослав\r\nN:Ярослав;Zoë;;;\r\nTEL;TYPE=cell:+15551234567\r\n" +
		"TEL;TYPE=work:1002\r\nEMAIL:zoe@example.com\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:João\r\nIMPP:sip:joao@pbx.example.com\r\nEND:VCARD\r\n"
	res, err := http.Post(a.api.URL+"/v1/contacts.vcf", "text/vcard", strings.NewReader(card))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"imported":2`) {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	res, err = http.Get(a.api.URL + "/v1/contacts.vcf")
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := io.ReadAll(res.Body)
	res.Body.Close()

	b := startPhone(t, nil)
	res, err = http.Post(b.api.URL+"/v1/contacts.vcf", "text/vcard", strings.NewReader(string(exported)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = http.Get(b.api.URL + "/v1/contacts?q=" + "ярослав")
	if err != nil {
		t.Fatal(err)
	}
	found, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"Zoë Ярослав", "+15551234567", "1002", "zoe@example.com"} {
		if !strings.Contains(string(found), want) {
			t.Errorf("after the round trip, contact search lacks %q: %s", want, found)
		}
	}
	res, err = http.Get(b.api.URL + "/v1/contacts?q=joao")
	if err != nil {
		t.Fatal(err)
	}
	found, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(found), "João") || !strings.Contains(string(found), "joao@pbx.example.com") {
		t.Errorf("João did not survive the round trip: %s", found)
	}

	// History CSV: a finished echo call, then the export's header and row.
	a.mustPost("call", `{"number":"echo"}`)
	a.mustPost("hangup", `{}`)
	a.waitCDR(callTimeout)
	res, err = http.Get(a.api.URL + "/v1/history?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil {
		t.Fatalf("history CSV does not parse: %v", err)
	}
	want := []string{"start", "direction", "peer", "name", "line", "callid", "connect_ms", "duration_ms", "disparty", "reason", "codec", "recording"}
	if len(rows) < 1 || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Fatalf("CSV header %v, want %v", rows[0], want)
	}
}
