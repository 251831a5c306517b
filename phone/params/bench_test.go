package params

import "testing"

func BenchmarkGet(b *testing.B) {
	p := Standard()
	b.ReportAllocs()
	for b.Loop() {
		if p.Get("jitterdelay") != "60" {
			b.Fatal("wrong value")
		}
	}
}

func BenchmarkSet(b *testing.B) {
	p := Standard()
	vals := []string{"2", "3"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := p.Set("lines", vals[i%2], Runtime); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
