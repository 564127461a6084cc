package web

import (
	"testing"
	"time"

	"toren/internal/retention"
	"toren/internal/toren"
)

// The retention page words the plan from the catalogue: why a file is
// due under the rule, and why a run left a planned file alone (the
// store's English reasons).
func TestRetentionWords(t *testing.T) {
	p := &retentionPage{Rule: retention.Rule{YearsAfterLast: 20, ChildAge: 18}}
	child := retention.File{ChildDecides: true, YoungestChild: toren.NewDate(2010, 3, 1), Due: toren.NewDate(2028, 3, 1)}
	if got, want := p.Why(child), "het jongste kind (geboren 01-03-2010) wordt 18 op 01-03-2028"; got != want {
		t.Errorf("Why(child) = %q, want %q", got, want)
	}
	years := retention.File{LastInvolvement: time.Date(2004, 6, 2, 10, 0, 0, 0, time.UTC)}
	if got, want := p.Why(years), "20 jaar na de laatste betrokkenheid op 02-06-2004"; got != want {
		t.Errorf("Why(years) = %q, want %q", got, want)
	}
	for reason, want := range map[string]string{
		retention.SkipCaseHeld:                "er is sinds de lijst een bewaarplicht op gelegd",
		retention.SkipPersonHeld:              "er is sinds de lijst een bewaarplicht op gelegd",
		retention.SkipCaseOpen:                "een zaak in het dossier loopt weer",
		retention.SkipNewReport:               "er is sinds de lijst een nieuwe melding of zaak bij gekomen",
		retention.SkipNewCase:                 "er is sinds de lijst een nieuwe melding of zaak bij gekomen",
		retention.SkipNewContact:              "er is sinds de lijst een nieuwe melding of zaak bij gekomen",
		retention.SkipNewestRowOf + "reports": "het bevat het nieuwste nummer van de database; het gaat mee met een volgende vernietiging",
	} {
		if got := p.SkipReason(retention.Skipped{Reason: reason}); got != want {
			t.Errorf("SkipReason(%q) = %q, want %q", reason, got, want)
		}
	}
}
