package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/demo/generate"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/stats"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
	"toren/internal/web"
	"toren/internal/web/static"
	"toren/internal/workdays"
)

// newStatsSite serves the web interface with the statistics over an
// empty SQLite database.
func newStatsSite(t *testing.T) (*httptest.Server, *store.DB) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	mun := nl.MustLoadMunicipalities()
	clock := toren.NewFixedClock(now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	assets, err := static.New(static.DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	svc := stats.New(stats.Config{Store: db, Calendar: workdays.Dutch(), Deadlines: cases.DefaultDeadlines(), Clock: clock,
		MunicipalityName: func(c string) string {
			if m, ok := mun.ByCode(c); ok {
				return m.Name
			}
			return c
		}})
	w, err := web.New(web.Config{Reader: plainReader{db}, Assets: assets, Municipalities: mun, Logger: log, Clock: clock, Version: "test", Stats: svc})
	if err != nil {
		t.Fatal(err)
	}
	mux := httpx.NewRouter()
	w.Register(mux)
	// Signed in as a team leader (who may view the statistics, not export
	// them), as the access gate would have it.
	leader := &access.Principal{Actor: authz.Actor{UserID: 1, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Tara Mulder", Origin: "test"}}
		mux.ServeHTTP(rw, r.WithContext(audit.WithRecorder(access.NewContext(r.Context(), leader), rec)))
	}))
	t.Cleanup(srv.Close)
	return srv, db
}

// words returns the words (runs of letters) of s, lower-cased.
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		out[strings.ToLower(w)] = true
	}
	return out
}

// The analyst sees no personal data: over a registry of generated
// families, every word on the statistics page is a word the page has
// without any data, or part of a municipality's name. No name, street,
// city, organisation or word of a description can be there, nor a BSN.
func TestStatisticsShowNoPersonalData(t *testing.T) {
	srv, db := newStatsSite(t)
	code, empty := get(t, srv.URL+"/statistiek?jaar=2025")
	if code != 200 {
		t.Fatalf("empty registry: %d", code)
	}
	allowed := words(empty)
	for _, m := range nl.MustLoadMunicipalities().All() {
		for w := range words(m.Name) {
			allowed[w] = true
		}
	}

	g := generate.New(generate.Config{Families: 150, Years: 2, Seed: 3, End: now})
	var batch []intake.NewReport
	var names, bsns []string
	flush := func() {
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(context.Background()), batch...); err != nil {
			t.Fatal(err)
		}
		batch = batch[:0]
	}
	err := g.Each(func(gr generate.GeneratedReport) error {
		r := gr.Report
		r.RegisteredAt = r.ReceivedAt
		batch = append(batch, intake.NewReport{Report: &r, IdempotencyKey: gr.Key})
		for _, m := range r.Persons {
			names = append(names, m.FullName())
			if m.BSN != "" {
				bsns = append(bsns, m.BSN)
			}
		}
		if len(batch) == 200 {
			flush()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flush()

	code, body := get(t, srv.URL+"/statistiek?jaar=2025")
	if code != 200 || !strings.Contains(body, "Adviesvragen en meldingen per kwartaal") {
		t.Fatalf("GET /statistiek = %d", code)
	}
	if !strings.Contains(body, "&lt;5") {
		t.Error("no count is suppressed: the test registry should have small cells")
	}
	// Counts are not pseudonymised data; the page does not call them so.
	if strings.Contains(body, "gepseudonimiseerd") || !strings.Contains(body, "alleen aantallen") {
		t.Error("the page calls the counts pseudonymised, or does not say they are counts only")
	}
	for w := range words(body) {
		if !allowed[w] {
			t.Errorf("the statistics show the word %q, which is not the page's own", w)
		}
	}
	for _, n := range names {
		if n != "" && strings.Contains(body, n) {
			t.Errorf("the statistics show the name %q", n)
		}
	}
	for _, b := range bsns {
		if strings.Contains(body, b) {
			t.Errorf("the statistics show the BSN %s", b)
		}
	}
	if len(names) < 300 || len(bsns) == 0 {
		t.Fatalf("the registry is too small to test: %d names, %d BSNs", len(names), len(bsns))
	}
}

// Every table has a caption and headers with their scope, and sits in a
// focusable, named region so that it scrolls by keyboard.
func TestStatisticsTablesAreAccessible(t *testing.T) {
	srv, _ := newStatsSite(t)
	_, body := get(t, srv.URL+"/statistiek")
	tables := regexp.MustCompile(`(?s)<div class="utrecht-table-container[^>]*>\s*<table.*?</table>`).FindAllString(body, -1)
	if len(tables) < 10 {
		t.Fatalf("%d tables", len(tables))
	}
	for _, tb := range tables {
		if !regexp.MustCompile(`tabindex="0" role="region" aria-labelledby="([a-z-]+)-titel"`).MatchString(tb) ||
			!strings.Contains(tb, `<caption class="utrecht-table__caption"`) {
			t.Errorf("table without a named region or caption:\n%.300s", tb)
		}
		for _, th := range regexp.MustCompile(`<th [^>]*>`).FindAllString(tb, -1) {
			if !strings.Contains(th, `scope="col"`) && !strings.Contains(th, `scope="row"`) {
				t.Errorf("header cell without scope: %s", th)
			}
		}
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
		t.Error("inline style or script (the CSP forbids them)")
	}
	if strings.Contains(body, "/statistiek/export.csv") {
		t.Error("the export link is shown to a user who may not export")
	}
}

// Bad input in the period filter gets the Dutch message at its field and
// no figures.
func TestStatisticsPeriodErrors(t *testing.T) {
	srv, _ := newStatsSite(t)
	tests := []struct{ query, field, message string }{
		{"jaar=1990", "jaar", "Vul een jaar in van 1995 tot en met 2026."},
		{"jaar=2025&kwartaal=5", "kwartaal", "Kies het 1e, 2e, 3e of 4e kwartaal."},
		{"van=2025-02-30&tot=2025-03-01", "van", "Vul een datum in als 31-03-2024."},
		{"van=01-03-2025&tot=01-02-2025", "tot", "De einddatum mag niet voor de begindatum liggen."},
		{"van=01-03-2025", "tot", "Vul een datum in."},
	}
	for _, tt := range tests {
		code, body := get(t, srv.URL+"/statistiek?"+tt.query)
		if code != 400 {
			t.Errorf("%s: status %d", tt.query, code)
		}
		if !strings.Contains(body, `id="`+tt.field+`-fout">`+tt.message+`</div>`) ||
			!regexp.MustCompile(`id="`+tt.field+`"[^>]*aria-describedby="`+tt.field+`-fout[^>]*aria-invalid="true"`).MatchString(body) {
			t.Errorf("%s: no message %q at field %s", tt.query, tt.message, tt.field)
		}
		if strings.Contains(body, "<table") {
			t.Errorf("%s: figures shown for bad input", tt.query)
		}
	}
	code, body := get(t, srv.URL+"/statistiek?van=15-03-2025&tot=2025-05-01")
	if code != 200 || !strings.Contains(body, "15 maart 2025 tot en met 1 mei 2025") {
		t.Errorf("a free period: %d", code)
	}
}

// The statistics keep codes; the page words every table, column and row
// from the catalogue: no key is missing, and the words are the Dutch the
// tables had (the term's days filled in).
func TestStatisticsWordedByTheCatalogue(t *testing.T) {
	srv, _ := newStatsSite(t)
	_, body := get(t, srv.URL+"/statistiek")
	if i := strings.Index(body, "[stats."); i >= 0 {
		t.Errorf("a key without words: %.80s", body[i:])
	}
	for _, want := range []string{"Kerncijfers", "Adviesvragen en meldingen per ", "Veiligheidsbeoordeling binnen 5 werkdagen",
		"Vervolg na de veiligheidsbeoordeling", "Overdracht aan het lokale veld of de al betrokken hulpverlening", "Totaal",
		"Op de dag van ontvangst", "Nog niet beoordeeld, termijn loopt nog", "% van de meldingen", "Geteld op de datum van ontvangst."} {
		if !strings.Contains(body, html.EscapeString(want)) {
			t.Errorf("the statistics page lacks %q", want)
		}
	}
}
