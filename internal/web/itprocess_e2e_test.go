package web_test

import (
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
)

// The Interventieteam's phase step words the preconditions that do not
// hold (cases.InterventionTeam) from the catalogue: a referred case
// without its duo or its colour code is refused with both in Dutch.
func TestITPhaseStepWordsItsRules(t *testing.T) {
	t.Parallel()
	s := itTeam(t)
	path := itRefer(t, s, day(-3))
	status, body, _ := s.SignIn(t, "ilse").Post(path+"/fase", neturl.Values{"stap": {"start_intensive"}, "datum": {day(0)}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("the intensive phase without a duo: %d, want 422", status)
	}
	for _, want := range []string{"De intensieve fase vraagt twee IT-medewerkers.", "De kleurcode bij de start is verplicht."} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal does not say %q", want)
		}
	}
	if strings.Contains(body, "needs two IT staff") || strings.Contains(body, "[itprocess.rule") {
		t.Error("the refusal shows the API's English or a missing key")
	}
}
