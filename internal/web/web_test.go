package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
	"toren/internal/web"
	"toren/internal/web/static"
)

var now = time.Date(2026, 11, 23, 3, 0, 0, 0, toren.Amsterdam)

// newSite serves the web interface over a real SQLite database holding
// the demo seed stories.
func newSite(t *testing.T) (*httptest.Server, *store.DB, []demo.SeedReport) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	mun := nl.MustLoadMunicipalities()
	clock := toren.NewFixedClock(now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := intake.NewService(db, reports.Validator{Municipalities: mun, Clock: clock}, intaketest.ExactResolver{}, clock, log)
	seeds := demo.Seed(now)
	for i := range seeds {
		if _, err := svc.Submit(context.Background(), authz.Console("test"), intake.Submission{Report: &seeds[i].Report, IdempotencyKey: seeds[i].Key}); err != nil {
			t.Fatal(err)
		}
	}
	assets, err := static.New(static.DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	w, err := web.New(web.Config{Reader: plainReader{db}, Assets: assets, Municipalities: mun, Logger: log, Clock: clock, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	mux := httpx.NewRouter()
	w.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, db, seeds
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode < 500 && !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: content type %q", url, ct)
	}
	return resp.StatusCode, string(b)
}

// The start page shows the latest reports and no list of registry
// persons: persons are found through search, where need-to-know applies.
func TestHomeShowsReportsNotTheRegistry(t *testing.T) {
	srv, db, seeds := newSite(t)
	code, body := get(t, srv.URL+"/")
	if code != 200 {
		t.Fatalf("GET / = %d", code)
	}
	n, _, p, _ := db.Counts(context.Background())
	for _, want := range []string{
		`<html lang="nl"`, "Startpagina", "Laatste meldingen",
		strconv.FormatInt(n, 10) + " meldingen", strconv.FormatInt(p, 10) + " personen",
		seeds[len(seeds)-1].Report.Number, "Politie",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
	for _, s := range seeds {
		for _, m := range s.Report.Persons {
			if m.BSN != "" && strings.Contains(body, m.BSN) {
				t.Errorf("start page shows a BSN")
			}
		}
	}
	if strings.Contains(body, "Personenregister") || strings.Contains(body, `href="/personen/`) {
		t.Error("the start page lists registry persons")
	}
}

func TestReportAndPersonPages(t *testing.T) {
	srv, db, seeds := newSite(t)
	r := seeds[0].Report
	code, body := get(t, srv.URL+"/meldingen/"+strconv.FormatInt(r.ID, 10))
	if code != 200 || !strings.Contains(body, r.Number) || !strings.Contains(body, r.Persons[0].Surname) {
		t.Fatalf("report page %d lacks the number or a person", code)
	}
	pid := r.Persons[0].PersonID
	code, body = get(t, srv.URL+"/personen/"+strconv.FormatInt(pid, 10))
	if code != 200 {
		t.Fatalf("person page = %d", code)
	}
	ms, err := db.MentionsOfPerson(context.Background(), pid)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !strings.Contains(body, m.ReportNumber) {
			t.Errorf("person page lacks report %s", m.ReportNumber)
		}
	}
}

func TestUnknownAndBadIDs(t *testing.T) {
	srv, _, _ := newSite(t)
	for _, path := range []string{"/meldingen/999999", "/meldingen/abc", "/meldingen/-1", "/personen/0", "/personen/1e3"} {
		code, body := get(t, srv.URL+path)
		if code != 404 || !strings.Contains(body, "Niet gevonden") {
			t.Errorf("GET %s = %d", path, code)
		}
	}
}

// plainReader reads without need-to-know: these tests exercise the pages;
// access is tested over the whole app in internal/cli.
type plainReader struct{ *store.DB }

func (p plainReader) PersonForAccessRequest(ctx context.Context, _ authz.Actor, id int64) (persons.Person, error) {
	return p.DB.GetPerson(ctx, id)
}

func (p plainReader) ListReports(ctx context.Context, _ authz.Actor, f reports.Filter) ([]reports.Summary, error) {
	return p.DB.ListReports(ctx, f)
}

func (p plainReader) GetReport(ctx context.Context, _ authz.Actor, id int64) (*reports.Report, error) {
	return p.DB.GetReport(ctx, id)
}

func (p plainReader) ListPersons(ctx context.Context, _ authz.Actor, f persons.Filter) ([]persons.Person, error) {
	return p.DB.ListPersons(ctx, f)
}

func (p plainReader) GetPerson(ctx context.Context, _ authz.Actor, id int64) (persons.Person, error) {
	return p.DB.GetPerson(ctx, id)
}

func (p plainReader) MentionsOfPerson(ctx context.Context, _ authz.Actor, id int64) ([]intake.PersonMention, error) {
	return p.DB.MentionsOfPerson(ctx, id)
}

func (p plainReader) AuditForPerson(ctx context.Context, _ authz.Actor, id int64, limit int) ([]audit.Entry, error) {
	return p.DB.AuditForPerson(ctx, id, limit)
}

func (p plainReader) SearchPersons(ctx context.Context, _ authz.Actor, q search.Query) (search.Result, error) {
	return p.DB.SearchPersons(ctx, q)
}

func (p plainReader) LookupNumber(ctx context.Context, _ authz.Actor, kind search.Kind, number string) (int64, error) {
	return p.DB.LookupNumber(ctx, kind, number)
}

func (p plainReader) Resource(_ context.Context, ref authz.Ref) (authz.Resource, error) {
	return authz.Resource{Kind: ref.Kind, ID: ref.ID}, nil
}
