package cli

import (
	"context"
	"fmt"
	"html"
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
	"toren/internal/persons"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The intake form over the whole app: a signed-in intake worker, the
// guard, the intake service and SQLite.

type intakeClient struct {
	t    *testing.T
	e    *matrixEnv
	c    *http.Client
	csrf string
}

func (e *matrixEnv) intakeClient(t *testing.T, username string) *intakeClient {
	c, csrf := e.signIn(t, username)
	return &intakeClient{t: t, e: e, c: c, csrf: csrf}
}

func (ic *intakeClient) get(path string) (int, string) {
	ic.t.Helper()
	resp, err := ic.c.Get(ic.e.srv.URL + path)
	if err != nil {
		ic.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends the form with the session's CSRF token and returns the
// status, the body and the redirect target.
func (ic *intakeClient) post(path string, form neturl.Values) (int, string, string) {
	ic.t.Helper()
	v := neturl.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("csrf", ic.csrf)
	resp, err := ic.c.PostForm(ic.e.srv.URL+path, v)
	if err != nil {
		ic.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var formKeyRe = regexp.MustCompile(`name="formulier" value="([A-Za-z0-9_-]{22})"`)

// newForm opens an empty form and returns its key.
func (ic *intakeClient) newForm() string {
	ic.t.Helper()
	code, body := ic.get("/meldingen/nieuw")
	if code != http.StatusOK {
		ic.t.Fatalf("GET /meldingen/nieuw = %d", code)
	}
	m := formKeyRe.FindStringSubmatch(body)
	if m == nil {
		ic.t.Fatal("the form has no key")
	}
	return m[1]
}

// validForm is a complete report by phone about a mother and her son.
func validForm(key string, now time.Time) neturl.Values {
	return neturl.Values{
		"formulier": {key}, "actie": {"registreren"}, "kind": {"report"}, "channel": {"phone"},
		"received_at":             {now.Add(-10 * time.Minute).In(toren.Amsterdam).Format("02-01-2006 15:04")},
		"reporter.kind":           {"citizen"},
		"reporter.name":           {"Buurman Nachtegaal"},
		"reporter.phone":          {"06 1234 5678"},
		"description":             {"Buurman hoort om 02:50 geschreeuw & gebonk bij de buren; een kind huilt."},
		"acute":                   {"ja"},
		"children_present":        {"yes"},
		"violence_types":          {"partner", "witnessing_domestic"},
		"natures":                 {"physical_abuse"},
		"persons[0].role":         {"victim"},
		"persons[0].names":        {"Sanne Maria"},
		"persons[0].surname":      {"Formuliertest"},
		"persons[0].birth_date":   {"7-3-1991"},
		"persons[0].sex":          {"female"},
		"persons[0].postcode":     {"3514cn"},
		"persons[0].house_number": {"14 a"},
		"persons[0].municipality": {"Utrecht"},
		"persons[1].role":         {"child"},
		"persons[1].names":        {"J."},
		"persons[1].surname":      {"Formuliertest"},
		"persons[1].age":          {"4"},
		// An empty row, as the browser sends it: not a person.
		"persons[2].role": {""}, "persons[2].names": {""}, "persons[2].surname": {""},
	}
}

func TestIntakeInvalidSubmitKeepsEveryValue(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ic := e.intakeClient(t, "intake")
	ctx := context.Background()
	before, _, _, _ := e.app.Store().Counts(ctx)
	key := ic.newForm()
	form := neturl.Values{
		"formulier": {key}, "actie": {"registreren"}, "kind": {"report"}, "channel": {"phone"},
		"received_at":             {"gisteravond"},
		"reporter.kind":           {"citizen"},
		"reporter.organisation":   {"Buurtvereniging <De Linde>"},
		"description":             {"Geschreeuw & gestommel, \"help\" geroepen."},
		"acute":                   {"ja"},
		"children_present":        {"yes"},
		"natures":                 {"threats"},
		"persons[0].names":        {"Lisanne"},
		"persons[0].surname":      {"Wijnants"},
		"persons[0].birth_date":   {"31-02-1990"},
		"persons[0].age":          {"vier"},
		"persons[0].bsn":          {"123456789"},
		"persons[0].postcode":     {"3514 CN"},
		"persons[0].municipality": {"Gemeente Nergens"},
		"persons[1].role":         {"child"},
		"persons[1].names":        {"Fleur"},
	}
	code, body, _ := ic.post("/meldingen/nieuw", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid submit = %d, want 422", code)
	}
	// Nothing lost: every value comes back as typed.
	for name, vs := range form {
		if name == "actie" {
			continue
		}
		for _, v := range vs {
			if !strings.Contains(body, html.EscapeString(v)) && !strings.Contains(body, `value="`+v+`"`) {
				t.Errorf("%s: %q is not in the form that came back", name, v)
			}
		}
	}
	for _, want := range []string{`id="acute" name="acute" value="ja" checked`, `id="children_present-0" name="children_present" value="yes" checked`,
		`name="natures" value="threats" checked`, `value="report" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lost a choice: no %s", want)
		}
	}
	// Each error next to its field, in Dutch, tied to it for screen
	// readers, and in the summary with a link to it.
	for field, msg := range map[string]string{
		"received_at":            "Vul datum en tijd in als dd-mm-jjjj uu:mm",
		"reporter-name":          "Vul de naam van de melder in.",
		"reporter-phone":         "Vul een telefoonnummer of e-mailadres van de melder in.",
		"persons-0-role":         "Kies de rol van deze persoon.",
		"persons-0-birth_date":   "31 februari 1990 bestaat niet.",
		"persons-0-age":          "Vul de leeftijd in hele jaren in",
		"persons-0-bsn":          "Dit BSN klopt niet (elfproef).",
		"persons-0-municipality": "Onbekende gemeente.",
	} {
		if !regexp.MustCompile(`id="` + field + `-fout">[^<]*` + regexp.QuoteMeta(msg)).MatchString(body) {
			t.Errorf("%s: no error %q next to the field", field, msg)
		}
		tag := regexp.MustCompile(`<(?:input|select|textarea)[^>]* id="` + field + `"[^>]*>`).FindString(body)
		if !strings.Contains(tag, `aria-invalid="true"`) || !regexp.MustCompile(`aria-describedby="[^"]*`+field+`-fout`).MatchString(tag) {
			t.Errorf("%s: the field is not marked invalid and described by its error: %s", field, tag)
		}
		if !strings.Contains(body, `href="#`+field+`">`) {
			t.Errorf("%s: the error summary does not link to the field", field)
		}
	}
	// A group's error sits on the group.
	if !strings.Contains(body, `id="violence_types-fout">Kies minstens één vorm van geweld.`) || !strings.Contains(body, `href="#violence_types-0"`) {
		t.Error("the violence types' error is not on the group or not in the summary")
	}
	if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "punten om te verbeteren") {
		t.Error("no error summary at the top")
	}
	if after, _, _, _ := e.app.Store().Counts(ctx); after != before {
		t.Errorf("an invalid submit stored a report: %d -> %d", before, after)
	}
	if !strings.Contains(body, `value="`+key+`"`) {
		t.Error("the form's key changed: a corrected resubmit would not be protected against doubles")
	}
}

func TestIntakeSubmitStoresReportOnce(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ic := e.intakeClient(t, "intake")
	ctx := context.Background()
	before, _, _, _ := e.app.Store().Counts(ctx)
	key := ic.newForm()
	form := validForm(key, time.Now())
	// A draft saved while typing is gone once the report is registered.
	if code, body, _ := ic.post("/meldingen/concept", form); code != http.StatusOK || !strings.Contains(body, "Concept bewaard") {
		t.Fatalf("save draft: %d %s", code, body)
	}
	code, body, loc := ic.post("/meldingen/nieuw", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/meldingen/") {
		t.Fatalf("valid submit = %d to %q\n%s", code, loc, body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/meldingen/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	r, err := e.app.Store().GetReport(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != reports.KindReport || r.Channel != reports.ChannelPhone || !r.Acute || r.ChildrenPresent != reports.Yes ||
		r.Reporter.Name != "Buurman Nachtegaal" || r.RegisteredBy != "intake" || len(r.ViolenceTypes) != 2 {
		t.Errorf("stored report = %+v", r)
	}
	if len(r.Persons) != 2 {
		t.Fatalf("stored %d persons, want 2 (the empty row is no person)", len(r.Persons))
	}
	mother, child := r.Persons[0], r.Persons[1]
	if mother.FirstNames != "Sanne Maria" || !mother.BirthDate.Equal(toren.MustDate("1991-03-07")) || mother.Postcode != "3514 CN" ||
		mother.HouseNumber != "14A" || mother.Municipality != "GM0344" || mother.Sex != reports.SexFemale || mother.PersonID == 0 {
		t.Errorf("mother = %+v", mother)
	}
	if child.Initials != "J." || child.FirstNames != "" || child.Age == nil || *child.Age != 4 || child.Role != reports.RoleChild {
		t.Errorf("child = %+v", child)
	}
	// The report page says it was registered, once.
	code, body = ic.get(loc)
	if code != http.StatusOK || !strings.Contains(body, "Melding geregistreerd") || !strings.Contains(body, r.Number) {
		t.Errorf("report page after submit: %d, no flash or number", code)
	}
	if _, body := ic.get(loc); strings.Contains(body, "Melding geregistreerd") {
		t.Error("the flash shows again on reload")
	}
	// A double submit (double click, or a retry after a lost answer)
	// lands on the same report and stores nothing more.
	code, _, loc2 := ic.post("/meldingen/nieuw", form)
	if code != http.StatusSeeOther || loc2 != loc {
		t.Errorf("second submit = %d to %q, want the same report %q", code, loc2, loc)
	}
	if after, _, _, _ := e.app.Store().Counts(ctx); after != before+1 {
		t.Errorf("reports %d -> %d, want one more", before, after)
	}
	if ds, _ := e.app.Store().ListDrafts(ctx, userID(t, e, "intake"), time.Now()); len(ds) != 0 {
		t.Errorf("the draft outlived the submit: %+v", ds)
	}
	// The same key with other content is not a double: refused, nothing
	// stored, the form back with a new key.
	form.Set("description", "Iets anders.")
	code, body, _ = ic.post("/meldingen/nieuw", form)
	if code != http.StatusConflict || !strings.Contains(body, "al eerder geregistreerd") || strings.Contains(body, `value="`+key+`"`) {
		t.Errorf("changed resubmit with the same key: %d", code)
	}
	if after, _, _, _ := e.app.Store().Counts(ctx); after != before+1 {
		t.Errorf("a changed resubmit stored a report")
	}
	// Another worker's form with the same key is their own report.
	cm := e.intakeClient(t, "casemanager")
	if code, _, loc3 := cm.post("/meldingen/nieuw", validForm(key, time.Now())); code != http.StatusSeeOther || loc3 == loc {
		t.Errorf("another user's submit with the same key: %d to %q", code, loc3)
	}
}

func TestIntakePersonRows(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ic := e.intakeClient(t, "intake")
	key := ic.newForm()
	form := neturl.Values{"formulier": {key}, "persons[0].surname": {"Eerste"}, "persons[1].surname": {"Tweede"}, "description": {"Tekst"}}

	// Without JavaScript: the button posts the form, which comes back with
	// one more row, focus on its first field, nothing else changed.
	form.Set("actie", "persoon-toevoegen")
	code, body, _ := ic.post("/meldingen/nieuw", form)
	if code != http.StatusOK || !strings.Contains(body, `id="persons-2-role" name="persons[2].role" autofocus`) ||
		!strings.Contains(body, `value="Eerste"`) || !strings.Contains(body, `value="Tweede"`) || !strings.Contains(body, ">Tekst</textarea>") {
		t.Errorf("add a row without JavaScript: %d", code)
	}
	if strings.Contains(body, "persons-3-") {
		t.Error("more than one row added")
	}
	// With htmx: just the new row, numbered after the last.
	code, body, _ = ic.post("/meldingen/nieuw/persoon", form)
	if code != http.StatusOK || !strings.Contains(body, `id="persoon-2"`) || !strings.Contains(body, "Persoon 3</legend>") ||
		!strings.Contains(body, `autofocus`) || strings.Contains(body, "<html") {
		t.Errorf("add a row with htmx: %d\n%s", code, body)
	}
	for _, f := range []string{"role", "names", "particle", "surname", "birth_date", "age", "sex", "bsn", "postcode", "house_number", "municipality"} {
		if !strings.Contains(body, `<label class="utrecht-form-label" for="persons-2-`+f+`">`) {
			t.Errorf("the new row's %s has no label", f)
		}
	}
	// A remove button that names no row of the form changes nothing.
	for _, bad := range []string{"verwijder-x", "verwijder-9", "verwijder--1"} {
		form.Set("actie", bad)
		code, body, _ := ic.post("/meldingen/nieuw", form)
		if code != http.StatusBadRequest || !strings.Contains(body, `value="Eerste"`) || !strings.Contains(body, `value="Tweede"`) {
			t.Errorf("%s: %d, the rows did not stay", bad, code)
		}
	}
	// Removing row 1 keeps the others, renumbered.
	form.Set("actie", "verwijder-0")
	_, body, _ = ic.post("/meldingen/nieuw", form)
	if strings.Contains(body, `value="Eerste"`) || !strings.Contains(body, `name="persons[0].surname" value="Tweede"`) {
		t.Error("removing the first row did not keep the second as the first")
	}
}

func TestIntakeRadarHits(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	ps, err := e.app.Store().ListPersons(ctx, persons.Filter{Surname: "Wijnands"})
	if err != nil || len(ps) != 1 {
		t.Fatalf("Lisanne's mother in the demo registry: %v %d", err, len(ps))
	}
	mother := ps[0]
	variant := neturl.Values{"persons[3].names": {"Lisanne"}, "persons[3].surname": {"Wijnant"},
		"persons[3].birth_date": {mother.BirthDate.Dutch()}, "persons[3].role": {"victim"}}

	ic := e.intakeClient(t, "intake")
	before := e.head(t)
	code, body := ic.get("/radar/treffers?" + variant.Encode())
	if code != http.StatusOK || !strings.Contains(body, "Lisanne Johanna Wijnands") || !strings.Contains(body, `href="/personen/`+strconv.FormatInt(mother.ID, 10)+`"`) ||
		!strings.Contains(body, mother.BirthDate.Dutch()) || !strings.Contains(body, "Utrecht") || !strings.Contains(body, "2 eerdere signalen") {
		t.Fatalf("hits for a spelling variant of Lisanne's mother: %d\n%s", code, body)
	}
	if strings.Contains(body, "opvanglocatie") || strings.Contains(body, "Merelstraat") || strings.Contains(body, "M-20") {
		t.Error("the hits show report content, an address or a report number")
	}
	en := e.entriesAfter(t, before)
	if len(en) != 1 || en[0].Action != "person.search" || !strings.Contains(en[0].Reason, "Lisanne Wijnant") || !containsID(en[0].PersonIDs, mother.ID) {
		t.Errorf("the look-up is not logged with its terms and the persons shown: %+v", en)
	}
	// Too little typed: no search.
	if _, body := ic.get("/radar/treffers?persons%5B0%5D.surname=W"); strings.Contains(body, "Wijnands") {
		t.Error("one letter searched the registry")
	}

	// The index-backed look-up (for when the app runs the radar resolver)
	// finds her as well.
	res, err := radarsvc.NewDefault(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Load(ctx, e.app.Store()); err != nil {
		t.Fatal(err)
	}
	hits, err := res.Hits(ctx, reports.Mention{FirstNames: "Lisanne", Surname: "Wijnant", BirthDate: mother.BirthDate}, toren.DateOf(time.Now()))
	if err != nil || len(hits) == 0 || !hasHit(hits, mother.ID) {
		t.Errorf("index hits = %+v, %v; want Lisanne's mother (%d)", hits, err, mother.ID)
	}

	// Need-to-know: a person in another team's case is shown as known,
	// with the team to ask, and nothing of what was reported.
	now := e.app.Clock().Now()
	r := &reports.Report{
		Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Geschreeuw in de Geheimstraat.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Noa", Surname: "Anderteam", BirthDate: toren.MustDate("1994-03-03"),
			Street: "Geheimstraat", HouseNumber: "9", Postcode: "1011 AB", City: "Amsterdam"}},
	}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
		t.Fatal(err)
	}
	if err := e.app.Store().CreateCase(ctx, &cases.Case{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{r.ID}, OpenedAt: now}); err != nil {
		t.Fatal(err)
	}
	cm := e.intakeClient(t, "casemanager")
	code, body = cm.get("/radar/treffers?" + neturl.Values{"persons[0].names": {"Noa"}, "persons[0].surname": {"Andertaem"}, "persons[0].birth_date": {"03-03-1994"}}.Encode())
	if code != http.StatusOK || !strings.Contains(body, "Noa Anderteam") || !strings.Contains(body, "Team Zuid") {
		t.Fatalf("hit in another team's case: %d\n%s", code, body)
	}
	for _, secret := range []string{"Geschreeuw", "Geheimstraat", r.Number, "1011 AB"} {
		if strings.Contains(body, secret) {
			t.Errorf("a worker without need-to-know sees %q", secret)
		}
	}
	// The same person for a worker of that team: no team to ask.
	if _, body := ic.get("/radar/treffers?" + variant.Encode()); strings.Contains(body, "neem contact op met") {
		t.Error("a worker who may see the person is told to ask another team")
	}
}

func TestIntakeDraftsArePrivate(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	iris := e.intakeClient(t, "intake")
	key := iris.newForm()
	form := neturl.Values{"formulier": {key}, "description": {"Concepttekst over Vertrouwelijk"}, "persons[0].surname": {"Conceptpersoon"}}
	code, body, _ := iris.post("/meldingen/concept", form)
	if code != http.StatusOK || !strings.Contains(body, "Concept bewaard om") {
		t.Fatalf("save draft: %d %s", code, body)
	}
	// "Concept hervatten" on a new form, and the draft restored in full.
	_, body = iris.get("/meldingen/nieuw")
	if !strings.Contains(body, "Concept hervatten: Melding over Conceptpersoon") || !strings.Contains(body, "/meldingen/nieuw?concept="+key) {
		t.Fatalf("the new form does not offer the draft:\n%s", body)
	}
	_, body = iris.get("/meldingen/nieuw?concept=" + key)
	if !strings.Contains(body, "Concepttekst over Vertrouwelijk</textarea>") || !strings.Contains(body, `value="Conceptpersoon"`) || !strings.Contains(body, `value="`+key+`"`) {
		t.Error("resuming the draft did not restore it under its key")
	}
	// Another user, even with the key, sees nothing of it.
	cas := e.intakeClient(t, "casemanager")
	for _, path := range []string{"/meldingen/nieuw", "/meldingen/nieuw?concept=" + key} {
		if _, body := cas.get(path); strings.Contains(body, "Vertrouwelijk") || strings.Contains(body, "Conceptpersoon") {
			t.Errorf("%s shows another user's draft", path)
		}
	}
	// Their save and delete under that key touch only their own.
	cas.post("/meldingen/concept", neturl.Values{"formulier": {key}, "description": {"Van Cas"}})
	cas.post("/meldingen/concept/verwijderen", neturl.Values{"formulier": {key}})
	if _, body := iris.get("/meldingen/nieuw?concept=" + key); !strings.Contains(body, "Concepttekst over Vertrouwelijk") {
		t.Error("another user's save or delete changed the draft")
	}
	// The author deletes it.
	if code, _, loc := iris.post("/meldingen/concept/verwijderen", neturl.Values{"formulier": {key}}); code != http.StatusSeeOther || loc != "/meldingen/nieuw" {
		t.Errorf("delete draft: %d %q", code, loc)
	}
	if _, body := iris.get("/meldingen/nieuw?concept=" + key); strings.Contains(body, "Vertrouwelijk") || !strings.Contains(body, "bestaat niet (meer)") {
		t.Error("a deleted draft still opens")
	}
	// An empty form is not saved.
	if _, body, _ := iris.post("/meldingen/concept", neturl.Values{"formulier": {iris.newForm()}, "kind": {"report"}}); !strings.Contains(body, "Nog niets ingevuld") {
		t.Errorf("an empty form: %s", body)
	}
	// One draft more than the store keeps: the status line says why, in
	// Dutch with the number (draft.rule.max_items), and the form is kept.
	for i := range intake.MaxDraftsPerUser {
		if code, body, _ := iris.post("/meldingen/concept", neturl.Values{"formulier": {fmt.Sprintf("concept%015d", i)}, "description": {"Veel"}}); code != http.StatusOK || !strings.Contains(body, "Concept bewaard om") {
			t.Fatalf("draft %d: %d %s", i, code, body)
		}
	}
	code, body, _ = iris.post("/meldingen/concept", neturl.Values{"formulier": {iris.newForm()}, "description": {"Eén te veel"}})
	if want := fmt.Sprintf("Concept niet bewaard. U heeft al %d concepten. Rond er een af of verwijder er een.", intake.MaxDraftsPerUser); !strings.Contains(body, want) {
		t.Errorf("one draft too many: %d %s, want %q", code, body, want)
	}
}

// The start page links to the form for those who may register, and not
// for those who may not.
func TestIntakeLinkOnStartPage(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	if _, body := e.intakeClient(t, "intake").get("/"); !strings.Contains(body, `href="/meldingen/nieuw"`) {
		t.Error("the start page does not link to the intake form")
	}
	if _, body := e.intakeClient(t, "teamleider").get("/"); strings.Contains(body, `href="/meldingen/nieuw"`) {
		t.Error("the start page links a team leader to a form they may not use")
	}
}

func userID(t *testing.T, e *matrixEnv, username string) int64 {
	t.Helper()
	u, err := e.app.Store().GetUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func hasHit(hits []radarsvc.Hit, id int64) bool {
	for _, h := range hits {
		if h.PersonID == id {
			return true
		}
	}
	return false
}
