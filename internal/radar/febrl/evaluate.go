package febrl

import (
	"context"
	"fmt"
	"slices"
	"time"

	"toren/internal/radar"
)

// Options configures Evaluate.
type Options struct {
	Model  radar.Model
	Config radar.Config
	// Train learns the model's weights from the files themselves (u from
	// random pairs, m by EM over blocked pairs; the true identities are
	// not used) before matching.
	Train    bool
	MaxBlock int
	// Registry keeps one record per person as Toren's registry does: a
	// linked record fills what the person's record lacks (and replaces
	// the address) instead of joining the index as a variant of its own
	// (see persons.Person.Enrich). Off, every record joins the index.
	Registry bool
	// Observe, when set, is called with each record's decision in the
	// order records are resolved (EvaluateReports): for looking at the
	// misses and review items of an evaluation.
	Observe func(i int, dec radar.Decision)
	// Family, when set, says whether record i is named as a member of the
	// family (victim, perpetrator, child, parent, other: not a witness or
	// informant), as intake joins the family labels of a report's persons
	// (radar.Index.JoinFamilies). Unset, every person of a report is.
	Family func(i int) bool
}

// DefaultOptions uses the default model and configuration, untrained.
func DefaultOptions() Options {
	return Options{Model: radar.DefaultModel(), Config: radar.DefaultConfig()}
}

// Result counts how the automatic links compare with the truth. Pairs are
// record pairs: in deduplication every pair inside one found cluster is a
// found pair, so links count transitively.
type Result struct {
	Mode           string  `json:"mode"` // "dedup" or "link"
	Records        int     `json:"records"`
	TruePairs      int     `json:"true_pairs"`
	Found          int     `json:"found"`
	TruePositives  int     `json:"true_positives"`
	FalsePositives int     `json:"false_positives"`
	Links          int     `json:"links"`   // records linked automatically
	Reviews        int     `json:"reviews"` // records sent to review
	New            int     `json:"new"`     // records that became a new person
	ReviewShare    float64 `json:"review_share"`
	// ReviewsTrue counts reviews whose proposed candidate is the same
	// person: how often a reviewer would say yes.
	ReviewsTrue int                  `json:"reviews_true"`
	Reasons     map[radar.Reason]int `json:"reasons"`
	Precision   float64              `json:"precision"`
	Recall      float64              `json:"recall"`
	F1          float64              `json:"f1"`
	// RecallReviewed is the recall if reviewers decide every review item
	// correctly: an item proposing the true person links the record, any
	// other is rejected. Precision stays as it is.
	RecallReviewed float64 `json:"recall_reviewed"`
	// reviewedTP counts the true pairs found with the reviewers' decisions.
	reviewedTP int
	Seconds    float64            `json:"seconds"`
	Trained    *radar.TrainReport `json:"trained,omitempty"`
}

// Evaluate measures the matcher on one file (deduplication: records are
// resolved in file order against the registry of the earlier ones, as
// reports arrive) or two (linkage: each record of the first file is
// resolved against a registry holding the second). Records sent to review
// count as not linked.
func Evaluate(ctx context.Context, files [][]Row, opt Options) (Result, error) {
	start := time.Now()
	if len(files) != 1 && len(files) != 2 {
		return Result{}, fmt.Errorf("febrl: evaluate takes one or two files, got %d", len(files))
	}
	var res Result
	model := opt.Model
	if opt.Train {
		var all []Row
		for _, f := range files {
			all = append(all, f...)
		}
		trained, em, err := train(all, model, opt.MaxBlock)
		if err != nil {
			return Result{}, err
		}
		model, res.Trained = trained, &em
	}
	ix := radar.NewIndex(opt.MaxBlock)
	m, err := radar.NewMatcher(ix, model, opt.Config)
	if err != nil {
		return Result{}, fmt.Errorf("febrl: %w", err)
	}
	res.Reasons = map[radar.Reason]int{}
	if len(files) == 1 {
		err = dedup(ctx, m, ix, files[0], &res)
	} else {
		err = link(ctx, m, ix, files[0], files[1], &res)
	}
	if err != nil {
		return Result{}, err
	}
	res.finish(start)
	return res, nil
}

func (res *Result) finish(start time.Time) {
	res.ReviewShare = ratio(res.Reviews, res.Records)
	res.Precision = ratio(res.TruePositives, res.Found)
	res.Recall = ratio(res.TruePositives, res.TruePairs)
	res.RecallReviewed = ratio(res.reviewedTP, res.TruePairs)
	if res.Mode == "link" {
		res.RecallReviewed = ratio(res.TruePositives+res.ReviewsTrue, res.TruePairs)
	}
	if res.Precision+res.Recall > 0 {
		res.F1 = 2 * res.Precision * res.Recall / (res.Precision + res.Recall)
	}
	res.Seconds = time.Since(start).Seconds()
}

func train(rows []Row, start radar.Model, maxBlock int) (radar.Model, radar.TrainReport, error) {
	ix := radar.NewIndex(maxBlock)
	for i, r := range rows {
		ix.Add(radar.NewRecord(r.Input(int64(i + 1))))
	}
	model, em, err := radar.Train(ix, start, radar.TrainOptions{Seed: 1})
	if err != nil {
		return radar.Model{}, em, fmt.Errorf("febrl: %w", err)
	}
	return model, em, nil
}

func dedup(ctx context.Context, m *radar.Matcher, ix *radar.Index, rows []Row, res *Result) error {
	recs := make([]radar.Record, len(rows))
	entity := make([]string, len(rows))
	for i, r := range rows {
		entity[i], _ = r.Entity()
		recs[i] = radar.NewRecord(r.Input(0))
	}
	return dedupRecords(ctx, m, ix, recs, entity, res)
}

// EvaluateRecords measures deduplication of records whose true identity
// is known (entity[i] for recs[i]), resolved in order as reports arrive:
// the same measure as Evaluate on one file, for other labelled data such
// as the synthetic generator's.
func EvaluateRecords(ctx context.Context, recs []radar.Record, entity []string, opt Options) (Result, error) {
	return EvaluateReports(ctx, recs, entity, nil, opt)
}

// EvaluateReports is EvaluateRecords for records that come in reports:
// report[i] numbers the report of recs[i] (records of one report are
// adjacent). The persons of one report that link on their own are household
// evidence for the others (radar.Matcher.WithHousehold), as in intake.
// A nil report makes every record its own report.
func EvaluateReports(ctx context.Context, recs []radar.Record, entity []string, report []int, opt Options) (Result, error) {
	start := time.Now()
	if len(recs) != len(entity) || report != nil && len(report) != len(recs) {
		return Result{}, fmt.Errorf("febrl: %d records but %d identities and %d report numbers", len(recs), len(entity), len(report))
	}
	var res Result
	ix := radar.NewIndex(opt.MaxBlock)
	m, err := radar.NewMatcher(ix, opt.Model, opt.Config)
	if err != nil {
		return Result{}, fmt.Errorf("febrl: %w", err)
	}
	res.Reasons = map[radar.Reason]int{}
	if err := dedupReports(ctx, m, ix, recs, entity, report, opt, &res); err != nil {
		return Result{}, err
	}
	res.finish(start)
	return res, nil
}

func dedupRecords(ctx context.Context, m *radar.Matcher, ix *radar.Index, recs []radar.Record, entity []string, res *Result) error {
	return dedupReports(ctx, m, ix, recs, entity, nil, Options{}, res)
}

func dedupReports(ctx context.Context, m *radar.Matcher, ix *radar.Index, recs []radar.Record, entity []string, report []int, opt Options, res *Result) error {
	keepRegistry, observe := opt.Registry, opt.Observe
	res.Mode = "dedup"
	res.Records = len(recs)
	cluster := make([]int64, len(recs))
	// reviewed is the cluster of each record had reviewers accepted every
	// item proposing the true person: a separate union of clusters.
	reviewed := make([]int, len(recs))
	for i := range reviewed {
		reviewed[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for reviewed[i] != i {
			reviewed[i] = reviewed[reviewed[i]]
			i = reviewed[i]
		}
		return i
	}
	var registry map[int64]radar.Record
	if keepRegistry {
		registry = map[int64]radar.Record{}
	}
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for report != nil && hi < len(recs) && report[hi] == report[lo] {
			hi++
		}
		if lo == 0 || lo/1000 != (hi-1)/1000 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("febrl: dedup: %w", err)
			}
		}
		// First pass: each record on its own; the links are the household
		// evidence for the others of the report.
		decs := make([]radar.Decision, hi-lo)
		cands := make([][]radar.Candidate, hi-lo)
		for i := lo; i < hi; i++ {
			q := recs[i]
			q.ID = 0
			decs[i-lo], cands[i-lo] = m.Resolve(q)
		}
		if hi-lo > 1 {
			// The candidates as each person of the report found them on
			// their own: the evidence the persons give each other.
			first := make([][]radar.Candidate, hi-lo)
			for i := range first {
				first[i] = slices.Clone(cands[i])
			}
			for i := lo; i < hi; i++ {
				d := decs[i-lo]
				if len(cands[i-lo]) == 0 || d.Reason == radar.ReasonBSN || d.Reason == radar.ReasonNoMatch {
					continue
				}
				var anchors []radar.Record
				for j := lo; j < hi; j++ {
					if dj := decs[j-lo]; j != i && radar.Anchors(dj) {
						a := recs[j]
						a.ID = dj.Candidate.ID
						anchors = append(anchors, dj.Candidate.Record, a)
					}
				}
				var others [][]radar.Candidate
				for j := lo; j < hi; j++ {
					if dj := decs[j-lo]; j != i && !radar.Anchors(dj) && (opt.Family == nil || opt.Family(j)) {
						others = append(others, first[j-lo])
					}
				}
				if len(anchors) > 0 || len(others) > 0 {
					m.WithHousehold(cands[i-lo], anchors)
					m.WithCoMentions(cands[i-lo], others)
					decs[i-lo] = radar.Decide(cands[i-lo], m.Config().Thresholds)
				}
			}
		}
		// The persons of the report become one family (intake does the
		// same when it files the report): the family labels of the linked
		// ones and the new ones join.
		family, named := make([]uint32, hi-lo), 0
		if hi-lo > 1 {
			var labels []uint32
			var at []int
			for i := lo; i < hi; i++ {
				if opt.Family != nil && !opt.Family(i) {
					continue
				}
				named++
				at = append(at, i)
				if d := decs[i-lo]; d.Outcome == radar.OutcomeLink {
					if p, ok := registry[d.Candidate.ID]; ok {
						labels = append(labels, p.FamilyLabel())
					} else {
						labels = append(labels, d.Candidate.Record.FamilyLabel())
					}
				} else {
					labels = append(labels, uint32(i+1))
				}
			}
			if named > 1 {
				for k, root := range ix.JoinFamilies(labels) {
					family[at[k]-lo] = root
				}
			}
		}
		for i := lo; i < hi; i++ {
			dec := decs[i-lo]
			rec := recs[i]
			rec.ID = int64(i + 1) // a new person unless linked
			if dec.Outcome == radar.OutcomeLink {
				rec.ID = dec.Candidate.ID
			}
			inFamily := family[i-lo] != 0 && (opt.Family == nil || opt.Family(i))
			add := true
			if registry != nil {
				if p, ok := registry[rec.ID]; ok {
					add = enrich(&p, rec)
					rec = p
				}
				if inFamily {
					// Not a change that needs a record of its own: the
					// index finds the joined label from the old one.
					rec.Family, rec.NamedWith = family[i-lo], true
				}
				registry[rec.ID] = rec
			} else if inFamily {
				rec.Family, rec.NamedWith = family[i-lo], true
			}
			// A cluster's ID is 1 + the index of the record that founded it.
			same := func(id int64) bool { return entity[id-1] == entity[i] }
			res.count(dec, same)
			if observe != nil {
				observe(i, dec)
			}
			cluster[i] = rec.ID
			if dec.Outcome == radar.OutcomeLink || dec.Outcome == radar.OutcomeReview && same(dec.Candidate.ID) {
				reviewed[find(i)] = find(int(dec.Candidate.ID - 1))
			}
			if add {
				ix.Add(rec)
			}
		}
		lo = hi
	}
	bothReviewed := map[[2]string]int{}
	for i := range recs {
		bothReviewed[[2]string{fmt.Sprint(find(i)), entity[i]}]++
	}
	res.reviewedTP = sumPairs(bothReviewed)
	// Pairs: within each found cluster, and within each true entity.
	found := map[int64]int{}
	type clusterEntity struct {
		cluster int64
		entity  string
	}
	both := map[clusterEntity]int{}
	truth := map[string]int{}
	for i := range recs {
		found[cluster[i]]++
		both[clusterEntity{cluster[i], entity[i]}]++
		truth[entity[i]]++
	}
	res.Found, res.TruePositives, res.TruePairs = sumPairs(found), sumPairs(both), sumPairs(truth)
	res.FalsePositives = res.Found - res.TruePositives
	return nil
}

func link(ctx context.Context, m *radar.Matcher, ix *radar.Index, queries, registry []Row, res *Result) error {
	res.Mode = "link"
	res.Records = len(queries)
	regEntity := make([]string, len(registry))
	perEntity := map[string]int{}
	for i, r := range registry {
		regEntity[i], _ = r.Entity()
		perEntity[regEntity[i]]++
		ix.Add(radar.NewRecord(r.Input(int64(i + 1))))
	}
	for i, r := range queries {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("febrl: link: %w", err)
			}
		}
		e, _ := r.Entity()
		res.TruePairs += perEntity[e]
		dec, _ := m.Resolve(radar.NewRecord(r.Input(0)))
		same := func(id int64) bool { return regEntity[id-1] == e }
		res.count(dec, same)
		if dec.Outcome == radar.OutcomeLink {
			res.Found++
			if same(dec.Candidate.ID) {
				res.TruePositives++
			}
		}
	}
	res.FalsePositives = res.Found - res.TruePositives
	return nil
}

func (res *Result) count(dec radar.Decision, same func(id int64) bool) {
	res.Reasons[dec.Reason]++
	switch dec.Outcome {
	case radar.OutcomeLink:
		res.Links++
	case radar.OutcomeReview:
		res.Reviews++
		if same(dec.Candidate.ID) {
			res.ReviewsTrue++
		}
	default:
		res.New++
	}
}

func sumPairs[K comparable](groups map[K]int) int {
	n := 0
	for _, c := range groups {
		n += c * (c - 1) / 2
	}
	return n
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// enrich fills what the person's record p lacks from a record linked to
// it, and replaces its address by a newer one, as persons.Person.Enrich
// does for the registry. It reports whether p changed.
func enrich(p *radar.Record, r radar.Record) bool {
	before := *p
	if p.GivenNames == "" && r.GivenNames != "" {
		p.GivenNames, p.Initials = r.GivenNames, r.Initials
	}
	if p.Initials == "" {
		p.Initials = r.Initials
	}
	if p.Surname == "" {
		p.Particle, p.Surname = r.Particle, r.Surname
	}
	if p.NationalID == "" {
		p.NationalID, p.BSNVerified = r.NationalID, r.BSNVerified
	}
	if p.Phone == "" {
		p.Phone = r.Phone
	}
	if p.Birth == 0 && r.Birth != 0 {
		p.Birth, p.BirthYearMin, p.BirthYearMax = r.Birth, 0, 0
	}
	if p.Sex == "" {
		p.Sex = r.Sex
	}
	if r.HouseNumber != "" && (r.Postcode != "" || r.Street != "") &&
		(r.Postcode != p.Postcode || r.HouseNumber != p.HouseNumber || r.Street != p.Street) {
		p.Postcode, p.HouseNumber, p.Street, p.City = r.Postcode, r.HouseNumber, r.Street, r.City
		if r.Municipality != "" {
			p.Municipality = r.Municipality
		}
	}
	return *p != before
}
