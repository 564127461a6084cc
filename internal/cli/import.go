package cli

import (
	"context"
	"fmt"
	"time"
	"toren/internal/audit"

	"toren/internal/importer"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "import", "import --kind police [--db sqlite:PATH|postgres://...] [--format csv|jsonl] [--encoding windows-1252] FILE")
	kind := fs.String("kind", "", "kind of file: police")
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database (env TOREN_DB)")
	format := fs.String("format", "", "csv or jsonl (default: from the file name's extension)")
	encoding := fs.String("encoding", "utf-8", "character encoding of the file: utf-8, windows-1252, iso-8859-1 or utf-16")
	batch := fs.Int("batch", 1000, "reports stored per transaction")
	radarThresholds := radarFlags(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	thresholds, err := radarThresholds()
	if err != nil {
		return err
	}
	if *kind != "police" || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	enc, err := importer.ParseEncoding(*encoding)
	if err != nil {
		fmt.Fprintf(env.Stderr, "toren import: --encoding: %v\n", err)
		return errUsage
	}
	opts := importer.Options{BatchSize: *batch, Bad: env.Stdout, Encoding: enc}
	if *format != "" {
		f, err := importer.ParseFormat(*format)
		if err != nil {
			return err
		}
		opts.Format = f
	}
	log := newLogger(env, env.Stderr)
	a, err := openApp(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer a.Close()
	a.thresholds = thresholds
	if err := a.useRadar(ctx); err != nil {
		return err
	}
	start := time.Now()
	// Imported reports are audited like any other, in their transaction.
	ctx = audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "toren import " + *kind,
		Role: "import", Origin: "cli:" + fs.Arg(0)}})
	sum, err := importer.ImportFile(ctx, a.intake, fs.Arg(0), opts)
	fmt.Fprintf(env.Stdout, "%d rows read: %d stored, %d already imported, %d refused (%s)\n",
		sum.Rows, sum.Stored, sum.Skipped, sum.Bad, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return err
	}
	if sum.Bad > 0 {
		return fmt.Errorf("%d rows refused; the other rows were stored", sum.Bad)
	}
	return nil
}
