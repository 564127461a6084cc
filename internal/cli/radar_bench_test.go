package cli

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/importer"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
)

// writePoliceCSV writes up to rows generated police reports (seed 42) as
// BenchmarkImportPolice does and returns how many it wrote.
func writePoliceCSV(b *testing.B, path string, rows int) int {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := importer.NewCSVWriter(f)
	n := 0
	families := min(rows/2+rows/20, generate.MaxFamilies)
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: time.Now()})
	err = g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind != reports.ReporterPolice || len(gr.Report.Persons) > 6 || gr.Report.Reporter.Relation != "" {
			return nil
		}
		if err := w.Write(&gr.Report); err != nil {
			return err
		}
		n++
		if n == rows {
			return io.EOF
		}
		return nil
	})
	if err != nil && err != io.EOF {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return n
}

// reportLinks reports the share of mentions per link method and the
// review items per mention.
func reportLinks(b *testing.B, db *store.DB) {
	ctx := context.Background()
	_, _, persons, err := db.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	items := 0
	for after := int64(0); ; {
		page, err := db.ListReviewItems(ctx, registry.ReviewFilter{AfterID: after, Limit: 500})
		if err != nil {
			b.Fatal(err)
		}
		items += len(page)
		if len(page) < 500 {
			break
		}
		after = page[len(page)-1].ID
	}
	b.ReportMetric(float64(persons), "persons")
	b.ReportMetric(float64(items), "review-items")
}
