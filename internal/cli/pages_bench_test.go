package cli

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/config"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// BenchmarkPages measures the server-side time of each main page through
// the real handler chain (access gate with session and audit entry,
// need-to-know, storage, template), over a SQLite database with about
// 1,000,000 registry persons and 2,000,000 reports. It reports p50 and
// p95 per page in milliseconds; the target is p95 < 50 ms.
// TOREN_BENCH_SAMPLES sets the requests per page (default 200), and
// TOREN_BENCH_PAGES=search-name,person measures only those (to profile).
//
// Building the database takes a long while, so it is kept: TOREN_BENCH_DB
// names the file, built on the first run and reused after (the benchmark
// is skipped without it). TOREN_BENCH_PERSONS and TOREN_BENCH_REPORTS
// scale it down for a quick try (defaults 1000000 and 2000000).
//
//	TOREN_BENCH_DB=/tmp/toren-pages.db go test -run x -bench Pages -benchtime 1x -timeout 2h ./internal/cli/
func BenchmarkPages(b *testing.B) {
	path := os.Getenv("TOREN_BENCH_DB")
	if path == "" {
		b.Skip("set TOREN_BENCH_DB=/path/to/pages.db to build (once, slowly) or reuse the benchmark database")
	}
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		if err := buildPagesDB(b, path, envInt(b, "TOREN_BENCH_PERSONS", 1_000_000), envInt(b, "TOREN_BENCH_REPORTS", 2_000_000)); err != nil {
			b.Fatal(err)
		}
	}
	cfg := config.Default()
	cfg.DB, cfg.DemoMode = "sqlite:"+path, true
	a, err := app.New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	reportsN, adviceN, personsN, err := a.Store().Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("database: %d reports, %d advice requests, %d persons", reportsN, adviceN, personsN)
	if err := benchAccounts(ctx, a); err != nil {
		b.Fatal(err)
	}
	h := a.Handler()
	worker, admin := benchSignIn(b, h, "bench-intake"), benchSignIn(b, h, "bench-admin")
	samples := envInt(b, "TOREN_BENCH_SAMPLES", 200)
	pages := benchPages(b, a, personsN, reportsN+adviceN, samples)
	if only := os.Getenv("TOREN_BENCH_PAGES"); only != "" {
		// For profiling one page: TOREN_BENCH_PAGES=search-name,person.
		pages = slices.DeleteFunc(pages, func(p benchPage) bool { return !slices.Contains(strings.Split(only, ","), p.name) })
	}

	b.ResetTimer()
	var results []pageTimes
	for i := 0; i < b.N; i++ {
		results = results[:0]
		for _, p := range pages {
			cookie := worker
			if p.admin {
				cookie = admin
			}
			results = append(results, timePage(b, h, cookie, p))
		}
	}
	b.StopTimer()
	var table strings.Builder
	table.WriteString("\n| page | p50 ms | p95 ms | max ms |\n|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&table, "| %s | %.1f | %.1f | %.1f |\n", r.name, r.p50, r.p95, r.max)
		b.ReportMetric(r.p50, r.name+"-p50-ms")
		b.ReportMetric(r.p95, r.name+"-p95-ms")
	}
	// Printed, not logged: the testing package cuts a benchmark's log
	// after ten lines.
	fmt.Println(table.String())
}

type benchPage struct {
	name  string
	admin bool
	paths []string // one per sample
	want  int      // the status every sample must answer
	// orDenied also accepts 403: a report of another team's case shows
	// only that it exists.
	orDenied bool
}

type pageTimes struct {
	name          string
	p50, p95, max float64
}

func timePage(b *testing.B, h http.Handler, cookie *http.Cookie, p benchPage) pageTimes {
	b.Helper()
	ds := make([]float64, 0, len(p.paths))
	for _, path := range p.paths {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, float64(time.Since(start).Microseconds())/1000)
		if rec.Code != p.want && !(p.orDenied && rec.Code == http.StatusForbidden) {
			b.Fatalf("%s %s: status %d, want %d", p.name, path, rec.Code, p.want)
		}
	}
	slices.Sort(ds)
	q := func(f float64) float64 { return ds[min(len(ds)-1, int(f*float64(len(ds))))] }
	return pageTimes{name: p.name, p50: q(0.50), p95: q(0.95), max: ds[len(ds)-1]}
}

// benchPages picks the sample requests: random persons and reports, and
// searches for what random persons are registered with.
func benchPages(b *testing.B, a *app.App, personsN, reportsN int64, n int) []benchPage {
	b.Helper()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(7, 7))
	randomPerson := func(ok func(persons.Person) bool) persons.Person {
		for {
			p, err := a.Store().GetPerson(ctx, 1+rnd.Int64N(personsN))
			if err == nil && ok(p) {
				return p
			}
		}
	}
	pages := []benchPage{
		{name: "start", want: 200}, {name: "person", want: 200}, {name: "report", want: 200, orDenied: true},
		{name: "search-surname", want: 200}, {name: "search-name", want: 200}, {name: "search-name-dob", want: 200},
		{name: "search-bsn", want: 200}, {name: "search-postcode", want: 200}, {name: "search-dob", want: 200},
		{name: "admin-users", admin: true, want: 200},
		{name: "history", want: 200}, {name: "intake-form", want: 200}, {name: "alerts", want: 200},
		{name: "review-queue", want: 200}, {name: "cases", want: 200}, {name: "case", want: 200, orDenied: true},
	}
	var caseIDs []int64
	for id := int64(1); len(caseIDs) < 500 && id < 100_000; id += 37 {
		if _, err := a.Store().GetCase(ctx, id); err == nil {
			caseIDs = append(caseIDs, id)
		}
	}
	if len(caseIDs) == 0 {
		b.Fatal("the benchmark database has no cases")
	}
	q := func(s string) string { return "/zoeken?q=" + neturl.QueryEscape(s) }
	for i := 0; i < n; i++ {
		pages[0].paths = append(pages[0].paths, "/")
		pages[1].paths = append(pages[1].paths, "/personen/"+strconv.FormatInt(1+rnd.Int64N(personsN), 10))
		pages[2].paths = append(pages[2].paths, "/meldingen/"+strconv.FormatInt(1+rnd.Int64N(reportsN), 10))
		named := randomPerson(func(p persons.Person) bool { return len(persons.Fold(p.Surname)) >= 2 })
		pages[3].paths = append(pages[3].paths, q(strings.TrimSpace(named.Particle+" "+named.Surname)))
		pages[4].paths = append(pages[4].paths, q(named.FullName()))
		dated := randomPerson(func(p persons.Person) bool { return len(persons.Fold(p.Surname)) >= 2 && !p.BirthDate.IsZero() })
		pages[5].paths = append(pages[5].paths, q(strings.TrimSpace(dated.Particle+" "+dated.Surname)+" "+dated.BirthDate.Dutch()))
		pages[6].paths = append(pages[6].paths, q(randomPerson(func(p persons.Person) bool { return p.BSN != "" }).BSN))
		housed := randomPerson(func(p persons.Person) bool { return p.Postcode != "" })
		pages[7].paths = append(pages[7].paths, q(housed.Postcode+" "+housed.HouseNumber))
		pages[8].paths = append(pages[8].paths, q(randomPerson(func(p persons.Person) bool { return !p.BirthDate.IsZero() }).BirthDate.Dutch()))
		pages[9].paths = append(pages[9].paths, "/beheer/gebruikers")
		pages[10].paths = append(pages[10].paths, "/personen/"+strconv.FormatInt(1+rnd.Int64N(personsN), 10)+"/geschiedenis")
		pages[11].paths = append(pages[11].paths, "/meldingen/nieuw")
		pages[12].paths = append(pages[12].paths, "/signalen")
		pages[13].paths = append(pages[13].paths, "/radar/beoordelen")
		pages[14].paths = append(pages[14].paths, "/dossiers")
		pages[15].paths = append(pages[15].paths, "/dossiers/"+strconv.FormatInt(caseIDs[rnd.IntN(len(caseIDs))], 10))
	}
	return pages
}

// benchAccounts makes the intake worker (Frontoffice: every person in
// triage is theirs) and the administrator the benchmark signs in as.
func benchAccounts(ctx context.Context, a *app.App) error {
	hash, err := auth.HashPassword(apptest.Password, auth.DefaultParams())
	if err != nil {
		return err
	}
	for _, u := range []struct{ name, role, team string }{{"bench-intake", "intake", "Frontoffice,Backoffice"}, {"bench-admin", "admin", ""}} {
		if _, err := a.Store().GetUserByUsername(ctx, u.name); err == nil {
			continue
		}
		teams, err := app.EnsureTeams(ctx, a.Store(), strings.Split(u.team, ","))
		if err != nil {
			return err
		}
		now := a.Clock().Now()
		if err := a.Store().CreateUser(ctx, &accounts.User{Username: u.name, DisplayName: u.name, PasswordHash: hash, Roles: []string{u.role},
			Teams: teams, CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
	}
	return nil
}

func benchSignIn(b *testing.B, h http.Handler, username string) *http.Cookie {
	b.Helper()
	form := neturl.Values{"gebruikersnaam": {username}, "wachtwoord": {apptest.Password}}
	req := httptest.NewRequest(http.MethodPost, "/inloggen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "toren" {
			return c
		}
	}
	b.Fatalf("sign in %s: %d, no session cookie", username, rec.Code)
	return nil
}

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// buildPagesDB fills a new SQLite database through the intake service's
// batch path (validation, then store.CreateReports in transactions of
// 1,000 reports) with generated reports until there are wantReports,
// linking each mention to its true person (trueResolver), so that the
// registry holds the generator's people: families are generated for
// about wantPersons of them, and their reports are replayed (as later
// reports about the same families) until there are enough. Every 100th
// report gets a case of one of four teams, so need-to-know has work. The
// file appears under path only when complete.
func buildPagesDB(b *testing.B, path string, wantPersons, wantReports int) error {
	ctx := context.Background()
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	db, err := app.OpenStore(ctx, "sqlite:"+tmp, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	mun, err := nl.LoadMunicipalities()
	if err != nil {
		return err
	}
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)
	clock := toren.NewFixedClock(end)
	res := &trueResolver{known: map[int64]int64{}, trueIDs: map[*reports.Report][]int64{}}
	svc := intake.NewService(db, reports.Validator{Municipalities: mun, Clock: clock}, res, clock, slog.New(slog.DiscardHandler))
	// About 3.37 distinct persons are named per generated family.
	families := min(generate.MaxFamilies, max(1, wantPersons*100/337))
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: end})
	start := time.Now()
	stored, pass, logged := 0, 0, 0
	teams := []string{"Backoffice", "Team Zuid", "Team Noord", "Interventieteam"}
	var caseReports []int64
	subs := make([]intake.Submission, 0, 1000)
	flush := func() error {
		if len(subs) == 0 {
			return nil
		}
		clock.Set(subs[len(subs)-1].Report.ReceivedAt.Add(time.Minute))
		results, errs, err := svc.SubmitBatch(ctx, authz.Console("test"), subs)
		if err != nil {
			return err
		}
		for i, e := range errs {
			if e == nil && !results[i].Replayed {
				stored++
				if stored%2000 == 0 { // about 1,000 cases, 250 per team
					caseReports = append(caseReports, results[i].Report.ID)
				}
			}
		}
		clear(res.trueIDs)
		subs = subs[:0]
		if stored-logged >= 100000 {
			logged = stored
			fmt.Fprintf(os.Stderr, "build: %d reports, %d persons, %s\n", stored, len(res.known), time.Since(start).Round(time.Second))
		}
		return nil
	}
	errEnough := fmt.Errorf("enough reports")
	for stored < wantReports {
		err := g.Each(func(gr generate.GeneratedReport) error {
			if stored+len(subs) >= wantReports {
				return errEnough
			}
			r := gr.Report
			res.trueIDs[&r] = gr.TrueIDs
			subs = append(subs, intake.Submission{Report: &r, IdempotencyKey: gr.Key + "/" + strconv.Itoa(pass)})
			if len(subs) == cap(subs) {
				return flush()
			}
			return nil
		})
		if err != nil && err != errEnough {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		pass++
	}
	for i, id := range caseReports {
		c := &cases.Case{Status: cases.StatusInvestigation, Team: teams[i%len(teams)], ReportIDs: []int64{id}, OpenedAt: end}
		if err := db.CreateCase(ctx, c); err != nil {
			return err
		}
	}
	b.Logf("build: %d reports, %d persons, %d cases in %s", stored, len(res.known), len(caseReports), time.Since(start).Round(time.Second))
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// trueResolver links each mention of a generated report to the registry
// person made for its true person (the generator knows who everyone is),
// so the benchmark registry has the generator's population. It relies on
// the store asking Link for the mentions in order, one session per
// transaction.
type trueResolver struct {
	trueIDs map[*reports.Report][]int64 // of the batch being stored
	known   map[int64]int64             // true person -> registry person
}

func (r *trueResolver) Resolve(context.Context, intake.PersonFinder, reports.Mention) (int64, error) {
	return 0, fmt.Errorf("trueResolver works in sessions only")
}

func (r *trueResolver) Begin(_ context.Context, batch []intake.NewReport) intake.Session {
	s := &trueSession{r: r}
	for _, nr := range batch {
		s.queue = append(s.queue, r.trueIDs[nr.Report]...)
	}
	return s
}

type trueSession struct {
	r       *trueResolver
	queue   []int64
	pending int64 // the true person of the mention being made a new person
}

func (s *trueSession) Link(_ context.Context, _ intake.PersonFinder, _ reports.Mention, _ toren.Date) (intake.Link, error) {
	if len(s.queue) == 0 {
		return intake.Link{}, fmt.Errorf("trueResolver: more mentions than true IDs")
	}
	t := s.queue[0]
	s.queue = s.queue[1:]
	if id, ok := s.r.known[t]; ok {
		return intake.Link{PersonID: id, Method: intake.LinkExact}, nil
	}
	s.pending = t
	return intake.Link{}, nil
}

func (s *trueSession) Stored(p persons.Person) {
	if s.pending != 0 {
		s.r.known[s.pending] = p.ID
		s.pending = 0
	}
}

func (s *trueSession) Commit(commit func() error) error { return commit() }
func (s *trueSession) Abort()                           {}
