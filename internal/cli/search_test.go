package cli

import (
	"context"
	"io"
	"net/http"
	neturl "net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// searchEnv is the demo app with three families of our own: the Van der
// Bergs and Özdemir in a case of the case manager's team (Backoffice),
// the other Van der Berg in a case of Team Zuid.
type searchEnv struct {
	*matrixEnv
	ours, theirs *reports.Report
	client       *http.Client
}

func newSearchEnv(t *testing.T) *searchEnv {
	t.Helper()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	now := e.app.Clock().Now()
	submit := func(ms ...reports.Mention) *reports.Report {
		r := &reports.Report{
			Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie met geweld.",
			Persons: ms,
		}
		if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	ours := submit(
		reports.Mention{Role: reports.RoleVictim, FirstNames: "Jan", Particle: "van der", Surname: "Berg", BirthDate: toren.MustDate("1980-02-01"),
			BSN: "111222333", Street: "Dorpsstraat", HouseNumber: "12", Postcode: "1234 AB", City: "Utrecht"},
		reports.Mention{Role: reports.RolePerpetrator, FirstNames: "Ayşe", Surname: "Özdemir", BirthDate: toren.MustDate("1985-07-15"),
			Street: "Dorpsstraat", HouseNumber: "14", Postcode: "1234 AB", City: "Utrecht"},
	)
	theirs := submit(reports.Mention{Role: reports.RoleVictim, FirstNames: "Piet", Particle: "van der", Surname: "Berg",
		BirthDate: toren.MustDate("1975-05-05"), Street: "Geheimstraat", HouseNumber: "9", Postcode: "9999 ZZ", City: "Groningen"})
	for _, c := range []*cases.Case{
		{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{ours.ID}, OpenedAt: now},
		{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{theirs.ID}, OpenedAt: now},
	} {
		if err := e.app.Store().CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	client, _ := e.signIn(t, "casemanager")
	return &searchEnv{matrixEnv: e, ours: ours, theirs: theirs, client: client}
}

func (e *searchEnv) get(t *testing.T, path string) (int, string, string) {
	t.Helper()
	resp, err := e.client.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var rowRE = regexp.MustCompile(`(?s)<tr class="utrecht-table__row">\s*<td class="utrecht-table__cell"><a [^>]*href="/personen/(\d+)">([^<]*)</a>(.*?)</tr>`)

// hits returns the result rows of a search page: name -> row HTML.
func hits(body string) map[string]string {
	out := map[string]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		out[m[2]] = m[3]
	}
	return out
}

func TestSearchFindsPersonsHoweverTyped(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	const jan, piet, ayse = "Berg, Jan van der", "Berg, Piet van der", "Özdemir, Ayşe"
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"vd berg", []string{jan, piet}},
		{"van den Berg", []string{jan, piet}},
		{"Berg", []string{jan, piet}},
		{"Jan vd Berg", []string{jan}},
		{"ozdemir", []string{ayse}},
		{"111222333", []string{jan}},
		{"1112.22.333", []string{jan}},
		{"01-02-1980", []string{jan}},
		{"1234 AB", []string{jan, ayse}},
		{"1234ab 14", []string{ayse}},
		{"berg 05-05-1975", []string{piet}},
	} {
		code, body, _ := e.get(t, "/zoeken?q="+neturl.QueryEscape(tt.q))
		got := hits(body)
		if code != http.StatusOK || len(got) != len(tt.want) {
			t.Errorf("search %q: %d, hits %v; want %v", tt.q, code, keys(got), tt.want)
			continue
		}
		for _, name := range tt.want {
			if _, ok := got[name]; !ok {
				t.Errorf("search %q: %s not found (hits %v)", tt.q, name, keys(got))
			}
		}
	}
	// The advanced form finds the same.
	code, body, _ := e.get(t, "/zoeken?achternaam="+neturl.QueryEscape("Berg, van der")+"&voornaam=J.&geboortedatum=01-02-1980")
	if got := hits(body); code != http.StatusOK || len(got) != 1 || got[jan] == "" {
		t.Errorf("advanced search: %d %v", code, keys(got))
	}
}

// A person outside the case manager's teams is a signal-only hit: the name
// and that signals exist, the team to ask, and no address.
func TestSearchAppliesNeedToKnow(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	_, body, _ := e.get(t, "/zoeken?q=vd+berg")
	got := hits(body)
	own, other := got["Berg, Jan van der"], got["Berg, Piet van der"]
	if !strings.Contains(own, "Dorpsstraat 12") || strings.Contains(own, "Alleen signaal") {
		t.Errorf("own team's person: want the address, no signal notice:\n%s", own)
	}
	if !strings.Contains(other, "Alleen signaal") || !strings.Contains(other, "Team Zuid") ||
		strings.Contains(body, "Geheimstraat") || strings.Contains(body, "9999 ZZ") {
		t.Errorf("other team's person: want a signal-only hit naming Team Zuid, without address:\n%s", other)
	}
	// Through the API the same.
	code, api, _ := e.get(t, "/api/v1/persons?q=vd+berg")
	if code != http.StatusOK || !strings.Contains(api, `"access":"signal_only","teams":["Team Zuid"]`) || strings.Contains(api, "Geheimstraat") {
		t.Errorf("API search: %d %s", code, api)
	}
}

func TestSearchIsAudited(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	before := e.head(t)
	e.get(t, "/zoeken?q=ozdemir")
	e.get(t, "/zoeken?achternaam=Berg&geboortedatum=01-02-1980")
	e.get(t, "/api/v1/persons?q=111222333")
	en := e.entriesAfter(t, before)
	if len(en) != 3 {
		t.Fatalf("%d audit entries, want 3: %+v", len(en), en)
	}
	for i, want := range []string{"search: ozdemir", "search: Berg geboortedatum=01-02-1980", "search: 111222333"} {
		if en[i].Action != "person.search" || !strings.Contains(en[i].Reason, want) {
			t.Errorf("entry %d: %s %q, want person.search with %q", i, en[i].Action, en[i].Reason, want)
		}
	}
	// The persons shown are named, for their "who looked at my data".
	if ids := en[0].PersonIDs; len(ids) != 1 || ids[0] != e.ours.Persons[1].PersonID {
		t.Errorf("persons of the search entry: %v, want Özdemir %d", ids, e.ours.Persons[1].PersonID)
	}
}

func TestSearchJumpsToNumbersAndExplainsBadInput(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	code, _, loc := e.get(t, "/zoeken?q="+strings.ToLower(e.ours.Number))
	if code != http.StatusSeeOther || loc != "/meldingen/"+strconv.FormatInt(e.ours.ID, 10) {
		t.Errorf("report number: %d to %q", code, loc)
	}
	c, err := e.app.Store().GetCase(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, loc := e.get(t, "/zoeken?q="+c.Number); code != http.StatusSeeOther || loc != "/dossiers/"+strconv.FormatInt(c.ID, 10) {
		t.Errorf("case number %s: %d to %q", c.Number, code, loc)
	}
	if code, body, _ := e.get(t, "/zoeken?q=M-1999-000001"); code != http.StatusNotFound || !strings.Contains(body, "geen melding, adviesvraag of dossier met nummer M-1999-000001") {
		t.Errorf("unknown number: %d", code)
	}
	for _, tt := range []struct{ q, msg string }{
		{"123456789", "elfproef"},
		{"31-02-1990", "geen geldige datum"},
	} {
		code, body, _ := e.get(t, "/zoeken?q="+neturl.QueryEscape(tt.q))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tt.msg) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("search %q: %d, want 422 with %q next to the field", tt.q, code, tt.msg)
		}
	}
	code, body, _ := e.get(t, "/zoeken?achternaam=B&bsn=123")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="achternaam-fout">Typ minstens twee letters van de achternaam.<`) ||
		!strings.Contains(body, `id="bsn-fout">Een BSN heeft negen cijfers en voldoet aan de elfproef.<`) {
		t.Errorf("advanced form: %d, want the Dutch rule next to achternaam and bsn", code)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
