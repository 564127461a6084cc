package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
	"toren/internal/web"
	"toren/internal/web/static"
)

// radarSite serves the web interface with the radar resolving persons and
// the review queue, signed in (without the guard) as a team leader.
func radarSite(t *testing.T) (*httptest.Server, *store.DB, map[string]*reports.Report) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	mun := nl.MustLoadMunicipalities()
	clock := toren.NewFixedClock(now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	res, err := radarsvc.NewDefault(log)
	if err != nil {
		t.Fatal(err)
	}
	svc := intake.NewService(db, reports.Validator{Municipalities: mun, Clock: clock}, res, clock, log)
	byKey := map[string]*reports.Report{}
	for _, s := range demo.Seed(now) {
		r := s.Report
		if s.Key == "demo:lisanne:care" {
			// Father by his initial only: that he lives with the mother and
			// children named beside him is then not enough to link him, and
			// the pages below have a review item to show.
			r.Persons[1].FirstNames, r.Persons[1].Initials = "", "D."
		}
		if _, err := svc.Submit(context.Background(), authz.Console("test"), intake.Submission{Report: &r, IdempotencyKey: s.Key}); err != nil {
			t.Fatal(err)
		}
		byKey[s.Key] = &r
	}
	assets, err := static.New(static.DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(registry.Config{Store: db, Index: res, Thresholds: res.Config().Thresholds, Clock: clock, Log: log,
		Persons: access.Reader{Store: db, IntakeTeam: "Frontoffice", Clock: clock}})
	w, err := web.New(web.Config{Reader: plainReader{db}, Assets: assets, Municipalities: mun, Logger: log, Clock: clock, Version: "test", Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	mux := httpx.NewRouter()
	w.Register(mux)
	signedIn := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p := &access.Principal{Actor: authz.Actor{UserID: 6, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Frontoffice"}}}
		rec := &audit.Recorder{Template: audit.Entry{ActorID: "6", ActorName: "Tara Mulder", Role: "team_leader", Origin: "test"}}
		mux.ServeHTTP(rw, r.WithContext(audit.WithRecorder(access.NewContext(r.Context(), p), rec)))
	})
	srv := httptest.NewServer(signedIn)
	t.Cleanup(srv.Close)
	return srv, db, byKey
}

func post(t *testing.T, target string, form url.Values) (int, string, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(target, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	body = html.UnescapeString(body)
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestReviewPages(t *testing.T) {
	srv, db, byKey := radarSite(t)
	police, care := byKey["demo:lisanne:police"], byKey["demo:lisanne:care"]
	code, body := get(t, srv.URL+"/radar/beoordelen")
	if code != 200 {
		t.Fatalf("list = %d", code)
	}
	items, err := db.ListReviewItems(context.Background(), registry.ReviewFilter{})
	if err != nil || len(items) == 0 {
		t.Fatalf("no review items: %v", err)
	}
	it := items[0]
	mustContain(t, "review list", body, "Koppelingen beoordelen", it.ReportNumber, "/radar/beoordelen/"+strconv.FormatInt(it.ID, 10))

	itemURL := srv.URL + "/radar/beoordelen/" + strconv.FormatInt(it.ID, 10)
	code, body = get(t, itemURL)
	if code != 200 {
		t.Fatalf("item = %d", code)
	}
	mustContain(t, "review item", body, "Naast elkaar", "Voorgestelde persoon", "Wat de radar woog", "Voornamen", "Achternaam", "gelijk",
		"Score", "automatisch koppelen vanaf een score van +10,0", "beoordelen vanaf -2,0", "Zelfde persoon", "Verschillende personen",
		`name="notitie"`, "required")

	// No note: refused, in Dutch, nothing decided.
	code, body, _ = post(t, itemURL, url.Values{"versie": {"1"}, "besluit": {"zelfde"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Schrijf in de notitie kort op waarom.") {
		t.Errorf("decision without a note: %d", code)
	}
	code, _, loc := post(t, itemURL, url.Values{"versie": {"1"}, "besluit": {"zelfde"}, "notitie": {"Zelfde vader, zelfde adres."}})
	if code != http.StatusSeeOther || loc != "/radar/beoordelen" {
		t.Fatalf("decision: %d to %q", code, loc)
	}
	// A second reviewer who still had version 1 open gets told.
	code, body, _ = post(t, itemURL, url.Values{"versie": {"1"}, "besluit": {"verschillend"}, "notitie": {"Ander persoon."}})
	if code != http.StatusConflict || !strings.Contains(body, "Iemand anders heeft deze koppeling intussen beoordeeld") {
		t.Errorf("late second decision: %d", code)
	}
	_, body = get(t, itemURL)
	mustContain(t, "decided item", body, "Zelfde persoon, besloten door Tara Mulder", "Zelfde vader, zelfde adres.")

	// The person pages explain each link.
	father := police.Persons[1].PersonID
	_, body = get(t, srv.URL+"/personen/"+strconv.FormatInt(father, 10))
	mustContain(t, "father's page", body, care.Number, "Gekoppeld na beoordeling", "beoordeeld door Tara Mulder", "als nieuwe persoon in het register",
		"<details>", "Waarom deze koppeling?")
	mother := police.Persons[0].PersonID
	_, body = get(t, srv.URL+"/personen/"+strconv.FormatInt(mother, 10))
	mustContain(t, "mother's page", body, police.Number, care.Number, "Automatisch gekoppeld door de radar", "Achternaam", "tikfout")
}

func TestMergeForms(t *testing.T) {
	srv, db, byKey := radarSite(t)
	police := byKey["demo:lisanne:police"]
	mother, witness := police.Persons[0].PersonID, police.Persons[5].PersonID
	motherURL := srv.URL + "/personen/" + strconv.FormatInt(mother, 10)
	_, body := get(t, motherURL)
	mustContain(t, "person page", body, "Samenvoegen met persoon nummer", `name="persoon"`, `name="reden"`)

	code, body, _ := post(t, motherURL+"/samenvoegen", url.Values{"persoon": {strconv.FormatInt(witness, 10)}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Schrijf in de reden kort op waarom.") {
		t.Errorf("merge without reason: %d", code)
	}
	code, body, _ = post(t, motherURL+"/samenvoegen", url.Values{"persoon": {"999999"}, "reden": {"test"}})
	if code != http.StatusNotFound || !strings.Contains(body, "Er is geen persoon met nummer 999999") {
		t.Errorf("merge with an unknown person: %d", code)
	}
	code, _, loc := post(t, motherURL+"/samenvoegen", url.Values{"persoon": {strconv.FormatInt(witness, 10)}, "reden": {"Testsamenvoeging."}})
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "/personen/"+strconv.FormatInt(mother, 10)) {
		t.Fatalf("merge: %d to %q", code, loc)
	}
	witnessURL := srv.URL + "/personen/" + strconv.FormatInt(witness, 10)
	_, body = get(t, witnessURL)
	mustContain(t, "absorbed person's page", body, "Samengevoegd met", "/personen/"+strconv.FormatInt(mother, 10), "Samenvoegen ongedaan maken")
	if strings.Contains(body, "Samenvoegen met persoon nummer") {
		t.Error("a merged-away person offers to merge again")
	}
	_, body = get(t, motherURL)
	mustContain(t, "survivor's page", body, "Samengevoegd uit", "hier gekomen door samenvoeging")

	code, body, _ = post(t, witnessURL+"/samenvoeging-ongedaan-maken", url.Values{"reden": {""}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Schrijf in de reden kort op waarom.") {
		t.Errorf("undo without reason: %d", code)
	}
	code, _, _ = post(t, witnessURL+"/samenvoeging-ongedaan-maken", url.Values{"reden": {"Vergissing."}})
	if code != http.StatusSeeOther {
		t.Fatalf("undo: %d", code)
	}
	if p, err := db.GetPerson(context.Background(), witness); err != nil || p.Mentions != 1 {
		t.Errorf("witness after the undo: %+v, %v", p, err)
	}
}
