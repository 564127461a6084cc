package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/radar"
	"toren/internal/radar/febrl"
	"toren/internal/toren"
)

const radarSynopsis = "radar eval [--train] FILE [FILE2] | radar eval --generated FAMILIES [--seed S] [--max-block N]"

func runRadar(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "eval" {
		fs := newFlags(env, "radar", radarSynopsis)
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	fs := newFlags(env, "radar eval", radarSynopsis)
	train := fs.Bool("train", false, "learn the weights from the data first (EM; the true identities are not used)")
	generated := fs.Int("generated", 0, "evaluate on the synthetic generator's reports for this many families instead of files")
	seed := fs.Uint64("seed", 1, "seed of the synthetic generator")
	years := fs.Int("years", 10, "years of synthetic history")
	maxBlock := fs.Int("max-block", 0, "records read per blocking key (0: the radar's default; the server reads 20)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *maxBlock < 0 {
		return fmt.Errorf("--max-block must be 0 or more, got %d", *maxBlock)
	}
	opt := febrl.DefaultOptions()
	opt.Train = *train
	opt.MaxBlock = *maxBlock
	var res febrl.Result
	var err error
	switch {
	case *generated > 0 && fs.NArg() == 0:
		res, err = evalGenerated(ctx, *generated, *years, *seed, opt)
	case *generated == 0 && (fs.NArg() == 1 || fs.NArg() == 2):
		var files [][]febrl.Row
		for _, path := range fs.Args() {
			rows, err := febrl.LoadFile(path)
			if err != nil {
				return err
			}
			files = append(files, rows)
		}
		res, err = febrl.Evaluate(ctx, files, opt)
	default:
		fs.Usage()
		return errUsage
	}
	if err != nil {
		return err
	}
	w := env.Stdout
	fmt.Fprintf(w, "mode %s: %d records\n", res.Mode, res.Records)
	fmt.Fprintf(w, "automatic links %d, review %d (%.2f%% of records, %d of them the same person), new persons %d\n",
		res.Links, res.Reviews, 100*res.ReviewShare, res.ReviewsTrue, res.New)
	fmt.Fprintf(w, "pairs: true %d, linked %d, correct %d, false %d\n", res.TruePairs, res.Found, res.TruePositives, res.FalsePositives)
	fmt.Fprintf(w, "precision %.4f, recall %.4f, F1 %.4f; recall if reviewers decide correctly %.4f\n", res.Precision, res.Recall, res.F1, res.RecallReviewed)
	reasons := make([]string, 0, len(res.Reasons))
	for r := range res.Reasons {
		reasons = append(reasons, string(r))
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(w, "  %-28s %d\n", r, res.Reasons[radar.Reason(r)])
	}
	line, err := json.Marshal(struct {
		Precision      float64 `json:"precision"`
		Recall         float64 `json:"recall"`
		F1             float64 `json:"f1"`
		RecallReviewed float64 `json:"recall_reviewed"`
		Records        int     `json:"records"`
		Seconds        float64 `json:"seconds"`
		ReviewShare    float64 `json:"review_share"`
		Mode           string  `json:"mode"`
		Trained        bool    `json:"trained"`
	}{res.Precision, res.Recall, res.F1, res.RecallReviewed, res.Records, res.Seconds, res.ReviewShare, res.Mode, opt.Train})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, string(line))
	return nil
}

// evalGenerated scores the matcher on every person named in the synthetic
// reports, in order of receipt, against the generator's true identities.
func evalGenerated(ctx context.Context, families, years int, seed uint64, opt febrl.Options) (febrl.Result, error) {
	g := generate.New(generate.Config{Families: families, Years: years, Seed: seed, End: time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)})
	var recs []radar.Record
	var truth []string
	var report []int
	var family []bool
	n := 0
	err := g.Each(func(gr generate.GeneratedReport) error {
		on := toren.DateOf(gr.Report.ReceivedAt.In(toren.Amsterdam))
		for i, m := range gr.Report.Persons {
			recs = append(recs, radar.FromMention(m, on))
			truth = append(truth, strconv.FormatInt(gr.TrueIDs[i], 10))
			report = append(report, n)
			family = append(family, radar.FamilyRole(m.Role))
		}
		n++
		return nil
	})
	if err != nil {
		return febrl.Result{}, fmt.Errorf("generate: %w", err)
	}
	if opt.Train {
		return febrl.Result{}, fmt.Errorf("--train is for FEBRL files; the generated evaluation uses the default weights")
	}
	opt.Family = func(i int) bool { return family[i] }
	opt.Registry = true // one record per person, enriched by each link, as intake keeps it
	return febrl.EvaluateReports(ctx, recs, truth, report, opt)
}
