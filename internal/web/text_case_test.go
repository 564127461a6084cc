package web

import (
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/casework"
)

// Every code the case side names through the catalogue by list and code
// (codeMsg) has a Dutch entry, so no code reaches a page as itself.
func TestCaseCodesHaveText(t *testing.T) {
	for _, l := range [][]choice{labelsForCase().Colours, labelsForCase().YesNo, labelsForCase().TakeOver,
		labelsForCase().Services, labelsForCase().LetterMoments, labelsForCase().FollowUps} {
		for _, c := range l {
			if strings.HasPrefix(c.Label, "[") {
				t.Errorf("the case page's choice %q has no Dutch name: %s", c.Code, c.Label)
			}
		}
	}
	for _, a := range alertAges {
		if !hasMsg("alerts.age." + a.Code) {
			t.Errorf("the alerts' age filter has no Dutch name for %q", a.Code)
		}
	}
}

// A work-queue item is worded from its kind and data through the
// catalogue; the service gives only a deadline's name.
func TestQueueLabel(t *testing.T) {
	for _, c := range []struct {
		it   casework.QueueItem
		want string
	}{
		{casework.QueueItem{Kind: casework.QueueDeadline, Label: "Veiligheidsbeoordeling"}, "Veiligheidsbeoordeling"},
		{casework.QueueItem{Kind: casework.QueueAgreement, AgreementWho: "Moeder", AgreementWhat: "Belt de huisarts"}, "Veiligheidsafspraak: Moeder: Belt de huisarts"},
		{casework.QueueItem{Kind: casework.QueueApproval, DecisionKind: authz.DecisionSafetyAssessment},
			"Besluit ter goedkeuring: Veiligheidsbeoordeling (triage)"},
		{casework.QueueItem{Kind: casework.QueueHandover, FromTeam: "Backoffice"}, "Overdracht aannemen van Backoffice"},
		{casework.QueueItem{Kind: casework.QueueHandover}, "Overdracht aannemen"},
		{casework.QueueItem{Kind: casework.QueueDeclined, Partner: "Wijkteam Tilburg"}, "Overdracht afgewezen door Wijkteam Tilburg: kies een vervolg"},
	} {
		if got := QueueLabel(c.it); got != c.want {
			t.Errorf("QueueLabel(%s) = %q, want %q", c.it.Kind, got, c.want)
		}
	}
}
