package radar

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// registry is a synthetic registry with reports to resolve against it,
// built once per test binary and size and shared by the benchmarks.
type registry struct {
	once    sync.Once
	people  []Input
	index   *Index
	matcher *Matcher
	reports [][]Record
	build   time.Duration // building the index: Toren's start-up cost at this size
	heap    uint64        // heap held after the build
}

var registries sync.Map // size -> *registry

func loadRegistry(b *testing.B, size int) *registry {
	v, _ := registries.LoadOrStore(size, &registry{})
	r := v.(*registry)
	r.once.Do(func() {
		s := newSynth(1)
		r.people = s.inputs(size)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		r.index = NewIndex(0)
		for _, in := range r.people {
			r.index.Add(NewRecord(in))
		}
		r.build = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		r.heap = after.HeapAlloc - before.HeapAlloc
		var err error
		r.matcher, err = NewMatcher(r.index, DefaultModel(), DefaultConfig())
		if err != nil {
			panic(err)
		}
		// Reports of four persons: two known (as a reporter describes
		// them), two new.
		strangers := newSynth(2).inputs(2000)
		for k := 0; k < 1000; k++ {
			rep := []Record{
				NewRecord(s.mention(r.people[s.rng.IntN(len(r.people))])),
				NewRecord(s.mention(r.people[s.rng.IntN(len(r.people))])),
				NewRecord(s.mention(strangers[2*k])),
				NewRecord(s.mention(strangers[2*k+1])),
			}
			r.reports = append(r.reports, rep)
		}
	})
	if r.index == nil {
		b.Fatal("registry not built")
	}
	return r
}

// BenchmarkResolveReport1M resolves reports of four persons against a
// registry of 1,000,000. One op is one report; p99-ns/report is the 99th
// percentile of single reports. Run with GOMAXPROCS=1 for the single-core
// figure.
func BenchmarkResolveReport1M(b *testing.B) { benchResolveReport(b, 1_000_000) }

// BenchmarkResolveReport10M is the same against 10,000,000 persons. It
// needs about 6 GB of memory and several minutes to build, so it runs only
// when TOREN_BENCH_10M=1.
func BenchmarkResolveReport10M(b *testing.B) {
	if os.Getenv("TOREN_BENCH_10M") != "1" {
		b.Skip("set TOREN_BENCH_10M=1 to build a registry of 10,000,000 persons")
	}
	benchResolveReport(b, 10_000_000)
}

func benchResolveReport(b *testing.B, size int) {
	r := loadRegistry(b, size)
	cands := 0
	for _, rep := range r.reports {
		for _, q := range rep {
			cands += len(r.index.Candidates(q))
		}
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for _, q := range r.reports[i%len(r.reports)] {
			r.matcher.Resolve(q)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns/report")
	b.ReportMetric(float64(cands)/float64(4*len(r.reports)), "candidates/person")
	b.ReportMetric(r.build.Seconds(), "s-index-build")
	b.ReportMetric(float64(r.heap)/(1<<20), "MB-index")
}

// BenchmarkIndexMemory reports the heap the index holds per person (heap
// in use after a garbage collection, less the heap before the build,
// divided by the persons), at 200,000 persons (quick) and 1,000,000.
// The generated input is alive before and after, so it does not count.
// Every household of two or more is a family named together in a report
// (Record.Family, as radarsvc loads it from the reports).
func BenchmarkIndexMemory(b *testing.B) {
	for _, n := range []int{200_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			people := newSynth(3).inputs(n)
			families := householdFamilies(people)
			for i := 0; i < b.N; i++ {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				ix := NewIndex(0)
				for j, in := range people {
					r := NewRecord(in)
					if families[j] != 0 {
						r.Family, r.NamedWith = families[j], true
					}
					ix.Add(r)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "B/person")
				runtime.KeepAlive(ix)
				runtime.KeepAlive(people)
			}
		})
	}
}

// householdFamilies returns the family label of each person of the
// synthetic registry: the id of the first of their household (the
// generator writes a household's members one after another, at one
// address with one surname), or 0 for a household of one.
func householdFamilies(people []Input) []uint32 {
	out := make([]uint32, len(people))
	same := func(a, b *Input) bool {
		return a.Postcode == b.Postcode && a.HouseNumber == b.HouseNumber && a.Surname == b.Surname
	}
	for lo := 0; lo < len(people); {
		hi := lo + 1
		for hi < len(people) && same(&people[lo], &people[hi]) {
			hi++
		}
		if hi-lo > 1 {
			for j := lo; j < hi; j++ {
				out[j] = uint32(people[lo].ID)
			}
		}
		lo = hi
	}
	return out
}

// BenchmarkDedup1M deduplicates 1,000,000 records (900,000 persons in
// households plus 100,000 of them reported again, with typos and gaps) on
// two workers, and reports pairwise precision and recall against the
// truth. Run with -benchtime=1x.
func BenchmarkDedup1M(b *testing.B) { benchDedup(b, 900_000, 100_000) }

// BenchmarkDedup200k is BenchmarkDedup1M at a fifth of the size.
func BenchmarkDedup200k(b *testing.B) { benchDedup(b, 180_000, 20_000) }

func benchDedup(b *testing.B, persons, again int) {
	s := newSynth(4)
	people := s.inputs(persons)
	recs := make([]Record, 0, persons+again)
	truth := make([]int, 0, persons+again)
	for i, in := range people {
		recs = append(recs, NewRecord(in))
		truth = append(truth, i)
	}
	for len(recs) < persons+again {
		j := s.rng.IntN(len(people))
		recs = append(recs, NewRecord(s.mention(people[j])))
		truth = append(truth, j)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Dedup(context.Background(), recs, DefaultModel(), DefaultConfig(), 2)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		p, r := pairQuality(res.Cluster, truth)
		b.ReportMetric(p, "precision")
		b.ReportMetric(r, "recall")
		b.ReportMetric(float64(res.Reviews)/float64(len(recs)), "review-share")
		b.StartTimer()
	}
}

// pairQuality returns the pairwise precision and recall of a clustering.
func pairQuality(cluster, truth []int) (precision, recall float64) {
	pairs := func(groups map[[2]int]int) int {
		n := 0
		for _, c := range groups {
			n += c * (c - 1) / 2
		}
		return n
	}
	found, both, want := map[[2]int]int{}, map[[2]int]int{}, map[[2]int]int{}
	for i := range cluster {
		found[[2]int{cluster[i], 0}]++
		both[[2]int{cluster[i], truth[i]}]++
		want[[2]int{truth[i], 0}]++
	}
	tp := pairs(both)
	return float64(tp) / float64(max(pairs(found), 1)), float64(tp) / float64(max(pairs(want), 1))
}
