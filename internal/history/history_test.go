package history

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/reports"
)

type fixed []Event

func (f fixed) Events(_ context.Context, ids []int64, limit int) ([]Event, error) {
	var out []Event
	for _, e := range f {
		if e.Names(ids...) && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

type broken struct{}

func (broken) Events(context.Context, []int64, int) ([]Event, error) { return nil, errors.New("down") }

func day(d int) time.Time { return time.Date(2020, 1, d, 12, 0, 0, 0, time.UTC) }

func TestTimelineMergesNewestFirst(t *testing.T) {
	reportsSrc := fixed{
		{At: day(3), Kind: KindReport, ObjectKind: authz.KindReport, ObjectID: 1, PersonIDs: []int64{7}},
		{At: day(1), Kind: KindAdviceRequest, ObjectKind: authz.KindReport, ObjectID: 2, PersonIDs: []int64{7}},
		{At: day(9), Kind: KindReport, ObjectKind: authz.KindReport, ObjectID: 3, PersonIDs: []int64{8}},
	}
	casesSrc := fixed{
		{At: day(5), Kind: KindCaseClosed, ObjectKind: authz.KindCase, ObjectID: 4, PersonIDs: []int64{7}},
		{At: day(3), Kind: KindCaseOpened, ObjectKind: authz.KindCase, ObjectID: 4, PersonIDs: []int64{7}},
	}
	tl := Timeline{Sources: []Source{reportsSrc, casesSrc}}
	evs, truncated, err := tl.Events(context.Background(), []int64{7})
	if err != nil || truncated {
		t.Fatal(err, truncated)
	}
	var got []Kind
	for _, e := range evs {
		got = append(got, e.Kind)
	}
	// Day 3 has a case opening and a report: the order is by kind then.
	want := []Kind{KindCaseClosed, KindCaseOpened, KindReport, KindAdviceRequest}
	if !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	tl.Limit = 3
	if evs, truncated, _ := tl.Events(context.Background(), []int64{7}); len(evs) != 3 || !truncated {
		t.Errorf("limit 3: %d events, truncated %v", len(evs), truncated)
	}
	if evs, _, _ := tl.Events(context.Background(), nil); evs != nil {
		t.Errorf("no persons: %v", evs)
	}
	if _, _, err := (Timeline{Sources: []Source{reportsSrc, broken{}}}).Events(context.Background(), []int64{7}); err == nil {
		t.Error("a failing source went unnoticed")
	}
}

func TestRedactKeepsOnlyTheSignal(t *testing.T) {
	e := Event{At: day(1), Kind: KindReport, ObjectKind: authz.KindReport, ObjectID: 5, Number: "M-2020-000005",
		PersonIDs: []int64{7}, Teams: []string{"Backoffice"}, Content: true,
		Report: &ReportFacts{ReporterKind: reports.ReporterPolice}, Case: &CaseFacts{}}
	e.Redact()
	if e.ObjectID != 0 || e.Number != "" || e.Content || e.Report != nil || e.Case != nil {
		t.Errorf("content left: %+v", e)
	}
	if !e.At.Equal(day(1)) || e.Kind != KindReport || !slices.Equal(e.Teams, []string{"Backoffice"}) {
		t.Errorf("signal lost: %+v", e)
	}
}
