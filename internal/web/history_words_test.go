package web

import (
	"testing"

	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/history"
)

// A person's timeline is worded here from the facts the history gives
// (the store makes no sentences): the steps in a case, why someone is in
// the household and the kinds of event, for the page and the API alike.
func TestHistoryWords(t *testing.T) {
	for _, tt := range []struct {
		kind history.Kind
		st   history.StepFacts
		want string
	}{
		{history.KindDecision, history.StepFacts{Decision: string(casework.KindSafetyAssessment), Outcome: string(cases.CloseCase)},
			"Veiligheidsbeoordeling (triage): " + outcomeLabel(string(cases.CloseCase))},
		{history.KindDecision, history.StepFacts{Decision: string(casework.KindClosure)}, "Afsluiten"},
		{history.KindHandover, history.StepFacts{Partner: "Team Monitoring", HandoverStatus: string(casework.HandoverAccepted)},
			"Overdracht aan Team Monitoring (aanvaard)"},
		{history.KindHandover, history.StepFacts{Partner: "Wijkteam", HandoverStatus: "something_new"},
			"Overdracht aan Wijkteam (voorgesteld)"},
		{history.KindMonitoring, history.StepFacts{Months: 3}, "Monitoringsmoment na 3 maanden"},
		{history.KindMonitoring, history.StepFacts{Months: 1}, "Monitoringsmoment na 1 maand"},
	} {
		if got := HistoryStep(tt.kind, tt.st); got != tt.want {
			t.Errorf("%s %+v: %q, want %q", tt.kind, tt.st, got, tt.want)
		}
	}
	if l := outcomeLabel(string(cases.CloseCase)); l == "" || l == string(cases.CloseCase) {
		t.Errorf("the process step %s has no label", cases.CloseCase)
	}
	evs := []history.Event{{Kind: history.KindMonitoring, Step: &history.StepFacts{Months: 6}}, {Kind: history.KindReport}}
	WordSteps(evs)
	if evs[0].Step.What != "Monitoringsmoment na 6 maanden" || evs[1].Step != nil {
		t.Errorf("worded steps: %+v, %+v", evs[0].Step, evs[1].Step)
	}

	for _, tt := range []struct {
		l    history.Link
		want string
	}{
		{history.Link{Kind: history.LinkReport, ReportNumber: "M-2020-000001"}, "samen genoemd in M-2020-000001"},
		{history.Link{Kind: history.LinkReport}, "samen genoemd in een melding"},
		{history.Link{Kind: history.LinkAddress, Postcode: "3514 CN", HouseNumber: "14"}, "zelfde adres (3514 CN 14)"},
		{history.Link{Kind: history.LinkAddress}, "zelfde adres"},
	} {
		if got := historyLink(tt.l); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.l, got, tt.want)
		}
	}
}
