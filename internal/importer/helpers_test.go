package importer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/toren"
)

// testNow is the clock of the tests: received_at after it is "in the future".
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, toren.Amsterdam)

// newTestService returns the real intake service over an in-memory store,
// so the tests see the validator's real field errors and the real
// idempotency behaviour. The end-to-end test against SQLite lives with the CLI.
func newTestService(t testing.TB) (*intake.Service, *intaketest.MemStore) {
	t.Helper()
	store := &intaketest.MemStore{}
	clock := toren.NewFixedClock(testNow)
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return intake.NewService(store, v, intaketest.ExactResolver{}, clock, log), store
}

// recorder is a Submitter that stores nothing and keeps a copy of what it
// was given, as parsed: for the parsing and round-trip tests.
type recorder struct {
	got []reports.Report
}

func (r *recorder) SubmitBatch(_ context.Context, _ authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	for _, s := range subs {
		c := *s.Report
		c.Persons = append([]reports.Mention(nil), s.Report.Persons...)
		r.got = append(r.got, c)
	}
	return make([]intake.Result, len(subs)), make([]error, len(subs)), nil
}

// discard is the cheapest Submitter, for the parsing benchmarks.
type discard struct{}

func (discard) SubmitBatch(_ context.Context, _ authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	return make([]intake.Result, len(subs)), make([]error, len(subs)), nil
}

// testReport returns a valid police report number i. Every third report
// names more persons, and the values vary so a round trip sees all columns.
func testReport(i int) reports.Report {
	age := 4 + i%10
	r := reports.Report{
		Kind:       reports.KindReport,
		Channel:    reports.ChannelImport,
		ReceivedAt: time.Date(2025, time.Month(1+i%12), 1+i%28, 8+i%12, i%60, 0, 0, toren.Amsterdam),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Name:         "Agent J. de Vries",
			Organisation: "Politie Eenheid Amsterdam, basisteam Centrum",
			Function:     "wijkagent",
			Phone:        "0900-8844",
			Email:        "meldingen@politie.example",
		},
		ExternalRef:     fmt.Sprintf("PL1300-2025%07d", i),
		Acute:           i%5 == 0,
		ChildrenPresent: []reports.Tri{reports.Yes, reports.No, reports.Unknown}[i%3],
		ViolenceTypes:   []reports.ViolenceType{reports.TypePartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePhysicalAbuse},
		Municipality:    "GM0363",
		Description:     fmt.Sprintf("Melding %d: ruzie in woning, \"buren\" belden; kinderen,\nin de kamer.", i),
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Anna Maria", Surname: "Jansen", Sex: reports.SexFemale,
				BirthDate: toren.NewDate(1985, 5, 1+i%28), BSN: "111222333", Street: "Damrak", HouseNumber: "12-2",
				Postcode: "1012 LG", City: "Amsterdam", Municipality: "GM0363", Phone: "0612345678"},
			{Role: reports.RolePerpetrator, FirstNames: "Pieter", Particle: "van der", Surname: "Berg", Sex: reports.SexMale,
				BirthDate: toren.NewDate(1983, 11, 3)},
		},
	}
	if i%3 == 0 {
		r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleChild, Initials: "L.", Surname: "Berg", Particle: "van der", Age: &age})
	}
	return r
}

// testReports returns n valid police reports.
func testReports(n int) []reports.Report {
	rs := make([]reports.Report, n)
	for i := range rs {
		rs[i] = testReport(i)
	}
	return rs
}

// csvFile writes reports as CSV for a test.
func csvFile(t testing.TB, rs []reports.Report) string {
	t.Helper()
	var b strings.Builder
	if err := WriteCSV(&b, rs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func jsonlFile(t testing.TB, rs []reports.Report) string {
	t.Helper()
	var b strings.Builder
	if err := WriteJSONL(&b, rs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
