package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"toren/internal/api"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// A case manager makes the closing letters of a case over the API, as the
// case screens do: one per addressee, filed with their audit entries;
// bad input is a problem naming the request's field and files nothing;
// another team may not. On SQLite and on PostgreSQL.
func TestAPIMakesLetters(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"SQLite", nil}, {"PostgreSQL", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			testAPIMakesLetters(t, db.opts...)
		})
	}
}

func testAPIMakesLetters(t *testing.T, opts ...apptest.Option) {
	a := apptest.New(t, append(opts, apptest.Quiet())...)
	apptest.User(t, a, "iris", "Iris de Wit", []authz.Role{authz.RoleIntake}, a.Config().IntakeTeam)
	apptest.User(t, a, "cas", "Cas Jansen", []authz.Role{authz.RoleCaseManager}, "Backoffice")
	apptest.User(t, a, "zoe", "Zoë Zuid", []authz.Role{authz.RoleCaseManager}, "Team Zuid")
	ctx := apptest.System(context.Background())
	rep := &reports.Report{Kind: reports.KindReport, ReceivedAt: a.Clock().Now().Add(-48 * time.Hour), Channel: reports.ChannelPhone,
		Reporter:      reports.Reporter{Kind: reports.ReporterEducation, Name: "Juf Anna", Organisation: "OBS Het Anker", Phone: "030-1234567"},
		ViolenceTypes: []reports.ViolenceType{reports.TypeChildAbuse}, ChildrenPresent: reports.Yes, Description: "Blauwe plekken.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Sanne", Surname: "Anker", Sex: reports.SexFemale, Street: "Kade", HouseNumber: "1",
				Postcode: "3511 AA", City: "Utrecht", BirthDate: toren.MustDate("1990-01-02")},
			{Role: reports.RolePerpetrator, FirstNames: "Bram", Surname: "Anker", Sex: reports.SexMale, Street: "Kade", HouseNumber: "1",
				Postcode: "3511 AA", City: "Utrecht", BirthDate: toren.MustDate("1988-05-06")},
			{Role: reports.RoleChild, FirstNames: "Tim", Surname: "Anker", BirthDate: toren.MustDate("2018-03-04")},
		}}
	if _, err := a.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: rep}); err != nil {
		t.Fatal(err)
	}
	f, err := a.Casework().OpenCase(ctx, apptest.Actor(t, a, "iris"), casework.OpenRequest{ReportIDs: []int64{rep.ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Casework().AddCondition(ctx, apptest.Actor(t, a, "cas"), f.Case.ID, casework.ConditionInput{
		Text: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Wijkteam Utrecht-Oost"}); err != nil {
		t.Fatal(err)
	}
	persons := map[reports.Role]int64{}
	for _, m := range rep.Persons {
		persons[m.Role] = m.PersonID
	}
	srv := apptest.Serve(t, a)
	cas := srv.SignIn(t, "cas")
	path := fmt.Sprintf("/api/v1/cases/%d/letters", f.Case.ID)
	today := toren.DateOf(a.Clock().Now().In(toren.Amsterdam))
	closing := func(recipients ...int64) map[string]any {
		return map[string]any{"kind": "closing", "service": "conditions", "closed_on": today.String(),
			"conditions_until": today.AddDate(1, 0, 0).String(), "recipients": recipients,
			"case_direction": map[string]any{"organisation": "Wijkteam Utrecht-Oost"}}
	}
	filed := func() int {
		l, err := a.Store().ListLetters(context.Background(), f.Case.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}

	// Bad input: a problem naming the request's field; nothing filed.
	code, body := cas.Do(http.MethodPost, path, closing(persons[reports.RoleVictim], persons[reports.RoleChild]))
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil || code != http.StatusUnprocessableEntity ||
		!slices.ContainsFunc(p.Errors, func(fe toren.FieldError) bool { return fe.Field == "recipients" && fe.Rule == "choice" }) {
		t.Errorf("a child without an address as addressee: %d %s", code, body)
	}
	code, body = cas.Do(http.MethodPost, path, map[string]any{"kind": "feedback", "report_id": rep.ID})
	if err := json.Unmarshal(body, &p); err != nil || code != http.StatusUnprocessableEntity ||
		!slices.ContainsFunc(p.Errors, func(fe toren.FieldError) bool { return fe.Field == "moment" && fe.Rule == "required" }) {
		t.Errorf("a feedback letter without its moment: %d %s", code, body)
	}
	// Another team's case manager: refused at the gate.
	if code, body := srv.SignIn(t, "zoe").Do(http.MethodPost, path, closing(persons[reports.RoleVictim])); code != http.StatusForbidden {
		t.Errorf("a case manager of another team makes a letter: %d %s", code, body)
	}
	if n := filed(); n != 0 {
		t.Fatalf("refused requests filed %d letters", n)
	}

	// Two addressees: two letters, each with its audit entry.
	seq := apptest.AuditHead(t, a)
	code, body = cas.Do(http.MethodPost, path, closing(persons[reports.RoleVictim], persons[reports.RolePerpetrator]))
	var made api.LetterList
	if err := json.Unmarshal(body, &made); err != nil || code != http.StatusCreated || len(made.Items) != 2 {
		t.Fatalf("closing letters to two addressees: %d %s", code, body)
	}
	var generated []string
	for _, e := range apptest.AuditAfter(t, a, seq) {
		if e.Action == string(authz.ActionLetterGenerate) {
			generated = append(generated, e.ObjectID)
			if e.ActorName != "Cas Jansen" || !slices.Contains(e.PersonIDs, persons[reports.RoleVictim]) {
				t.Errorf("audit entry of a letter: %+v", e)
			}
		}
	}
	if len(generated) != 2 || generated[0] != fmt.Sprint(made.Items[0].ID) || generated[1] != fmt.Sprint(made.Items[1].ID) {
		t.Errorf("audit entries of the letters: %v, letters %+v", generated, made.Items)
	}
	if n := filed(); n != 2 {
		t.Errorf("%d letters filed, want 2", n)
	}
	// Read back as the case's letters.
	code, body = cas.Do(http.MethodGet, fmt.Sprintf("%s/%d", path, made.Items[0].ID), nil)
	var letter api.Letter
	if err := json.Unmarshal(body, &letter); err != nil || code != http.StatusOK || letter.Recipient != made.Items[0].Recipient || letter.HTML == "" {
		t.Errorf("reading the letter: %d %.300s", code, body)
	}
}
