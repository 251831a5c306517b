package phone

import (
	"testing"
	"time"

	"softphone/phone/control"
	"softphone/phone/media"
)

// TestQualityChanged: the line is published again only when a figure moved meaningfully.
func TestQualityChanged(t *testing.T) {
	base := control.Quality{MOS: 4.2, LossPct: 1, RecentLossPct: 1, JitterMS: 3, RTTMS: 40}
	for _, c := range []struct {
		name string
		edit func(*control.Quality)
		want bool
	}{
		{"same", func(*control.Quality) {}, false},
		{"tiny moves", func(q *control.Quality) { q.MOS, q.LossPct, q.JitterMS, q.RTTMS = 4.15, 1.3, 4.5, 45 }, false},
		{"MOS", func(q *control.Quality) { q.MOS = 4.1 }, true},
		{"loss", func(q *control.Quality) { q.LossPct = 1.5 }, true},
		{"recent loss", func(q *control.Quality) { q.RecentLossPct = 3 }, true},
		{"jitter", func(q *control.Quality) { q.JitterMS = 5 }, true},
		{"RTT", func(q *control.Quality) { q.RTTMS = 52 }, true},
		{"RTT lost", func(q *control.Quality) { q.RTTMS = 0 }, true},
		{"peer report", func(q *control.Quality) { q.RemoteKnown = true }, true},
	} {
		b := base
		c.edit(&b)
		if got := qualityChanged(base, b); got != c.want {
			t.Errorf("%s: qualityChanged = %v, want %v", c.name, got, c.want)
		}
	}
	if !qualityChanged(control.Quality{}, base) {
		t.Error("the first figures are not published")
	}
}

func TestControlQuality(t *testing.T) {
	q := controlQuality(media.Quality{MOS: 4.40929, LossPct: 5.0251, Jitter: 3456 * time.Microsecond,
		RTT: 20 * time.Microsecond, RTTKnown: true, Sent: 9, Received: 8, Lost: 1})
	want := control.Quality{MOS: 4.41, LossPct: 5.03, JitterMS: 3.5, RTTMS: 0.1, Sent: 9, Received: 8, Lost: 1}
	if q != want {
		t.Errorf("controlQuality = %+v, want %+v", q, want)
	}
	if q := controlQuality(media.Quality{MOS: 4}); q.RTTMS != 0 {
		t.Errorf("unknown RTT shown as %v ms", q.RTTMS)
	}
}
