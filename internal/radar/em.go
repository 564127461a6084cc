package radar

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Learning the weights from data, without labels (Fellegi-Sunter with
// expectation maximisation, trained the way Splink does it):
//
//  1. u from random record pairs, nearly all of them different persons;
//  2. m by EM in sessions, one per training blocking rule, over the pairs
//     that rule brings together. Pairs that share a blocking key are not
//     random on the fields in the key (a pair from the birth-date block
//     always agrees on the date, match or not), so each session leaves
//     those fields out and learns the others; a field's m is the mean
//     over the sessions that learnt it. The rules pick pairs where the
//     non-matches are strangers, not relatives (see trainingRules);
//  3. the share of matches among the random pairs is estimated from the
//     birth-date session and taken out of u (it matters in small, heavily
//     duplicated files), and step 2 is repeated with the corrected u.

// TrainOptions configures Train.
type TrainOptions struct {
	// RandomPairs is how many random pairs estimate u (default 200,000).
	RandomPairs int
	// PairsPerRule caps the blocked pairs of each session (default 100,000).
	PairsPerRule int
	// MinCount is how often a level must occur among the random pairs
	// before its u is taken from them rather than from the start model
	// (default 10): an exact national-id agreement never occurs among a
	// few hundred thousand random pairs, and 0 is not a usable u.
	MinCount int
	EM       EMOptions
	Seed     uint64
}

// EMOptions configures TrainEM.
type EMOptions struct {
	MaxIterations int     // default 100
	Tolerance     float64 // stop when no m or u moves more than this (default 1e-5)
	// Strength is how many pairs' worth of the start model each level's
	// estimate is smoothed with (default 10), so a level never seen keeps
	// its reasoned value instead of dropping to zero.
	Strength float64
	// EstimateU also re-estimates u by EM. Off by default: u from random
	// pairs is more robust.
	EstimateU bool
	// Lambda is the starting share of matches among the pairs (default 0.1).
	Lambda float64
}

// EMResult reports one EM run.
type EMResult struct {
	Rule       string  `json:"rule,omitempty"`
	Iterations int     `json:"iterations"`
	Converged  bool    `json:"converged"`
	Lambda     float64 `json:"lambda"` // share of matches among the pairs
	Pairs      int     `json:"pairs"`
}

// TrainReport reports a Train run.
type TrainReport struct {
	RandomPairs int `json:"random_pairs"`
	// MatchShare is the estimated share of matches among random pairs.
	MatchShare float64    `json:"match_share"`
	Sessions   []EMResult `json:"sessions"`
}

func (o *TrainOptions) defaults() {
	if o.RandomPairs <= 0 {
		o.RandomPairs = 200_000
	}
	if o.PairsPerRule <= 0 {
		o.PairsPerRule = 100_000
	}
	if o.MinCount <= 0 {
		o.MinCount = 10
	}
}

func (o *EMOptions) defaults() {
	if o.MaxIterations <= 0 {
		o.MaxIterations = 100
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 1e-5
	}
	if o.Strength <= 0 {
		o.Strength = 10
	}
	if o.Lambda <= 0 || o.Lambda >= 1 {
		o.Lambda = 0.1
	}
}

// trainingRule is a blocking rule for one EM session and the fields it
// cannot learn.
type trainingRule struct {
	name   string
	slots  []int
	masked []Field
}

// trainingRules are the sessions. There is no address session: the pairs
// that share an address are mostly relatives, and EM would learn
// "household" instead of "person" from them. Every field is learnt in at
// least one session.
var trainingRules = []trainingRule{
	{"birth_date", []int{slotBirthGiven, slotBirthSurname}, []Field{FieldBirthDate}},
	{"names", []int{slotNames}, []Field{FieldGivenNames, FieldSurname, FieldParticle}},
}

// Train learns a model from the records in the index. start gives the
// levels and the values to fall back on where the data says too little.
func Train(ix *Index, start Model, opt TrainOptions) (Model, TrainReport, error) {
	opt.defaults()
	if err := start.Validate(); err != nil {
		return Model{}, TrainReport{}, err
	}
	random := RandomVectors(ix, opt.RandomPairs, opt.Seed)
	rep := TrainReport{RandomPairs: len(random)}
	model := EstimateU(start, random, opt.MinCount, 0, nil)
	model, sessions, err := trainSessions(ix, model, opt)
	if err != nil {
		return Model{}, rep, err
	}
	// Matches among the random pairs: nearly all matches share a blocking
	// key, so the expected number of matches among the blocked pairs,
	// over all pairs, is their share.
	if n := float64(ix.Len()); n > 1 {
		rep.MatchShare = min(expectedMatches(ix, model, opt)/(n*(n-1)/2), 0.5)
	}
	if rep.MatchShare > 0 {
		model = EstimateU(start, random, opt.MinCount, rep.MatchShare, &model)
		model, sessions, err = trainSessions(ix, model, opt)
		if err != nil {
			return Model{}, rep, err
		}
	}
	rep.Sessions = sessions
	return model, rep, nil
}

// trainSessions runs one EM session per training rule with u fixed and
// sets each field's m to the mean over the sessions that learnt it.
func trainSessions(ix *Index, model Model, opt TrainOptions) (Model, []EMResult, error) {
	var sum [NumFields][maxLevels]float64
	var runs [NumFields]int
	var results []EMResult
	for i, rule := range trainingRules {
		vectors := ruleVectors(ix, rule.slots, rule.masked, opt.PairsPerRule, opt.Seed+uint64(i)+1)
		res := EMResult{Rule: rule.name, Pairs: len(vectors)}
		if len(vectors) == 0 {
			results = append(results, res)
			continue
		}
		trained, r, err := TrainEM(model, vectors, opt.EM)
		if err != nil {
			return Model{}, nil, fmt.Errorf("radar train, rule %s: %w", rule.name, err)
		}
		r.Rule = rule.name
		results = append(results, r)
		for f := Field(0); f < NumFields; f++ {
			if slices.Contains(rule.masked, f) {
				continue
			}
			runs[f]++
			for l, lv := range trained.Fields[f].Levels {
				sum[f][l] += lv.M
			}
		}
	}
	out := model.Clone()
	for f := range out.Fields {
		if runs[f] == 0 {
			continue
		}
		for l := range out.Fields[f].Levels {
			out.Fields[f].Levels[l].M = sum[f][l] / float64(runs[f])
		}
	}
	return out, results, nil
}

// EstimateU sets each level's u to its share among the random pairs'
// comparisons of its group, for levels seen at least minCount times.
// matchShare is the share of matches among the random pairs; their
// expected counts (by the m of model, when given) are taken out first.
func EstimateU(start Model, random []Vector, minCount int, matchShare float64, model *Model) Model {
	m := start.Clone()
	if model != nil {
		m = model.Clone()
	}
	var counts [NumFields][maxLevels]float64
	for _, v := range random {
		for f, l := range v {
			if l != Null {
				counts[f][l]++
			}
		}
	}
	for f := range m.Fields {
		levels := m.Fields[f].Levels
		var groupTotal [maxLevels]float64
		for l, lv := range levels {
			groupTotal[lv.Group] += counts[f][l]
		}
		for l := range levels {
			n := groupTotal[levels[l].Group]
			c := max(counts[f][l]-matchShare*n*levels[l].M, 0)
			if c >= float64(minCount) && n > 0 {
				levels[l].U = min(c/(n*(1-matchShare)), 1)
			} else {
				levels[l].U = start.Fields[f].Levels[l].U
			}
		}
	}
	return m
}

// TrainEM estimates m (and with EMOptions.EstimateU also u) and the share
// of matches by expectation maximisation over comparison vectors.
// Term-frequency levels learn their average m; the adjustment applies when
// scoring.
func TrainEM(start Model, vectors []Vector, opt EMOptions) (Model, EMResult, error) {
	opt.defaults()
	if err := start.Validate(); err != nil {
		return Model{}, EMResult{}, err
	}
	if len(vectors) == 0 {
		return Model{}, EMResult{}, errors.New("no pairs to learn from")
	}
	// Many pairs share a vector: learn from the distinct ones, weighted.
	distinct := make(map[Vector]float64)
	for _, v := range vectors {
		distinct[v]++
	}
	type weighted struct {
		v Vector
		n float64
	}
	pairs := make([]weighted, 0, len(distinct))
	for v, n := range distinct {
		pairs = append(pairs, weighted{v, n})
	}
	model := start.Clone()
	lambda := opt.Lambda
	res := EMResult{Pairs: len(vectors)}
	for res.Iterations = 1; res.Iterations <= opt.MaxIterations; res.Iterations++ {
		var am, au [NumFields][maxLevels]float64
		var matches, total float64
		for _, p := range pairs {
			lm, lu := math.Log(lambda), math.Log(1-lambda)
			for f, l := range p.v {
				if l != Null {
					lv := model.Fields[f].Levels[l]
					lm += math.Log(lv.M)
					lu += math.Log(lv.U)
				}
			}
			post := 1 / (1 + math.Exp(lu-lm))
			matches += post * p.n
			total += p.n
			for f, l := range p.v {
				if l != Null {
					am[f][l] += post * p.n
					au[f][l] += (1 - post) * p.n
				}
			}
		}
		change := 0.0
		for f := range model.Fields {
			change = max(change, reestimate(model.Fields[f].Levels, start.Fields[f].Levels, am[f], opt.Strength, true))
			if opt.EstimateU {
				change = max(change, reestimate(model.Fields[f].Levels, start.Fields[f].Levels, au[f], opt.Strength, false))
			}
		}
		lambda = min(max(matches/total, 1e-9), 1-1e-9)
		if change < opt.Tolerance {
			res.Converged = true
			break
		}
	}
	res.Iterations = min(res.Iterations, opt.MaxIterations)
	res.Lambda = lambda
	return model, res, nil
}

// minEvidence is the expected count below which a level keeps its start
// value: data that never shows a kind of agreement (a file without second
// given names) says nothing about how often matches show it elsewhere, and
// m near 0 would turn an agreement into strong evidence against.
const minEvidence = 5

// reestimate sets the m (or u) of each level to its smoothed share of the
// expected counts within its group and returns the largest change. Levels
// with too little evidence keep their start value; the others share the
// rest of the group's probability.
func reestimate(levels, prior []Level, counts [maxLevels]float64, strength float64, isM bool) float64 {
	get := func(l Level) float64 {
		if isM {
			return l.M
		}
		return l.U
	}
	var kept, learnt [maxLevels]float64 // per group: start mass kept, counts+smoothing learnt
	for l, lv := range levels {
		if counts[l] < minEvidence {
			kept[lv.Group] += get(prior[l])
		} else {
			learnt[lv.Group] += counts[l] + strength*get(prior[l])
		}
	}
	change := 0.0
	for l, lv := range levels {
		est := get(prior[l])
		if counts[l] >= minEvidence {
			est = (1 - kept[lv.Group]) * (counts[l] + strength*get(prior[l])) / learnt[lv.Group]
		}
		est = min(max(est, 1e-9), 1)
		change = max(change, math.Abs(est-get(levels[l])))
		if isM {
			levels[l].M = est
		} else {
			levels[l].U = est
		}
	}
	return change
}
