package radar

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// DedupResult is the outcome of a batch deduplication.
type DedupResult struct {
	// Cluster holds, per record, the index of the first record of its
	// cluster: records with the same value are one person.
	Cluster []int
	// Links is the number of automatic links made between record pairs.
	Links int
	// Reviews is the number of records that had a candidate for review
	// and no automatic link.
	Reviews int
}

// Dedup finds the persons in a batch of records, such as a registry being
// imported: every record is matched against the records before it, on
// workers goroutines (GOMAXPROCS when workers <= 0), and linked records
// form clusters. Unlike resolving reports one by one, a record is linked to
// every earlier record the rules allow rather than to one person, because
// the earlier records are not clustered yet. Record IDs are ignored.
func Dedup(ctx context.Context, records []Record, model Model, cfg Config, workers int) (DedupResult, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ix := NewIndex(0)
	for i, r := range records {
		r.ID = int64(i)
		ix.Add(r)
	}
	m, err := NewMatcher(ix, model, cfg)
	if err != nil {
		return DedupResult{}, fmt.Errorf("radar dedup: %w", err)
	}
	links := make([][]int32, len(records)) // links[i]: earlier records i is linked to
	reviews := make([]bool, len(records))
	var next atomic.Int64
	var wg sync.WaitGroup
	const chunk = 1024
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				start := int(next.Add(chunk)) - chunk
				if start >= len(records) {
					return
				}
				m.index.mu.RLock()
				for i := start; i < min(start+chunk, len(records)); i++ {
					q := records[i]
					cands := m.match(&q, uint32(i), cfg.MaxCandidates, false)
					for k := range cands {
						if Decide(cands[k:k+1], cfg.Thresholds).Outcome == OutcomeLink {
							links[i] = append(links[i], int32(cands[k].ID))
						}
					}
					reviews[i] = len(links[i]) == 0 && Decide(cands, cfg.Thresholds).Outcome == OutcomeReview
				}
				m.index.mu.RUnlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return DedupResult{}, fmt.Errorf("radar dedup: %w", err)
	}
	res := DedupResult{Cluster: make([]int, len(records))}
	parent := res.Cluster
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, ls := range links {
		for _, j := range ls {
			res.Links++
			a, b := find(i), find(int(j))
			if a != b {
				parent[max(a, b)] = min(a, b) // the root is the first record
			}
		}
		if reviews[i] {
			res.Reviews++
		}
	}
	for i := range parent {
		parent[i] = find(i)
	}
	return res, nil
}
