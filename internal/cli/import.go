package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"toren/internal/app"
	"toren/internal/config"
	"toren/internal/importer"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "import", "import --kind police [--db sqlite:PATH|postgres://...] [--format csv|jsonl] [--encoding windows-1252] FILE")
	flags := config.NewFlags(fs, config.Import, env.Getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	if cfg.Import.Kind != "police" || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	enc, err := importer.ParseEncoding(cfg.Import.Encoding)
	if err != nil {
		fmt.Fprintf(env.Stderr, "toren import: --encoding: %v\n", err)
		return errUsage
	}
	opts := importer.Options{BatchSize: cfg.Import.Batch, Bad: env.Stdout, Encoding: enc}
	if cfg.Import.Format != "" {
		f, err := importer.ParseFormat(cfg.Import.Format)
		if err != nil {
			return err
		}
		opts.Format = f
	}
	a, err := app.New(ctx, cfg, cfg.Logger(env.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	// The operator at the console registers the file's reports
	// (authz.ConsoleActions): audited like any other, in their
	// transaction, naming the file.
	ctx, actor := consoleAdmin(ctx, env, "cli:toren import "+cfg.Import.Kind+" "+cfg.Import.Path)
	if opts.Format == "" {
		if opts.Format, err = importer.DetectFormat(cfg.Import.Path); err != nil {
			return err
		}
	}
	f, err := os.Open(cfg.Import.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	in := &countingReader{r: f}
	progress := newImportProgress(env.Stderr, in, size)
	opts.Progress = progress.update
	sum, err := importer.Import(ctx, actor, a.Intake(), in, opts)
	progress.done()
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
