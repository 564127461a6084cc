package reports

import (
	"fmt"
	"slices"

	"toren/internal/toren"
)

// Meldcode is what a professional who reports says of the meldcode
// huiselijk geweld en kindermishandeling they work by: which of its five
// steps they took, and their answers to the assessment framework
// (afwegingskader), mandatory in steps 4 and 5 since 2019. It is an
// optional part of a professional's report; nil when not recorded.
type Meldcode struct {
	// Steps are the numbers (1-5) of the steps taken, in order.
	Steps []int `json:"steps"`
	// The framework's questions; Unknown when not answered.
	Suspicion     Tri `json:"suspicion"`      // 1: is there a suspicion of violence or abuse?
	Unsafety      Tri `json:"unsafety"`       // 2: is there acute or structural unsafety?
	HelpPossible  Tri `json:"help_possible"`  // 3: can the professional give or organise effective help?
	HelpAccepted  Tri `json:"help_accepted"`  // 4: do the persons accept that help?
	LastingSafety Tri `json:"lasting_safety"` // 5: does the help bring lasting safety?
}

// MeldcodeSteps is the number of the meldcode's steps, numbered from 1;
// the pages word them (report.meldcode-step.<n> in the web catalogue).
const MeldcodeSteps = 5

// MeldcodeQuestion is a question of the assessment framework: its field
// (the pages word it as report.meldcode-question.<field>) and its answer.
type MeldcodeQuestion struct {
	Field  string
	Answer func(*Meldcode) *Tri
}

// MeldcodeQuestions are the framework's questions, in order.
var MeldcodeQuestions = []MeldcodeQuestion{
	{"suspicion", func(m *Meldcode) *Tri { return &m.Suspicion }},          // vermoeden van huiselijk geweld of kindermishandeling?
	{"unsafety", func(m *Meldcode) *Tri { return &m.Unsafety }},            // acute of structurele onveiligheid?
	{"help_possible", func(m *Meldcode) *Tri { return &m.HelpPossible }},   // kan de melder effectieve hulp bieden of organiseren?
	{"help_accepted", func(m *Meldcode) *Tri { return &m.HelpAccepted }},   // aanvaarden de betrokkenen de hulp?
	{"lasting_safety", func(m *Meldcode) *Tri { return &m.LastingSafety }}, // leidt de hulp tot duurzame veiligheid?
}

// AllSteps reports whether all five steps were taken.
func (m *Meldcode) AllSteps() bool { return m != nil && len(m.Steps) == MeldcodeSteps }

// StepTaken reports whether step n (1-5) was taken.
func (m *Meldcode) StepTaken(n int) bool { return m != nil && slices.Contains(m.Steps, n) }

// validateMeldcode checks the meldcode part: only with a professional
// reporter, steps 1 to 5 each at most once, answers yes, no or unknown.
func validateMeldcode(p *toren.Problems, r *Report) {
	m := r.Meldcode
	if m == nil {
		return
	}
	if !r.Reporter.Professional() {
		broke(p, "meldcode", "professional_only", "meldcode is recorded for a professional reporter only")
		return
	}
	seen := map[int]bool{}
	for i, s := range m.Steps {
		switch {
		case s < 1 || s > MeldcodeSteps:
			broke(p, fmt.Sprintf("meldcode.steps[%d]", i), "range", "a meldcode step is a number from 1 to 5")
		case seen[s]:
			broke(p, fmt.Sprintf("meldcode.steps[%d]", i), "duplicate", fmt.Sprintf("step %d is given twice", s))
		}
		seen[s] = true
	}
	for _, q := range MeldcodeQuestions {
		if a := *q.Answer(m); a != Unknown && a != Yes && a != No {
			broke(p, "meldcode."+q.Field, "enum", "meldcode."+q.Field+" must be yes, no or empty")
		}
	}
}
