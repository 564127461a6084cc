package cli

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// An IT case is content of the Interventieteam: a case manager who
// referred the family, and every other team, learn only that the family
// is known to the IT and whom to ask, in the web interface and the API;
// the IT team reads it in full; every look is audited.
func TestNeedToKnowInterventieteam(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	cmActor := apptest.Actor(t, e.app, "casemanager")
	num := func(f float64) *float64 { return &f }
	c, err := e.app.ITTeam().Refer(apptest.System(ctx), cmActor, itteamsvc.Referral{Family: "Familie Geheimhouden", Referrer: "HG-overleg",
		On: toren.DateOf(e.app.Clock().Now()), Admitted: true, Reason: "Dreiging na vrijlating van de pleger; HG-overleg besluit tot inzet.",
		Answers: map[string]itteam.Answer{"veiligheidsschaal": {Number: num(2)}}})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(c.ID, 10)
	get := func(c *http.Client, path string) (int, string) {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, user := range []string{"casemanager", "monitoring", "intake"} {
		cl, _ := e.signIn(t, user)
		before := e.head(t)
		code, body := get(cl, "/interventieteam/"+id)
		if code != http.StatusOK || !strings.Contains(body, "bekend bij het Interventieteam") || strings.Contains(body, "Checklist bij aanmelding") ||
			strings.Contains(body, "Dreiging na vrijlating") {
			t.Errorf("%s on the IT case page: %d, more than the signal shown", user, code)
		}
		if en := e.entriesAfter(t, before); len(en) != 1 || en[0].Action != "case.view" || en[0].ObjectID != id ||
			!strings.Contains(en[0].Reason, "signal only") || en[0].Outcome != audit.OutcomeOK {
			t.Errorf("%s's look not audited as a signal-only view of the IT case: %+v", user, en)
		}
		code, body = get(cl, "/api/v1/it-cases/"+id)
		if code != http.StatusOK || !strings.Contains(body, `"level":"signal_only"`) || strings.Contains(body, "Dreiging") || strings.Contains(body, `"case":`) {
			t.Errorf("%s through the API: %d %s", user, code, body)
		}
		if code, body := get(cl, "/interventieteam"); code != http.StatusOK || strings.Contains(body, `href="/interventieteam/`+id+`"`) {
			t.Errorf("%s's list links to the IT case: %d", user, code)
		}
	}
	it, _ := e.signIn(t, "interventieteam")
	if code, body := get(it, "/interventieteam/"+id); code != http.StatusOK || !strings.Contains(body, "Checklist bij aanmelding") || !strings.Contains(body, "Dreiging na vrijlating") {
		t.Errorf("the IT team on its own case: %d", code)
	}
	if code, body := get(it, "/api/v1/it-cases/"+id); code != http.StatusOK || !strings.Contains(body, `"level":"full"`) {
		t.Errorf("the IT team through the API: %d", code)
	}
}
