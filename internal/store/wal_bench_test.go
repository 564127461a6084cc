package store_test

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/demo/generate"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/store"
)

// BenchmarkIntakeWAL measures what registering a report writes to disk on
// SQLite and where those bytes go. It fills a registry with generated
// families (TOREN_BENCH_PREFILL reports, default 5,000), then registers
// groups of 16 reports (TOREN_BENCH_GROUP; what group commit makes of
// 16 concurrent clients at best)
// through intake's steps with the alert rules and an audit recorder, and
// after each group's commit reads the WAL: every frame is one page the
// commit wrote. At the end each written page is attributed to its table
// or index (the dbstat table), so the log shows which B-trees cost the
// bytes. Resolution is the exact resolver: the radar reads no rows, and
// its writes are the same.
//
// The checkpoints are modelled as well: a checkpoint copies each page the
// WAL holds once, and the file system writes it as a whole block of
// 4 KiB (a page of 2 KiB written alone dirties a block of the page
// cache, /proc/PID/io counts 4 KiB). After every walCheckpointBytes of WAL
// (or TOREN_BENCH_CKPT_MIB) the distinct 4 KiB blocks the pages written
// since the last checkpoint fall in are counted: the WAL plus those blocks
// is what the server's disk writes per report measure. Measure more
// reports (TOREN_BENCH_REPORTS, default 960) to cover several checkpoints.
//
//	go test -run '^$' -bench IntakeWAL -benchtime 1x ./internal/store/
func BenchmarkIntakeWAL(b *testing.B) {
	prefill := 5000
	if v, err := strconv.Atoi(os.Getenv("TOREN_BENCH_PREFILL")); err == nil {
		prefill = v
	}
	group, measured := 16, 960
	if v, err := strconv.Atoi(os.Getenv("TOREN_BENCH_GROUP")); err == nil && v > 0 {
		group = v
	}
	if v, err := strconv.Atoi(os.Getenv("TOREN_BENCH_REPORTS")); err == nil && v > 0 {
		measured = v
	}
	groups := max(1, measured/group)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "toren.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	e, err := escalate.New(escalate.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	steps := intake.Steps{Store: db, Resolver: intaketest.ExactResolver{}, Alerts: alerts.Router{Engine: e, TriageTeam: "Frontoffice"}}
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "api"}}
	actx := audit.WithRecorder(ctx, rec)

	families := (prefill + group*groups) * 2 / 3
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 7, End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	var all []intake.NewReport
	_ = g.Each(func(gr generate.GeneratedReport) error {
		r := gr.Report
		r.RegisteredAt = r.ReceivedAt
		all = append(all, intake.NewReport{Report: &r, IdempotencyKey: intake.ScopedKey("api", "u1", gr.Key), RequestHash: gr.Key})
		return nil
	})
	if len(all) < prefill+group*groups {
		b.Fatalf("generated %d reports, want %d", len(all), prefill+group*groups)
	}
	for i := 0; i < prefill; i += 500 {
		if _, err := steps.Register(intaketest.Audited(actx), all[i:min(i+500, prefill)]...); err != nil {
			b.Fatal(err)
		}
	}
	checkpoint := func() {
		// The store's own checkpointer may hold the checkpoint lock for a
		// moment: try again.
		var busy, frames, copied int
		for range 200 {
			if err := raw.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied); err != nil {
				b.Fatal(err)
			}
			if busy == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if busy != 0 {
			b.Fatal("WAL checkpoint busy: the frames of the next group could not be told apart")
		}
	}
	checkpoint()
	written := map[uint32]int{} // page number → frames written
	frames := 0
	var pageSize int
	// One model per checkpoint interval (TOREN_BENCH_CKPT_MIB=32,128):
	// the blocks dirtied since its last checkpoint, the WAL bytes since
	// then, and the blocks all its checkpoints wrote.
	type ckptModel struct {
		mib                            int
		blocks                         map[uint32]bool
		sinceBytes, sinceFrames, total int
		count                          int
	}
	var models []*ckptModel
	for _, f := range strings.Split(cmp.Or(os.Getenv("TOREN_BENCH_CKPT_MIB"), "32"), ",") {
		if v, err := strconv.Atoi(f); err == nil && v > 0 {
			models = append(models, &ckptModel{mib: v, blocks: map[uint32]bool{}})
		}
	}
	b.ResetTimer()
	for i := range groups {
		at := prefill + i*group
		if _, err := steps.Register(intaketest.Audited(actx), all[at:at+group]...); err != nil {
			b.Fatal(err)
		}
		wal, err := os.ReadFile(path + "-wal")
		if err != nil {
			b.Fatal(err)
		}
		pageSize = int(binary.BigEndian.Uint32(wal[8:12]))
		// A frame belongs to the current WAL when its salts are the header's.
		for off := 32; off+24+pageSize <= len(wal) && string(wal[off+8:off+16]) == string(wal[16:24]); off += 24 + pageSize {
			page := binary.BigEndian.Uint32(wal[off:])
			written[page]++
			frames++
			for _, m := range models {
				m.blocks[(page-1)*uint32(pageSize)/4096] = true
				m.sinceBytes += 24 + pageSize
				m.sinceFrames++
			}
		}
		for _, m := range models {
			if m.sinceBytes >= m.mib<<20 {
				m.total += len(m.blocks)
				m.count++
				clear(m.blocks)
				m.sinceBytes, m.sinceFrames = 0, 0
			}
		}
		checkpoint()
	}
	b.StopTimer()
	n := float64(group * groups)
	walKB := float64(frames*(pageSize+24)) / n / 1024
	b.ReportMetric(walKB, "WAL-KB/report")
	var ckptLine strings.Builder
	for _, m := range models {
		// The reports after the last whole interval are charged at the
		// rate of the intervals before (with none before, with the
		// blocks they dirtied).
		ckptKB := float64(len(m.blocks)) * 4
		if m.count > 0 {
			ckptKB = float64(m.total) * 4 * float64(frames) / float64(frames-m.sinceFrames)
		}
		b.ReportMetric(walKB+ckptKB/n, fmt.Sprintf("disk-KB/report-ckpt%dMiB", m.mib))
		fmt.Fprintf(&ckptLine, "checkpoints every %d MiB (%d modelled): %.1f KB per report, WAL and checkpoints %.1f KB\n", m.mib, m.count, ckptKB/n, walKB+ckptKB/n)
	}
	b.ReportMetric(float64(frames)/n, "pages/report")
	b.ReportMetric(0, "ns/op")

	// Attribute the pages to tables and indexes.
	rows, err := raw.QueryContext(ctx, `SELECT name, pageno FROM dbstat`)
	if err != nil {
		b.Fatal(err)
	}
	byTree := map[string]int{}
	for rows.Next() {
		var name string
		var page uint32
		if err := rows.Scan(&name, &page); err != nil {
			b.Fatal(err)
		}
		byTree[name] += written[page]
		delete(written, page)
	}
	rows.Close()
	for _, c := range written {
		byTree["(free or new)"] += c
	}
	type tree struct {
		name   string
		frames int
	}
	var trees []tree
	for name, c := range byTree {
		if c > 0 {
			trees = append(trees, tree{name, c})
		}
	}
	slices.SortFunc(trees, func(a, b tree) int { return cmp.Compare(b.frames, a.frames) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "registry of %d reports, %d groups of %d, page size %d\n%spages written per report by B-tree\n", prefill, groups, group, pageSize, ckptLine.String())
	for _, t := range trees {
		fmt.Fprintf(&sb, "  %-34s %6.2f pages  %5.1f KB\n", t.name, float64(t.frames)/n, float64(t.frames*(pageSize+24))/n/1024)
	}
	b.Log(sb.String())
}
