package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/casework"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The API's case file carries the pages' words beside the codes: a step's
// unmet rule too (message_nl), which casework leaves empty.
func TestWordFileWordsUnmetRules(t *testing.T) {
	f := &casework.File{Steps: []casework.Step{{
		Transition: "assess_safety",
		Unmet:      []casework.StepRule{{Rule: "safety_assessed", Field: "safety", Message: "the safety assessment must be recorded"}},
	}}}
	WordFile(f)
	got := f.Steps[0].Unmet[0].MessageNL
	if want := msg("process.rule.safety_assessed"); got != want || got == "" {
		t.Errorf("unmet rule worded %q, want %q", got, want)
	}
	if f.Steps[0].Label == "" {
		t.Error("the step has no label")
	}
}

// A refused length or count on the intake form names its bound, the one
// the validator gives (the error's Limit).
func TestIntakeRuleWordsNameTheBound(t *testing.T) {
	r := reports.Report{Kind: reports.KindReport, Description: strings.Repeat("x", reports.MaxDescriptionLen+1)}
	for range reports.MaxPersons + 1 {
		r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleVictim, Surname: "Jansen"})
	}
	r.Persons[2].Surname = strings.Repeat("x", reports.MaxNameLen+1)
	r.Persons[3].Particle = strings.Repeat("van ", 6)
	got := intakeRuleWords(toren.FieldErrors(reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(time.Now())}.Validate(&r)))
	byField := map[string]string{}
	for _, f := range got {
		byField[f.Field+" "+f.Rule] = f.MessageNL
	}
	for key, bound := range map[string]int{"description max_length": reports.MaxDescriptionLen, "persons max_items": reports.MaxPersons,
		"persons[2].surname max_length": reports.MaxNameLen, "persons[3].particle max_length": 20} {
		if m, ok := byField[key]; !ok || !strings.Contains(m, strconv.Itoa(bound)) || strings.Contains(m, "{") {
			t.Errorf("%s worded %q, want the bound %d named (all: %v)", key, m, bound, byField)
		}
	}
}

// A case form's refused length names the bound the service gives.
func TestCaseRuleWordsNameTheLimit(t *testing.T) {
	var p toren.Problems
	p.AddLimit("note", "max_length", "may be at most 2000 characters", 2000)
	got := caseRuleWords(toren.FieldErrors(p.Err()))
	if len(got) != 1 || !strings.Contains(got[0].MessageNL, "2000") || strings.Contains(got[0].MessageNL, "{") {
		t.Errorf("worded %+v, want the bound 2000 named", got)
	}
}
