package access_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/config"
	"toren/internal/intake"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The need-to-know matrix: every read route of the route table, asked by
// a user of every role about objects in each relation to the user's team,
// must show the object's content exactly to the roles written down in
// needToKnow. A GET route that is not in needToKnow fails the test, so a
// new read route cannot go without its need-to-know rule.
//
// Every user is a member of team Noord and holds one role. The relations:
const (
	own      = "own"      // a report, its person and case of team Noord, open
	other    = "other"    // the same of team Zuid, open
	closed   = "closed"   // of team Noord, the case ended: no current involvement
	involved = "involved" // a report in triage naming the person of the own case
	glass    = "glass"    // of team Zuid, and the user holds a break-glass grant on its report and person
)

var relations = []string{own, other, closed, involved, glass}

// Content is what only those who need to know may see: the description
// of a report, the address of a person, the text of a letter. Names,
// dates of birth, numbers and teams are signals, which more may see.
// Each relation's report has a violence type of its own, which a history
// shows as the content of a report.
var content = map[string]struct {
	description, street string
	violence            reports.ViolenceType
}{
	own:      {"Omschrijving eigen team", "Eigenstraat", reports.TypeChildAbuse},
	other:    {"Omschrijving ander team", "Anderstraat", reports.TypeElderAbuse},
	closed:   {"Omschrijving afgesloten", "Geslotenstraat", reports.TypeHonourRelated},
	involved: {"Omschrijving betrokken", "Eigenstraat", reports.TypeChildToParent},
	glass:    {"Omschrijving noodtoegang", "Noodstraat", reports.TypeOtherDomestic},
}

// Role sets of the expected table.
const (
	caseworkers = "intake case_manager monitoring intervention_team behavioural_scientist team_leader"
	exporter    = "case_manager intervention_team team_leader"
	nobody      = ""
)

// sees is who sees the content of the object in each relation; a relation
// missing from it has no object on that route (a person is not in
// triage by itself).
type sees map[string]string

var (
	reportContent  = sees{own: caseworkers, other: nobody, closed: caseworkers, involved: caseworkers, glass: "intake"}
	personContent  = sees{own: caseworkers, other: nobody, closed: nobody, glass: "intake"}
	historyContent = sees{own: caseworkers, other: nobody, closed: caseworkers, glass: "intake"}
	caseContent    = sees{own: caseworkers, other: nobody, closed: caseworkers, glass: nobody}
	privacyOfficer = sees{own: "privacy_officer", other: "privacy_officer", closed: "privacy_officer", glass: "privacy_officer"}
	noContent      = sees{own: nobody, other: nobody, closed: nobody, involved: nobody, glass: nobody}
)

// probe says whether a response showed the content of a relation's
// object.
type probe func(f fixture, status int, body string) bool

// showsText: the page or document holds the description or the street.
func showsText(f fixture, status int, body string) bool {
	return status == http.StatusOK && (strings.Contains(body, f.description) || strings.Contains(body, f.street))
}

// showsPDF: a PDF was handed out. Its text is in compressed, font-encoded
// streams, so only that a document came back is seen; the JSON copy's row
// checks what it holds.
func showsPDF(_ fixture, status int, body string) bool {
	return status == http.StatusOK && strings.HasPrefix(body, "%PDF-")
}

// showsHistory: a history shows its reports' content (the violence
// type), where a signal shows only that a report exists.
func showsHistory(f fixture, status int, body string) bool {
	return status == http.StatusOK && (strings.Contains(body, f.violenceLabel) || strings.Contains(body, `"`+f.violence+`"`))
}

// showsReportRow: a report list holds the report's row with its content,
// not as a signal of another team's report.
func showsReportRow(f fixture, status int, body string) bool {
	if status != http.StatusOK {
		return false
	}
	if strings.HasPrefix(strings.TrimSpace(body), "{") {
		var list struct {
			Items []reports.Summary `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			return false
		}
		for _, s := range list.Items {
			if s.Number == f.number {
				return !s.SignalOnly && len(s.ViolenceTypes) > 0
			}
		}
		return false
	}
	// The start page's table of the latest reports (alerts and work
	// queues above it link report numbers too).
	if i := strings.Index(body, `id="laatste-meldingen"`); i >= 0 {
		body = body[i:]
	}
	i := strings.Index(body, ">"+f.number+"</a>")
	if i < 0 {
		return false
	}
	row := body[i:]
	if end := strings.Index(row, "</tr>"); end >= 0 {
		row = row[:end]
	}
	return !strings.Contains(row, "de inhoud is voor dat team")
}

// needToKnow is the expected table: for every GET route, the path asked
// ({report}, {person}, {case}, {letter}, {surname} are the relation's
// object), how its content is recognised, and who sees it.
var needToKnow = map[string]struct {
	path  string
	shows probe
	sees  sees
}{
	"GET /meldingen/{id}":      {"/meldingen/{report}", showsText, reportContent},
	"GET /api/v1/reports/{id}": {"/api/v1/reports/{report}", showsText, reportContent},
	"GET /{$}":                 {"/", showsReportRow, reportContent},
	"GET /api/v1/reports":      {"/api/v1/reports", showsReportRow, reportContent},
	"GET /personen/{id}":       {"/personen/{person}", showsText, personContent},
	"GET /api/v1/persons/{id}": {"/api/v1/persons/{person}", showsText, personContent},
	"GET /api/v1/persons":      {"/api/v1/persons?surname={surname}", showsText, personContent},
	"GET /zoeken":              {"/zoeken?q={surname}", showsText, personContent},
	// The whole case file on one page (its parts are views of it).
	"GET /dossiers/{id}":     {"/dossiers/{case}?deel=alles", showsText, caseContent},
	"GET /api/v1/cases/{id}": {"/api/v1/cases/{case}", showsText, caseContent},
	"GET /api/v1/cases/{id}/letters/{item}": {"/api/v1/cases/{case}/letters/{letter}", showsText,
		sees{own: caseworkers, other: nobody, closed: caseworkers, glass: nobody}},
	// The list of a case's letters names the addressee, not the text.
	"GET /api/v1/cases/{id}/letters": {"/api/v1/cases/{case}/letters", showsText, noContent},
	"GET /dossiers/{id}/brieven/{item}": {"/dossiers/{case}/brieven/{letter}", showsText,
		sees{own: caseworkers, other: nobody, closed: caseworkers, glass: nobody}},
	// A PDF leaves Toren: export, for the case-work roles that may.
	"GET /dossiers/{id}/brieven/{item}/pdf": {"/dossiers/{case}/brieven/{letter}/pdf", showsText,
		sees{own: exporter, other: nobody, closed: exporter, glass: nobody}},
	// A history shows each report as its own page would: a closed
	// person's history still shows the team its own reports.
	"GET /personen/{id}/geschiedenis":  {"/personen/{person}/geschiedenis", showsHistory, historyContent},
	"GET /api/v1/persons/{id}/history": {"/api/v1/persons/{person}/history", showsHistory, historyContent},

	// Who looked at a person's data, and a case file's log: entries, no
	// content.
	"GET /personen/{id}/inzage":    {"/personen/{person}/inzage", showsText, noContent},
	"GET /dossiers/{id}/logboek":   {"/dossiers/{case}/logboek", showsText, noContent},
	"GET /api/v1/cases/{id}/audit": {"/api/v1/cases/{case}/audit", showsText, noContent},
	// Queues and lists of work show numbers, names and deadlines.
	"GET /dossiers":       {"/dossiers", showsText, noContent},
	"GET /api/v1/queue":   {"/api/v1/queue", showsText, noContent},
	"GET /triage":         {"/triage", showsText, noContent},
	"GET /api/v1/triage":  {"/api/v1/triage", showsText, noContent},
	"GET /signalen":       {"/signalen", showsText, noContent},
	"GET /signalen/{id}":  {"/signalen/987654", showsText, noContent},
	"GET /api/v1/alerts":  {"/api/v1/alerts", showsText, noContent},
	"GET /radar/treffers": {"/radar/treffers?achternaam_0={surname}", showsText, noContent},
	// No review items, grants to review or statistics about these
	// objects: whatever they show, it is not their content.
	"GET /radar/beoordelen":          {"/radar/beoordelen", showsText, noContent},
	"GET /radar/beoordelen/{id}":     {"/radar/beoordelen/987654", showsText, noContent},
	"GET /api/v1/review-items":       {"/api/v1/review-items", showsText, noContent},
	"GET /api/v1/review-items/{id}":  {"/api/v1/review-items/987654", showsText, noContent},
	"GET /noodtoegang":               {"/noodtoegang", showsText, noContent},
	"GET /api/v1/break-glass-grants": {"/api/v1/break-glass-grants", showsText, noContent},
	"GET /statistiek":                {"/statistiek", showsText, noContent},
	"GET /statistiek/export.csv":     {"/statistiek/export.csv", showsText, noContent},
	// Pages without case content.
	"GET /meldingen/nieuw":       {"/meldingen/nieuw", showsText, noContent},
	"GET /start":                 {"/start", showsText, noContent},
	"GET /inloggen":              {"/inloggen", showsText, noContent},
	"GET /static/":               {"/static/", showsText, noContent},
	"GET /api/v1/openapi.json":   {"/api/v1/openapi.json", showsText, noContent},
	"GET /beheer":                {"/beheer", showsText, noContent},
	"GET /beheer/gebruikers":     {"/beheer/gebruikers", showsText, noContent},
	"GET /beheer/teams":          {"/beheer/teams", showsText, noContent},
	"GET /beheer/partners":       {"/beheer/partners", showsText, noContent},
	"GET /beheer/melderssoorten": {"/beheer/melderssoorten", showsText, noContent},
	"GET /beheer/organisatie":    {"/beheer/organisatie", showsText, noContent},
	"GET /beheer/koppelingen":    {"/beheer/koppelingen", showsText, noContent},
	// The retention plan names files by their numbers only.
	"GET /bewaartermijnen": {"/bewaartermijnen", showsText, noContent},
	// Signing in at the organisation's identity provider (not configured
	// here: 404).
	"GET /inloggen/organisatie":       {"/inloggen/organisatie", showsText, noContent},
	"GET /inloggen/organisatie/terug": {"/inloggen/organisatie/terug", showsText, noContent},

	// The data subject's access copy (AVG art. 15): the privacy officer
	// gives it for any person, whatever the team.
	"GET /personen/{id}/inzage/kopie.json": {"/personen/{person}/inzage/kopie.json", showsText, privacyOfficer},
	"GET /personen/{id}/inzage/kopie.pdf":  {"/personen/{person}/inzage/kopie.pdf", showsPDF, privacyOfficer},

	// What an API client reads back: the status of a report it sent and
	// its batches, never content, and nothing to staff.
	"GET /api/v1/reports/{id}/status": {"/api/v1/reports/{report}/status", showsText, noContent},
	"GET /api/v1/report-batches/{id}": {"/api/v1/report-batches/987654", showsText, noContent},
	// The handovers to a partner, for that partner's client alone (its
	// need-to-know, and other partners' and the police's clients:
	// TestPartnerHandoverNeedToKnowAndDecline, internal/cli); no staff
	// role reads them here.
	"GET /api/v1/handovers": {"/api/v1/handovers?for=me", showsText, noContent},

	// The Interventieteam's pages hold IT cases, none of these objects;
	// need-to-know on IT cases themselves is TestNeedToKnowInterventieteam
	// (internal/cli).
	"GET /interventieteam":                         {"/interventieteam", showsText, noContent},
	"GET /interventieteam/statistiek":              {"/interventieteam/statistiek", showsText, noContent},
	"GET /interventieteam/statistiek/export.csv":   {"/interventieteam/statistiek/export.csv?jaar=2014", showsText, noContent},
	"GET /interventieteam/{id}":                    {"/interventieteam/987654", showsText, noContent},
	"GET /interventieteam/{id}/plan/{item}":        {"/interventieteam/987654/plan/1", showsText, noContent},
	"GET /api/v1/it-cases":                         {"/api/v1/it-cases", showsText, noContent},
	"GET /api/v1/it-cases/{id}":                    {"/api/v1/it-cases/987654", showsText, noContent},
	"GET /api/v1/it-statistics":                    {"/api/v1/it-statistics", showsText, noContent},
	"GET /incidentmeldingen/{id}":                  {"/incidentmeldingen/987654", showsText, noContent},
	"GET /interventieteam/{id}/plan/{item}/pdf":    {"/interventieteam/987654/plan/1/pdf", showsText, noContent},
	"GET /api/v1/it-cases/{id}/plan/{version}/pdf": {"/api/v1/it-cases/987654/plan/1/pdf", showsText, noContent},
}

// fixture is one relation's objects.
type fixture struct {
	report, person, caseID, letter int64
	number, surname                string
	description, street            string
	violence, violenceLabel        string
}

func (f fixture) path(template string) string {
	return strings.NewReplacer("{report}", strconv.FormatInt(f.report, 10), "{person}", strconv.FormatInt(f.person, 10),
		"{case}", strconv.FormatInt(f.caseID, 10), "{letter}", strconv.FormatInt(f.letter, 10), "{surname}", f.surname).Replace(template)
}

func TestNeedToKnowMatrix(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		needToKnowMatrix(t, apptest.Configure(func(*config.Config) {}))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		needToKnowMatrix(t, apptest.OnPostgres())
	})
}

func needToKnowMatrix(t *testing.T, db apptest.Option) {
	srv := apptest.Start(t, db, apptest.Quiet())
	ctx := context.Background()
	now := srv.Clock().Now()
	if _, err := app.EnsureTeams(ctx, srv.Store(), []string{"Team Noord", "Team Zuid"}); err != nil {
		t.Fatal(err)
	}
	users := map[authz.Role]int64{}
	for _, r := range authz.Roles() {
		users[r] = apptest.User(t, srv.App, "nk-"+string(r), "Noord "+string(r), []authz.Role{r}, "Team Noord").ID
	}

	maker := users[authz.RoleCaseManager]
	letterCtx := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(maker, 10), ActorName: "test", Origin: "test"}})
	fixtures := map[string]fixture{}
	// Persons of different relations differ in every field, so that the
	// radar links none of them to another (no review items).
	postcodes := map[string]string{own: "1011 AB", other: "2022 CD", closed: "3033 EF", involved: "1011 AB", glass: "4044 GH"}
	given := map[string]string{own: "Noa", other: "Wilhelmina", closed: "Karel", involved: "Noa", glass: "Bartholomeus"}
	add := func(rel, surname, bsn, born, team string, status cases.Status) fixture {
		c := content[rel]
		r := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{c.violence}, Description: c.description,
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: given[rel], Surname: surname, BSN: bsn, BirthDate: toren.MustDate(born),
				Street: c.street, HouseNumber: strconv.Itoa(len(c.street)), Postcode: postcodes[rel], City: "Amsterdam"}}}
		if _, err := srv.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		f := fixture{report: r.ID, person: r.Persons[0].PersonID, number: r.Number, surname: surname, description: c.description, street: c.street,
			violence: string(c.violence), violenceLabel: reports.LabelOf(reports.ViolenceTypes, c.violence)}
		if team != "" {
			cs := &cases.Case{Status: status, Team: team, ReportIDs: []int64{r.ID}, OpenedAt: now}
			if err := srv.Store().CreateCase(ctx, cs); err != nil {
				t.Fatal(err)
			}
			l := &letters.Record{CaseID: cs.ID, Kind: letters.KindClosing, Recipient: "Sam " + surname,
				HTML: "<p>" + c.description + "</p>", PDF: []byte("%PDF-1.4 " + c.description), CreatedBy: maker, CreatedAt: now}
			if err := srv.Store().SaveLetter(letterCtx, l); err != nil {
				t.Fatal(err)
			}
			// A contact makes the case file's own content.
			ct := &casework.Contact{Episode: 1, At: now, With: "Moeder", Role: casework.WithParent, Channel: casework.ChannelPhone,
				Summary: c.description, Recorded: casework.Stamp{ByID: maker, ByName: "test", At: now}}
			if err := srv.Store().AddContact(letterCtx, cs.ID, ct); err != nil {
				t.Fatal(err)
			}
			f.caseID, f.letter = cs.ID, l.ID
		}
		fixtures[rel] = f
		return f
	}
	ownF := add(own, "Eigenaar", "111222333", "1990-01-01", "Team Noord", cases.StatusConditions)
	add(other, "Anderman", "", "1970-02-02", "Team Zuid", cases.StatusInvestigation)
	add(closed, "Gesloten", "", "1980-03-03", "Team Noord", cases.StatusEnded)
	// A new report about the own case's person, still in triage.
	if inv := add(involved, "Eigenaar", "111222333", "1990-01-01", "", ""); inv.person != ownF.person {
		t.Fatalf("the radar did not link the new report to the person of the own case: %d, want %d", inv.person, ownF.person)
	}
	g := add(glass, "Noodgeval", "", "1965-04-04", "Team Zuid", cases.StatusInvestigation)
	for _, id := range users {
		for _, obj := range []authz.Ref{{Kind: authz.KindReport, ID: g.report}, {Kind: authz.KindPerson, ID: g.person}} {
			grant := authz.Grant{UserID: id, Object: obj, Reason: "Politie belt 02:10: acute dreiging, nodig voor de veiligheid",
				IssuedAt: now, ExpiresAt: now.Add(8 * time.Hour)}
			if _, err := srv.Store().CreateGrant(ctx, grant, audit.Entry{At: now, ActorID: strconv.FormatInt(id, 10), ActorName: "test", Origin: "test"}); err != nil {
				t.Fatal(err)
			}
		}
	}

	var read []string
	for _, rt := range srv.Routes() {
		if rt.Method == http.MethodGet {
			read = append(read, rt.Pattern())
		}
	}
	for _, p := range read {
		if _, ok := needToKnow[p]; !ok {
			t.Errorf("read route %s has no row in the need-to-know matrix", p)
		}
	}
	for p := range needToKnow {
		if !slices.Contains(read, p) {
			t.Errorf("need-to-know row %s is not a read route", p)
		}
	}
	for _, role := range authz.Roles() {
		c := srv.SignIn(t, "nk-"+string(role))
		for _, p := range read {
			row, ok := needToKnow[p]
			if !ok {
				continue
			}
			for _, rel := range relations {
				who, ok := row.sees[rel]
				if !ok {
					continue
				}
				f := fixtures[rel]
				status, body := c.Get(f.path(row.path))
				got := row.shows(f, status, body)
				want := slices.Contains(strings.Fields(who), string(role))
				if got != want {
					t.Errorf("%s as %s, %s: content shown %v, want %v (status %d)", p, role, rel, got, want, status)
				}
			}
		}
	}
}
