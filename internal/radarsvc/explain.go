package radarsvc

import (
	"encoding/json"
	"fmt"
	"math"

	"toren/internal/radar"
)

// Explanation is the JSON the store keeps as a link's or review item's
// evidence: what the radar decided about which person, and how each field
// weighed in. Weights are in bits (log2 of a likelihood ratio), rounded to
// hundredths: positive speaks for one person, negative against.
type Explanation struct {
	Outcome radar.Outcome `json:"outcome"`
	Reason  radar.Reason  `json:"reason"`
	// PersonID is the candidate the decision is about.
	PersonID int64 `json:"person_id"`
	// Score = Weight + Prior: the log2 posterior odds of one person.
	Score       float64 `json:"score"`
	Weight      float64 `json:"weight"`
	Prior       float64 `json:"prior"`
	Probability float64 `json:"probability"`
	// Identity is the evidence from the fields relatives do not share.
	Identity       float64          `json:"identity"`
	BSN            bool             `json:"bsn,omitempty"`
	Contradictions radar.FieldSet   `json:"contradictions,omitempty"`
	Fields         []radar.Evidence `json:"fields"`
	// Others are the other candidates a reviewer may want to look at.
	Others []Other `json:"others,omitempty"`
}

// Other is a further candidate of a review item.
type Other struct {
	PersonID int64   `json:"person_id"`
	Score    float64 `json:"score"`
}

// explain encodes a decision about d.Candidate; others (for a review)
// adds the remaining candidates by score.
func explain(d radar.Decision, others []radar.Candidate) ([]byte, error) {
	c := d.Candidate
	e := Explanation{
		Outcome: d.Outcome, Reason: d.Reason, PersonID: c.ID,
		Score: round(c.Score), Weight: round(c.Weight), Prior: round(c.Prior), Probability: roundP(c.Probability),
		Identity: round(c.Identity), BSN: c.BSN, Contradictions: c.Contradictions,
		Fields: make([]radar.Evidence, len(c.Evidence)),
	}
	for i, ev := range c.Evidence {
		ev.Weight = round(ev.Weight)
		e.Fields[i] = ev
	}
	for _, o := range others {
		if o.ID != c.ID {
			e.Others = append(e.Others, Other{PersonID: o.ID, Score: round(o.Score)})
		}
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("radarsvc: explain decision: %w", err)
	}
	return b, nil
}

// round rounds to hundredths; an infinite weight (a level a model gives
// probability 0) is written as ±1000, since JSON has no infinity.
func round(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x > 1000:
		return 1000
	case x < -1000:
		return -1000
	}
	return math.Round(x*100) / 100
}

// roundP keeps a probability's distance from 1 readable: 0.999999.
func roundP(p float64) float64 { return math.Round(p*1e6) / 1e6 }
