package radar

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Record pairs for training: random ones for u, blocked ones for m and the
// share of matches.

// expectedMatches estimates how many of the pairs that share a blocking
// key are matches: the share λ that makes the model's posteriors average
// to λ, times the number of such pairs. Address, place and phone are left
// out: relatives share them, and with them in, every household would
// count as matches.
func expectedMatches(ix *Index, model Model, opt TrainOptions) float64 {
	vectors, fraction := candidatePairs(ix, 4*opt.PairsPerRule, opt.Seed+100)
	if len(vectors) == 0 || fraction == 0 {
		return 0
	}
	ratios := make([]float64, len(vectors)) // P(v | match) / P(v | non-match)
	for i, v := range vectors {
		lr := 0.0
		for f, l := range v {
			if l != Null && !householdField(Field(f)) {
				lv := model.Fields[f].Levels[l]
				lr += math.Log(lv.M / lv.U)
			}
		}
		ratios[i] = math.Exp(min(lr, 700))
	}
	lambda := 0.5
	for range 200 {
		sum := 0.0
		for _, r := range ratios {
			sum += lambda * r / (lambda*r + 1 - lambda)
		}
		next := sum / float64(len(ratios))
		if math.Abs(next-lambda) < 1e-9 {
			lambda = next
			break
		}
		lambda = next
	}
	return lambda * float64(len(vectors)) / fraction
}

// householdField reports whether members of one household usually share
// the field.
func householdField(f Field) bool {
	return f == FieldAddress || f == FieldPlace || f == FieldPhone
}

// candidatePairs compares each record with the records any of its
// blocking keys finds (each pair once), visiting records in random order
// until max pairs are collected. It also returns the share of records
// visited.
func candidatePairs(ix *Index, max int, seed uint64) ([]Vector, float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.n == 0 {
		return nil, 0
	}
	rng := rand.New(rand.NewPCG(seed, 0xca4d))
	order := rng.Perm(ix.n)
	var out []Vector
	var keys []uint64
	var buf []uint32
	for visited, i := range order {
		q := ix.record(uint32(i))
		keys = queryKeys(&q, keys[:0])
		buf = ix.collect(&q, keys, buf[:0])
		for _, j := range buf {
			if int(j) < i {
				c := ix.record(j)
				out = append(out, Compare(&q, &c))
			}
		}
		if len(out) >= max {
			return out, float64(visited+1) / float64(len(order))
		}
	}
	return out, 1
}

// RandomVectors compares n pairs of distinct records drawn at random.
func RandomVectors(ix *Index, n int, seed uint64) []Vector {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	size := ix.n
	if size < 2 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]Vector, 0, n)
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		i, j := rng.IntN(size), rng.IntN(size)
		a, b := ix.record(uint32(i)), ix.record(uint32(j))
		if i == j || a.ID == b.ID && a.ID != 0 {
			continue
		}
		out = append(out, Compare(&a, &b))
	}
	return out
}

// ruleVectors compares the record pairs that share a key in one of the
// given slots (each pair once), visiting records in random order until
// max pairs are collected, with the masked fields set to Null.
func ruleVectors(ix *Index, slots []int, masked []Field, max int, seed uint64) []Vector {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	rng := rand.New(rand.NewPCG(seed, 0xb10c))
	order := rng.Perm(ix.n)
	var out []Vector
	var keys [numSlots]uint64
	var seen []uint32
	for _, i := range order {
		q := ix.record(uint32(i))
		recordKeys(&q, &keys)
		seen = seen[:0]
		for _, slot := range slots {
			// Each record of the block, counted whether removed or not.
			visit := func(j uint32) {
				if len(out) >= max || int(j) >= i || slices.Contains(seen, j) {
					return // each pair once, never a record with itself
				}
				seen = append(seen, j)
				c := ix.record(j)
				v := Compare(&q, &c)
				for _, f := range masked {
					v[f] = Null
				}
				out = append(out, v)
			}
			if slot >= numChained {
				ix.walkBirth(&q, slot, func(j uint32) bool { visit(j); return true })
			} else {
				pos, n := ix.heads.get(keys[slot], ix.keyAt), 0
				for keys[slot] != 0 && pos != 0 && n < ix.maxBlock && len(out) < max {
					j := (pos - 1) / numChained
					pos = ix.next(pos - 1)
					n++
					visit(j)
				}
			}
			if len(out) >= max {
				return out
			}
		}
	}
	return out
}
