package presence

import "testing"

func BenchmarkParsePIDF(b *testing.B) {
	body := readSample(b, "pidf", "kamailio_aggregated.xml")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePIDF(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildPIDF(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = BuildPIDF("sip:alice@example.com", DND, "In a meeting until 3")
	}
}

func BenchmarkParseDialogInfo(b *testing.B) {
	body := readSample(b, "dialog", "rfc4235_confirmed.xml")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDialogInfo(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMessageSummary(b *testing.B) {
	body := []byte("Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\nFax-Message: 1/0\r\n")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMessageSummary(body); err != nil {
			b.Fatal(err)
		}
	}
}
