package storetest

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/stats"
	"toren/internal/store"
	"toren/internal/toren"
)

// The statistics' queries (stats.Store): each table's counts over a small
// registry whose answer is known, with reports on both sides of the
// period's edges in Amsterdam time and around the switch to summer time.

func utcAt(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// statsReport is a report in the statistics' registry.
type statsReport struct {
	kind     reports.Kind
	at       string // UTC
	reporter reports.ReporterKind
	acute    bool
	children reports.Tri
	types    []reports.ViolenceType
	mun      string
	sameAs   int // 1-based index of an earlier report naming the same person; 0 for a new person
}

func testStats(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// Year 2024 in Amsterdam runs from 2023-12-31 23:00 to 2024-12-31 23:00 UTC.
	regs := []statsReport{
		// 1: 01:30 in winter time on the day summer time starts (first quarter).
		{reports.KindReport, "2024-03-31 00:30", reports.ReporterPolice, true, reports.Yes, []reports.ViolenceType{reports.TypePartner}, "GM0153", 0},
		// 2: 03:30 summer time, the same person: a repeat report.
		{reports.KindReport, "2024-03-31 01:30", reports.ReporterCitizen, false, reports.Unknown,
			[]reports.ViolenceType{reports.TypeExPartner, reports.TypeChildAbuse}, "GM0363", 1},
		// 3: an advice request without a kind of violence or municipality.
		{reports.KindAdvice, "2024-07-01 10:00", reports.ReporterEducation, false, reports.Unknown, nil, "", 0},
		// 4: 00:30 on New Year's Day in Amsterdam, still 2023 in UTC.
		{reports.KindReport, "2023-12-31 23:30", reports.ReporterPolice, false, reports.No, []reports.ViolenceType{reports.TypePartner}, "GM0153", 5},
		// 5: 23:30 on New Year's Eve 2023 in Amsterdam: outside the period, but
		// it makes report 4 a repeat report (it is stored later, with a
		// higher ID: "earlier" is by receipt).
		{reports.KindReport, "2023-12-31 22:30", reports.ReporterPolice, false, reports.No, []reports.ViolenceType{reports.TypePartner}, "GM0153", 0},
		// 6: the last minute of 2024 in Amsterdam.
		{reports.KindReport, "2024-12-31 22:59", reports.ReporterPolice, false, reports.Yes, []reports.ViolenceType{reports.TypeElderAbuse}, "GM0153", 0},
		// 7: the first minute of 2025 in Amsterdam.
		{reports.KindReport, "2024-12-31 23:00", reports.ReporterPolice, true, reports.Yes, []reports.ViolenceType{reports.TypePartner}, "GM0153", 0},
	}
	// Report 5 must exist before 4 names its person: store 5 first.
	order := []int{0, 1, 2, 4, 3, 5, 6}
	stored := make([]*reports.Report, len(regs))
	for _, i := range order {
		g := regs[i]
		r := sample(g.kind)
		r.ReceivedAt, r.RegisteredAt = utcAt(g.at), utcAt(g.at).Add(time.Minute)
		r.Reporter.Kind, r.ExternalRef = g.reporter, ""
		r.Acute, r.ChildrenPresent, r.ViolenceTypes, r.Municipality = g.acute, g.children, g.types, g.mun
		r.Persons = r.Persons[:1]
		if g.sameAs > 0 {
			r.Persons[0].PersonID = stored[g.sameAs-1].Persons[0].PersonID
		}
		create(t, db, r, "")
		stored[i] = r
	}

	// Case files: 1 from reports 1 and 2, assessed half an hour into 6
	// April (summer time); 2 from report 4, not assessed; 3 from report
	// 6, assessed half an hour into 2025.
	open := func(rs ...*reports.Report) *cases.Case {
		c := &cases.Case{Status: cases.StatusSafetyAssessment, Team: "Frontoffice", OpenedAt: rs[0].ReceivedAt}
		for _, r := range rs {
			c.ReportIDs = append(c.ReportIDs, r.ID)
		}
		if err := db.OpenCase(actorCtx("1", "Iris"), c, casework.TransitionRecord{Episode: 1, To: c.Status,
			Transition: casework.TransitionOpen, Recorded: casework.Stamp{ByID: 1, At: rs[0].ReceivedAt}}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	decide := func(c *cases.Case, kind authz.DecisionKind, outcome string, status casework.DecisionStatus, at string) {
		t.Helper()
		d := &casework.Decision{CaseID: c.ID, Episode: 1, Kind: kind, Outcome: outcome, Reasoning: "Afweging.",
			Proposed: casework.Stamp{ByID: 1, ByName: "Iris", At: utcAt(at).Add(-time.Hour)}}
		if err := db.ProposeDecision(actorCtx("1", "Iris"), d); err != nil {
			t.Fatal(err)
		}
		d.Status, d.Decided = status, &casework.Stamp{ByID: 2, ByName: "Gerda", At: utcAt(at)}
		if err := db.DecideDecision(actorCtx("2", "Gerda"), d, 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	c1, _, c3 := open(stored[0], stored[1]), open(stored[3]), open(stored[5])
	decide(c1, casework.KindSafetyAssessment, string(cases.DecideHandover), casework.DecisionRefused, "2024-04-02 09:00")
	decide(c1, casework.KindSafetyAssessment, casework.OutcomeVTService, casework.DecisionApproved, "2024-04-05 22:30")
	decide(c1, casework.KindInterventionChoice, string(cases.DecideConditions), casework.DecisionApproved, "2024-04-10 09:00")
	decide(c3, casework.KindSafetyAssessment, string(cases.DecideHandover), casework.DecisionApproved, "2024-12-31 23:30")

	year := stats.Year(2024)
	r := year.Range()
	bounds := []time.Time{}
	for _, b := range year.Buckets() {
		bounds = append(bounds, b.Range.From)
	}
	bounds = append(bounds, r.To)

	check := func(what string, got, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", what, diff)
		}
	}
	err := db.StatsSnapshot(ctx, func(q stats.Queries) error {
		vol, err := q.StatsVolume(ctx, r, bounds)
		must(t, err)
		sortBy(vol, func(v stats.VolumeRow) string { return string(rune('0'+v.Bucket)) + string(v.Kind) })
		check("volume per quarter", vol, []stats.VolumeRow{{Bucket: 0, Kind: reports.KindReport, N: 3}, {Bucket: 2, Kind: reports.KindAdvice, N: 1}, {Bucket: 3, Kind: reports.KindReport, N: 1}})

		july := stats.Period{From: toren.MustDate("2024-07-01"), To: toren.MustDate("2024-07-31")}
		vol, err = q.StatsVolume(ctx, july.Range(), []time.Time{july.Range().From, july.Range().To})
		must(t, err)
		check("volume of one bucket", vol, []stats.VolumeRow{{Bucket: 0, Kind: reports.KindAdvice, N: 1}})

		rep, err := q.StatsReporters(ctx, r)
		must(t, err)
		sortBy(rep, func(v stats.ReporterRow) string { return string(v.Kind) + string(v.Reporter) })
		check("reporters", rep, []stats.ReporterRow{{Reporter: reports.ReporterEducation, Kind: reports.KindAdvice, N: 1},
			{Reporter: reports.ReporterCitizen, Kind: reports.KindReport, N: 1}, {Reporter: reports.ReporterPolice, Kind: reports.KindReport, N: 3}})

		types := []reports.ViolenceType{reports.TypePartner, reports.TypeExPartner, reports.TypeChildAbuse, reports.TypeElderAbuse, reports.TypeHonourRelated}
		vio, err := q.StatsViolence(ctx, r, types)
		must(t, err)
		sortBy(vio, func(v stats.ViolenceRow) string { return string(v.Kind) })
		check("violence (partner is not ex_partner)", vio, []stats.ViolenceRow{
			{Kind: reports.KindAdvice, N: 1, ByType: []int64{0, 0, 0, 0, 0}, None: 1},
			{Kind: reports.KindReport, N: 4, ByType: []int64{2, 1, 1, 1, 0}, None: 0}})

		mun, err := q.StatsMunicipalities(ctx, r)
		must(t, err)
		sortBy(mun, func(v stats.MunicipalityRow) string { return string(v.Kind) + v.Municipality })
		check("municipalities", mun, []stats.MunicipalityRow{{Municipality: "", Kind: reports.KindAdvice, N: 1},
			{Municipality: "GM0153", Kind: reports.KindReport, N: 3}, {Municipality: "GM0363", Kind: reports.KindReport, N: 1}})

		ch, err := q.StatsChildren(ctx, r)
		must(t, err)
		sortBy(ch, func(v stats.ChildrenRow) string { return string(v.Kind) + string(v.Children) })
		check("children", ch, []stats.ChildrenRow{{Children: reports.Unknown, Kind: reports.KindAdvice, N: 1},
			{Children: reports.Unknown, Kind: reports.KindReport, N: 1}, {Children: reports.No, Kind: reports.KindReport, N: 1},
			{Children: reports.Yes, Kind: reports.KindReport, N: 2}})

		ac, err := q.StatsAcute(ctx, r)
		must(t, err)
		sortBy(ac, func(v stats.AcuteRow) string { return string(v.Kind) + map[bool]string{false: "0", true: "1"}[v.Acute] })
		check("acute", ac, []stats.AcuteRow{{Acute: false, Kind: reports.KindAdvice, N: 1}, {Acute: false, Kind: reports.KindReport, N: 3}, {Acute: true, Kind: reports.KindReport, N: 1}})

		rp, err := q.StatsRepeats(ctx, r)
		must(t, err)
		sortBy(rp, func(v stats.RepeatRow) string { return map[bool]string{false: "0", true: "1"}[v.Repeat] })
		check("repeats", rp, []stats.RepeatRow{{Repeat: false, N: 2}, {Repeat: true, N: 2}})

		dec, err := q.StatsDecisions(ctx, r)
		must(t, err)
		sortBy(dec, func(v stats.DecisionRow) string { return string(v.Kind) + v.Outcome })
		check("decisions approved in 2024", dec, []stats.DecisionRow{
			{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideConditions), N: 1},
			{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, N: 1}})

		as, err := q.StatsAssessments(ctx, r)
		must(t, err)
		sortBy(as, func(v stats.AssessmentRow) string { return v.Received.String() })
		check("assessments", as, []stats.AssessmentRow{
			{Received: toren.MustDate("2024-01-01"), N: 1},
			{Received: toren.MustDate("2024-03-31"), Assessed: toren.MustDate("2024-04-06"), Acute: true, N: 1},
			{Received: toren.MustDate("2024-12-31"), Assessed: toren.MustDate("2025-01-01"), N: 1}})

		// An empty period gives no rows, not an error.
		empty := stats.Year(2010).Range()
		if got, err := q.StatsRepeats(ctx, empty); err != nil || len(got) != 0 {
			t.Errorf("repeats of an empty year: %v, %v", got, err)
		}
		if got, err := q.StatsAssessments(ctx, empty); err != nil || len(got) != 0 {
			t.Errorf("assessments of an empty year: %v, %v", got, err)
		}
		return nil
	})
	must(t, err)

	// The queries of one snapshot see one state: a report stored meanwhile
	// shows in the next snapshot only.
	err = db.StatsSnapshot(ctx, func(q stats.Queries) error {
		before, err := q.StatsAcute(ctx, r)
		must(t, err)
		extra := sample(reports.KindReport)
		extra.ReceivedAt, extra.RegisteredAt, extra.ExternalRef = utcAt("2024-06-01 12:00"), utcAt("2024-06-01 12:00"), ""
		create(t, db, extra, "")
		after, err := q.StatsAcute(ctx, r)
		must(t, err)
		check("acute within one snapshot", after, before)
		return nil
	})
	must(t, err)
	must(t, db.StatsSnapshot(ctx, func(q stats.Queries) error {
		ac, err := q.StatsAcute(ctx, r)
		must(t, err)
		sortBy(ac, func(v stats.AcuteRow) string { return string(v.Kind) + map[bool]string{false: "0", true: "1"}[v.Acute] })
		check("acute in the next snapshot", ac, []stats.AcuteRow{{Acute: false, Kind: reports.KindAdvice, N: 1},
			{Acute: false, Kind: reports.KindReport, N: 3}, {Acute: true, Kind: reports.KindReport, N: 2}})
		return nil
	}))
}

// testStatsLocalDay checks the database's Amsterdam calendar day of an
// instant against Go's time zone database, around every switch between
// winter and summer time from 1996 to 2035 and at random instants.
func testStatsLocalDay(t *testing.T, db *store.DB) {
	var at []time.Time
	for y := 1996; y <= 2035; y++ {
		for _, m := range []time.Month{time.March, time.October} {
			// The switch is at 01:00 UTC on the last Sunday of the month.
			d := time.Date(y, m+1, 0, 1, 0, 0, 0, time.UTC)
			for d.Weekday() != time.Sunday {
				d = d.AddDate(0, 0, -1)
			}
			for _, off := range []time.Duration{-time.Hour - time.Second, -time.Second, 0, time.Second, 22*time.Hour + 59*time.Minute, 23 * time.Hour} {
				at = append(at, d.Add(off))
			}
		}
		// Around midnight in Amsterdam in winter and in summer.
		for _, day := range []time.Time{time.Date(y, 1, 1, 0, 0, 0, 0, toren.Amsterdam), time.Date(y, 7, 1, 0, 0, 0, 0, toren.Amsterdam)} {
			at = append(at, day.Add(-time.Second), day, day.Add(time.Microsecond))
		}
	}
	rnd := rand.New(rand.NewPCG(7, 11))
	lo, hi := time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for range 200 {
		at = append(at, time.Unix(lo+rnd.Int64N(hi-lo), rnd.Int64N(1e9)).UTC().Truncate(time.Microsecond))
	}
	got, err := db.StatsLocalDays(context.Background(), at)
	must(t, err)
	for i, a := range at {
		if want := toren.DateOf(a.In(toren.Amsterdam)); !got[i].Equal(want) {
			t.Errorf("local day of %v: database %v, Go %v", a, got[i], want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sortBy[T any](s []T, key func(T) string) {
	slices.SortFunc(s, func(a, b T) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
}
