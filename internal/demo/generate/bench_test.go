package generate

import "testing"

// BenchmarkGenerate measures reports per second. One op is a population
// of 2,000 families (about 4,100 reports); allocs/op are per population.
func BenchmarkGenerate(b *testing.B) {
	g := New(Config{Families: 2000, Years: 5, Seed: 1, End: testEnd})
	for _, bm := range []struct {
		name string
		each func(func(GeneratedReport) error) error
	}{
		{"by_family", g.EachFamily},
		{"chronological", g.Each},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if err := bm.each(func(GeneratedReport) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
		})
	}
}
