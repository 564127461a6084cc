package radar

import "fmt"

// Thresholds turn scores (log2 posterior odds, see Candidate.Score) into
// decisions.
type Thresholds struct {
	// Link: at or above it the mention is linked without review.
	Link float64 `json:"link"`
	// Review: at or above it (and below Link) a person decides.
	Review float64 `json:"review"`
	// Margin: a link also needs the best candidate this many bits ahead of
	// the next person at or above Review; otherwise two registry persons
	// fit and a person must choose.
	Margin float64 `json:"margin"`
	// Identity: a link also needs this many bits of evidence from the
	// fields relatives do not share (see Candidate.Identity).
	Identity float64 `json:"identity"`
	// Relative: a candidate whose identity evidence is below this, or who
	// contradicts on two identity fields, is taken for a relative of the
	// person (same household, other person) and not proposed for review.
	Relative float64 `json:"relative"`
	// Household is how many bits of identity evidence living with the
	// persons linked beside the mention stands for (HouseholdSame). A
	// care provider names "Dennis v.d. Meulen" beside his partner and
	// children without a date of birth; that he lives with them is what
	// tells him from a stranger named Dennis van der Meulen. A relative
	// of his name in that household is a candidate too and the margin
	// rule sends the pair to review.
	Household float64 `json:"household"`
	// Family is how many bits of identity evidence having been named in
	// earlier reports beside the persons linked beside the mention stands
	// for (HouseholdNamedWith): a namesake from another family is not
	// named with them. A relative of the same name is, and is a candidate
	// with the same evidence: the margin rule keeps the two apart.
	Family float64 `json:"family"`
}

// DefaultThresholds links at a posterior probability of 0.999 (10 bits)
// and reviews from 0.2 (-2 bits). See the package documentation for the
// measurements behind them.
func DefaultThresholds() Thresholds {
	return Thresholds{Link: 10, Review: -2, Margin: 6, Identity: 10, Relative: 0, Household: 4, Family: 6}
}

// Validate checks that Review is not above Link.
func (t Thresholds) Validate() error {
	if t.Review > t.Link || t.Margin < 0 || t.Relative > t.Identity || t.Household < 0 || t.Household > t.Identity ||
		t.Family < 0 || t.Family > t.Identity {
		return fmt.Errorf("radar thresholds: want review (%g) <= link (%g), margin (%g) >= 0, relative (%g) <= identity (%g), 0 <= household (%g) <= identity, 0 <= family (%g) <= identity",
			t.Review, t.Link, t.Margin, t.Relative, t.Identity, t.Household, t.Family)
	}
	return nil
}

// Outcome is what happens to a mention.
type Outcome string

const (
	OutcomeLink   Outcome = "link"   // linked to a registry person
	OutcomeReview Outcome = "review" // a person decides
	OutcomeNew    Outcome = "new"    // a new registry person
)

// Reason says which rule decided.
type Reason string

const (
	ReasonBSN             Reason = "bsn"              // same valid BSN, nothing contradicts
	ReasonBSNContradicted Reason = "bsn_contradicted" // same valid BSN, but identity fields contradict
	ReasonBSNAmbiguous    Reason = "bsn_ambiguous"    // the registry holds the BSN under two persons
	ReasonScore           Reason = "score"            // score at or above Link
	ReasonWeakIdentity    Reason = "weak_identity"    // score at or above Link, but too little identity evidence
	ReasonContradiction   Reason = "contradiction"    // score at or above Link, but an identity field contradicts
	ReasonAmbiguous       Reason = "ambiguous"        // two persons score too close
	ReasonUncertain       Reason = "uncertain"        // score between Review and Link
	ReasonNoMatch         Reason = "no_match"         // no candidate at or above Review
	ReasonRelative        Reason = "relative"         // the candidates at or above Review look like relatives
)

// Decision is the outcome for one mention with the candidate it is about
// (for OutcomeNew the best one below the threshold, if any).
type Decision struct {
	Outcome   Outcome    `json:"outcome"`
	Reason    Reason     `json:"reason"`
	Candidate *Candidate `json:"candidate,omitempty"`
}

// Decide applies the BSN rule and the thresholds to candidates sorted as
// Match returns them.
//
// BSN rule: a candidate with the same valid BSN is linked, whatever the
// score, unless the other fields contradict it strongly (see
// contradictionsExcused); then a person reviews: a relative's BSN given by
// mistake is common. Otherwise candidates that look like relatives are set
// aside (see plausible), and the best remaining one is linked when its
// score reaches Link, the identity rule allows it, and no other plausible
// person comes within Margin. Scores from Review to Link go to review;
// below Review the mention is a new person.
func Decide(cands []Candidate, t Thresholds) Decision {
	if len(cands) == 0 {
		return Decision{Outcome: OutcomeNew, Reason: ReasonNoMatch}
	}
	var bsn []int
	for i := range cands {
		if cands[i].BSN {
			bsn = append(bsn, i)
		}
	}
	if len(bsn) > 1 {
		return Decision{Outcome: OutcomeReview, Reason: ReasonBSNAmbiguous, Candidate: &cands[bsn[0]]}
	}
	if len(bsn) == 1 {
		c := &cands[bsn[0]]
		if !contradictionsExcused(c) {
			return Decision{Outcome: OutcomeReview, Reason: ReasonBSNContradicted, Candidate: c}
		}
		return Decision{Outcome: OutcomeLink, Reason: ReasonBSN, Candidate: c}
	}
	var best, second *Candidate
	for i := range cands {
		if !plausible(&cands[i], t) {
			continue
		}
		if best == nil {
			best = &cands[i]
		} else if second == nil {
			second = &cands[i]
		}
	}
	if best == nil || best.Score < t.Review {
		if cands[0].Score >= t.Review {
			return Decision{Outcome: OutcomeNew, Reason: ReasonRelative, Candidate: &cands[0]}
		}
		return Decision{Outcome: OutcomeNew, Reason: ReasonNoMatch, Candidate: &cands[0]}
	}
	switch {
	case best.Score < t.Link:
		return Decision{Outcome: OutcomeReview, Reason: ReasonUncertain, Candidate: best}
	case !contradictionsExcused(best):
		return Decision{Outcome: OutcomeReview, Reason: ReasonContradiction, Candidate: best}
	case best.Identity+householdCredit(best, t) < t.Identity && !generationApart(best):
		return Decision{Outcome: OutcomeReview, Reason: ReasonWeakIdentity, Candidate: best}
	case second != nil && second.Score >= t.Review && best.Score-second.Score < t.Margin:
		return Decision{Outcome: OutcomeReview, Reason: ReasonAmbiguous, Candidate: best}
	}
	return Decision{Outcome: OutcomeLink, Reason: ReasonScore, Candidate: best}
}

// generationApart reports whether the candidate's given name agrees (the
// same name, or call name and official name) and a stated age fits their
// year of birth, or is near it (BirthAgeNear). That is what the identity
// rule asks of a mention without a date of birth: the relatives who share
// a given name are a parent and the child named after them, a generation
// apart; brothers and sisters do not share one, and twins share a date,
// not a name. An age within a few years rules the namesake out.
func generationApart(c *Candidate) bool {
	g, b := c.Levels[FieldGivenNames], c.Levels[FieldBirthDate]
	return (g == GivenExact || g == GivenCallName) && (b == BirthAgeFits || b == BirthAgeNear)
}

// householdCredit is the identity evidence a candidate gets from living
// with the persons linked beside the mention.
func householdCredit(c *Candidate, t Thresholds) float64 {
	switch c.Levels[FieldHousehold] {
	case HouseholdSame:
		return t.Household
	case HouseholdNamedWith:
		// One family seldom has two members of one given name (a father
		// and the son named after him are both candidates then), but
		// often two of one initial: "S. de Bruijn" named with the family
		// may be Sander or his son Siem. Only a given name that agrees
		// tells the family's members apart.
		if givenAgrees(c) {
			return t.Family
		}
		return min(t.Family, t.Household)
	}
	return 0
}

// plausible reports whether a candidate can be the person at all rather
// than a relative: at most one contradiction and identity evidence of at
// least Thresholds.Relative.
func plausible(c *Candidate, t Thresholds) bool {
	return c.Contradictions.Len() <= 1 && c.Identity >= t.Relative
}

// contradictionsExcused is the contradiction half of the identity rule.
//
// The identity rule: relatives share a surname, an address and a phone;
// twins share a date of birth, and a junior his father's given name; no
// relative shares a national id. A link therefore needs at least
// Thresholds.Identity bits of evidence from the fields that tell members
// of one household apart (Candidate.Identity). A contradiction on one of
// them is accepted only when the national id agrees and the rest of the
// record does not speak against the link (Candidate.WithoutID at least 0):
// the same identifier with a different first name or a damaged date of
// birth, at the same address, is one person badly reported; the same
// identifier on an otherwise different person is a wrong number. The BSN
// rule applies only this half: the BSN is identity evidence enough.
func contradictionsExcused(c *Candidate) bool {
	switch c.Contradictions.Len() {
	case 0:
		return true
	case 1:
		id := c.Levels[FieldNationalID]
		return (id == IDExact || id == IDTypo) && c.WithoutID >= 0
	}
	return false
}

// SamePerson scores b against a (as if b were a mention of the registry
// person a; prior as for the registry they are in) and reports whether
// the radar would link the two by its own rules: the BSN rule, or the
// link threshold with the identity rule and no unexplained contradiction.
// Two registry persons it holds apart although they pass are one person
// recorded twice, to be merged by a person.
func (m *Matcher) SamePerson(a, b Record, prior float64) (Candidate, bool) {
	c := m.Score(b, a, prior)
	c.ID = a.ID
	d := Decide([]Candidate{c}, m.cfg.Thresholds)
	return c, d.Outcome == OutcomeLink
}
