package radarsvc

import (
	"slices"

	"toren/internal/intake"
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

// householdBatch finds the report a mention of the batch belongs to, so
// that the persons named beside it can speak for or against a candidate
// (radar.Matcher.WithHousehold).
type householdBatch struct {
	batch []intake.NewReport
	// at finds a mention's report and place; a mention written the same
	// twice in a batch is found at its first place.
	at map[mentionOn]mentionAt
	// anchors caches, per report, what the report's other mentions link
	// to on their own (index = mention's place; nil: not resolved yet).
	anchors map[int][]*anchor
}

type mentionAt struct{ report, index int }

// anchor is a person named in a report, linked on their own: the registry
// record it links to and the mention as written, both with the person's id.
type anchor struct {
	linked  bool
	records [2]radar.Record
	// cands are the candidates of a person named beside the mention who
	// does not link on their own (radar.Matcher.WithCoMentions).
	cands []radar.Candidate
}

func newHouseholdBatch(batch []intake.NewReport) householdBatch {
	return householdBatch{batch: batch}
}

func (h *householdBatch) locate(m reports.Mention, on toren.Date) (mentionAt, bool) {
	if h.at == nil {
		h.at = map[mentionOn]mentionAt{}
		for ri, nr := range h.batch {
			ron := toren.DateOf(nr.Report.ReceivedAt.In(toren.Amsterdam))
			for mi, pm := range nr.Report.Persons {
				k := mentionOn{pm, ron}
				if _, dup := h.at[k]; !dup {
					h.at[k] = mentionAt{ri, mi}
				}
			}
		}
	}
	at, ok := h.at[mentionOn{m, on}]
	return at, ok
}

// household weighs the evidence of the persons named beside m in its
// report, when some of them link to registry persons, and decides again.
// A link on a shared BSN stands as it is; so does a mention without
// candidates or in a report naming no one else.
func (s *session) household(m reports.Mention, on toren.Date, d radar.Decision, cands []radar.Candidate) (radar.Decision, []radar.Candidate) {
	if len(cands) == 0 || d.Reason == radar.ReasonBSN || d.Reason == radar.ReasonNoMatch {
		return d, cands
	}
	at, ok := s.reports.locate(m, on)
	if !ok || len(s.reports.batch[at.report].Report.Persons) < 2 {
		return d, cands
	}
	recs, others := s.anchorRecords(at)
	if len(recs) == 0 && len(others) == 0 {
		return d, cands
	}
	s.r.matcher.WithHousehold(cands, recs)
	s.r.matcher.WithCoMentions(cands, others)
	return radar.Decide(cands, s.r.cfg.Thresholds), cands
}

// anchorRecords returns the records of the persons named beside the
// mention at at that link on their own: given as linked, or linked by the
// radar without household evidence, or short of a link only by the
// identity rule (radar.Anchors); and the candidates of the others.
func (s *session) anchorRecords(at mentionAt) ([]radar.Record, [][]radar.Candidate) {
	h := &s.reports
	if h.anchors == nil {
		h.anchors = map[int][]*anchor{}
	}
	nr := h.batch[at.report]
	cache := h.anchors[at.report]
	if cache == nil {
		cache = make([]*anchor, len(nr.Report.Persons))
		h.anchors[at.report] = cache
	}
	on := toren.DateOf(nr.Report.ReceivedAt.In(toren.Amsterdam))
	var out []radar.Record
	var others [][]radar.Candidate
	for i, pm := range nr.Report.Persons {
		if i == at.index || !householdRole(pm.Role) {
			continue
		}
		if cache[i] == nil {
			a := &anchor{}
			q, d, cs, _ := s.decide(pm, on)
			if pm.PersonID != 0 {
				a.linked = true
				q.ID = pm.PersonID
				a.records[0], a.records[1] = q, q
				// The registry's record, if the index finds it, carries
				// the person's family.
				if j := slices.IndexFunc(cs, func(c radar.Candidate) bool { return c.ID == pm.PersonID }); j >= 0 {
					a.records[0] = cs[j].Record
				}
			} else if radar.Anchors(d) {
				a.linked = true
				a.records[0], a.records[1] = d.Candidate.Record, q
				a.records[1].ID = d.Candidate.ID
			} else {
				a.cands = cs
			}
			cache[i] = a
		}
		if cache[i].linked {
			out = append(out, cache[i].records[:]...)
		} else if len(cache[i].cands) > 0 {
			others = append(others, cache[i].cands)
		}
	}
	return out, others
}

// householdRole reports whether a mention in this role is family: the
// same roles make a co-mention a household link in the person's history.
// A witness or informant is named in reports too, but lives elsewhere.
func householdRole(r reports.Role) bool { return radar.FamilyRole(r) }
