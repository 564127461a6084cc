package radar

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/toren"
)

// dutchRegistry is a registry of the generator's synthetic Dutch persons
// (real surname frequencies, the naming traditions of the generator), one
// record per true person as intake stores it: the first mention of them.
type dutchRegistry struct {
	once    sync.Once
	index   *Index
	matcher *Matcher
	heap    uint64
}

var dutchRegistries sync.Map // size -> *dutchRegistry

var growthEnd = time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)

// generatedMentions calls fn with the generator's mentions, family by
// family, until fn returns false.
func generatedMentions(b *testing.B, families int, seed uint64, fn func(r Record, trueID int64) bool) {
	g := generate.New(generate.Config{Families: min(families, generate.MaxFamilies), Years: 10, Seed: seed, End: growthEnd})
	stop := errors.New("enough")
	err := g.EachFamily(func(gr generate.GeneratedReport) error {
		on := toren.DateOf(gr.Report.ReceivedAt.In(toren.Amsterdam))
		for i, m := range gr.Report.Persons {
			r := FromMention(m, on)
			r.ID = 0
			if !fn(r, gr.TrueIDs[i]) {
				return stop
			}
		}
		return nil
	})
	if err != nil && err != stop {
		b.Fatal(err)
	}
}

func loadDutchRegistry(b *testing.B, size int) *dutchRegistry {
	v, _ := dutchRegistries.LoadOrStore(size, &dutchRegistry{})
	d := v.(*dutchRegistry)
	d.once.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d.index = NewIndex(growthMaxBlock)
		seen := make(map[int64]bool, size)
		generatedMentions(b, size, 42, func(r Record, id int64) bool {
			if !seen[id] {
				seen[id] = true
				r.ID = id
				d.index.Add(r)
			}
			return len(seen) < size
		})
		runtime.GC()
		runtime.ReadMemStats(&after)
		d.heap = after.HeapAlloc - before.HeapAlloc
		var err error
		if d.matcher, err = NewMatcher(d.index, DefaultModel(), DefaultConfig()); err != nil {
			panic(err)
		}
	})
	return d
}

// growthMaxBlock is the cap the server's resolver sets
// (radarsvc.DefaultMaxBlock).
const growthMaxBlock = 20

// BenchmarkMatchGrowth matches mentions of new families (another seed:
// what `toren bench intake` posts) against registries of 10,000, 100,000
// and 1,000,000 generated Dutch persons and reports the time and the
// records scored per mention, so that the growth with the registry shows
// as a ratio within one run. cpu-ns/op is the process's CPU time per
// match (run with GOMAXPROCS=1 so that it is the match's). The 1,000,000 registry takes a minute or two
// to build and about 400 MB; -short stops at 100,000.
func BenchmarkMatchGrowth(b *testing.B) {
	var queries []Record
	generatedMentions(b, 2000, 7, func(r Record, _ int64) bool {
		queries = append(queries, r)
		return len(queries) < 4000
	})
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		if testing.Short() && n > 100_000 {
			continue
		}
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			d := loadDutchRegistry(b, n)
			scored := 0
			for _, q := range queries {
				scored += d.matcher.scoredFor(&q)
			}
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				d.matcher.Match(queries[i%len(queries)])
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(scored)/float64(len(queries)), "scored/mention")
			b.ReportMetric(float64(d.heap)/float64(d.index.Len()), "B/person")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine the benchmark's wall time says more about the others.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// scoredFor returns how many registry records a match of q compares and
// weighs in full.
func (m *Matcher) scoredFor(q *Record) int {
	m.index.mu.RLock()
	defer m.index.mu.RUnlock()
	return len(m.scoreShared(q, uint32(m.index.n), new(scratch)))
}
