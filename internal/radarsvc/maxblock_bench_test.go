package radarsvc_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/radar"
	"toren/internal/radar/febrl"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// BenchmarkMaxBlock resolves the persons of the generator's police reports
// in order against the registry of the earlier ones, per cap on the
// records read per blocking key, and reports the quality against the
// generator's true identities with the time it took: the measurement
// behind DefaultMaxBlock. TOREN_BENCH_FAMILIES sets the households
// (default 20,000; DefaultMaxBlock was set on 150,000).
func BenchmarkMaxBlock(b *testing.B) {
	families := 20_000
	if s := os.Getenv("TOREN_BENCH_FAMILIES"); s != "" {
		var err error
		if families, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)})
	var recs []radar.Record
	var truth []string
	err := g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind != reports.ReporterPolice {
			return nil
		}
		on := toren.DateOf(gr.Report.ReceivedAt.In(toren.Amsterdam))
		for i, m := range gr.Report.Persons {
			recs = append(recs, radar.FromMention(m, on))
			truth = append(truth, strconv.FormatInt(gr.TrueIDs[i], 10))
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, cap := range []int{radar.DefaultMaxBlock, 100, radarsvc.DefaultMaxBlock, 10} {
		b.Run(fmt.Sprint("cap", cap), func(b *testing.B) {
			opt := febrl.DefaultOptions()
			opt.MaxBlock = cap
			var res febrl.Result
			for i := 0; i < b.N; i++ {
				if res, err = febrl.EvaluateRecords(context.Background(), recs, truth, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Records), "mentions")
			b.ReportMetric(res.Precision, "precision")
			b.ReportMetric(res.Recall, "recall")
			b.ReportMetric(res.F1, "F1")
			b.ReportMetric(res.ReviewShare, "review-share")
			b.ReportMetric(1e6*res.Seconds/float64(res.Records), "µs/mention")
		})
	}
}
