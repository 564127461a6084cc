package letters

import (
	"strconv"
	"strings"

	"toren/internal/toren"
)

// KindSafetyPlan is the Interventieteam's safety plan (Signs of Safety)
// printed for the family: no letter of the case file, but laid out on the
// same letterhead by the same renderer.
const KindSafetyPlan Kind = "safety_plan"

// SafetyPlan is one version of an IT case's safety plan as the family
// gets it on paper.
type SafetyPlan struct {
	Family    string
	Team      string // "Interventieteam"
	Reference string // "IT-casus 12"
	Version   int
	Date      toren.Date // the day the version was saved
	Duo       []string
	// Dangers (zorgen/gevaar), Strengths and Exceptions (wat gaat goed),
	// FamilyGoals and BottomLines: free text, paragraphs at blank lines.
	Dangers, Strengths, Exceptions, FamilyGoals, BottomLines string
	Agreements                                               []PlanAgreement
}

// PlanAgreement is one SMART agreement with its current status in words.
type PlanAgreement struct {
	Owner, What, When, Check, CheckedBy, Status string
}

type safetyPlanView struct {
	Head                                               Letterhead
	P                                                  SafetyPlan
	Duo                                                string
	Dangers, Strengths, Exceptions, Goals, BottomLines []string
}

// SafetyPlan renders the plan for the family: an HTML fragment for the
// screen and a PDF with the plan's title and the Dutch language set.
func (r *Renderer) SafetyPlan(p SafetyPlan) (Document, error) {
	var problems toren.Problems
	if strings.TrimSpace(p.Family) == "" {
		problems.Add("family", "required", "the family is required")
	}
	if p.Version < 1 || p.Date.IsZero() {
		problems.Add("version", "required", "the plan's version and date are required")
	}
	if err := problems.Err(); err != nil {
		return Document{}, err
	}
	v := safetyPlanView{Head: r.head, P: p, Duo: joinAnd(p.Duo),
		Dangers: paragraphs(p.Dangers), Strengths: paragraphs(p.Strengths), Exceptions: paragraphs(p.Exceptions),
		Goals: paragraphs(p.FamilyGoals), BottomLines: paragraphs(p.BottomLines)}
	doc := Document{Kind: KindSafetyPlan, CaseNumber: p.Reference, Recipient: p.Family,
		Title: "Veiligheidsplan " + p.Family + " (versie " + strconv.Itoa(p.Version) + ")"}
	return r.render(doc, "safetyplan", v, "Veiligheidsplan")
}
