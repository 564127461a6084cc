package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// reviewStub is a resolver that sends every victim to review with person
// candidate as the candidate, and makes everyone else a new person.
type reviewStub struct{ candidate int64 }

func (s reviewStub) Resolve(context.Context, intake.PersonFinder, reports.Mention) (int64, error) {
	return 0, nil
}
func (s reviewStub) Begin(context.Context, []intake.NewReport) intake.Session { return s }
func (s reviewStub) Link(_ context.Context, _ intake.PersonFinder, m reports.Mention, _ toren.Date) (intake.Link, error) {
	if m.Role != reports.RoleVictim {
		return intake.Link{}, nil
	}
	ev := json.RawMessage(`{"outcome":"review","reason":"uncertain","person_id":1,"score":3.2,"weight":9,"prior":-5.8,
		"probability":0.9,"identity":4,"contradictions":["birth_date"],"fields":[{"field":"given_names","level":"exact","weight":6.3,"tf":true},
		{"field":"birth_date","level":"disagree","weight":-4}],"others":[{"person_id":2,"score":-1}]}`)
	return intake.Link{Review: &intake.ReviewProposal{PersonID: s.candidate, Score: 3.2, Evidence: ev}}, nil
}
func (reviewStub) Stored(persons.Person)            {}
func (reviewStub) Commit(commit func() error) error { return commit() }
func (reviewStub) Abort()                           {}

// seedReview stores two reports whose victim the radar was unsure of
// (candidate: person 1), after seed: persons 3 to 6, review items 1 and 2.
func seedReview(t *testing.T, e *testEnv) {
	t.Helper()
	for _, ref := range []string{"PL-1", "PL-2"} {
		r := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-1e9), Channel: reports.ChannelPhone, RegisteredAt: now,
			Reporter: reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"}, ExternalRef: ref,
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Nog een melding.",
			Persons: []reports.Mention{
				{Role: reports.RoleVictim, FirstNames: "Sandra", Surname: "Berg"},
				{Role: reports.RoleChild, FirstNames: "Daan", Surname: "Kaya"},
			}}
		if _, err := (intake.Steps{Store: e.db, Resolver: reviewStub{candidate: 1}}).Register(intaketest.Audited(context.Background()), intake.NewReport{Report: r}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReviewItemsThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	seedReview(t, e)
	res := e.get("/api/v1/review-items?limit=1")
	var list ReviewList
	if err := json.Unmarshal(res.body, &list); err != nil || res.status != 200 || len(list.Items) != 1 || list.Next == nil {
		t.Fatalf("first page: %d %s", res.status, res.body)
	}
	v := list.Items[0]
	if v.Item.ID != 1 || v.Candidate.ID != 1 || v.NewPerson.ID != 3 || v.Mention.FirstNames != "Sandra" ||
		len(v.Explanation.Fields) != 2 || v.Thresholds.Link != 10 {
		t.Errorf("item = %+v", v)
	}
	res = e.get("/api/v1/review-items?limit=1&after=" + *list.Next)
	if err := json.Unmarshal(res.body, &list); err != nil || len(list.Items) != 1 || list.Items[0].Item.ID != 2 {
		t.Errorf("second page: %s", res.body)
	}
	res = e.post("/api/v1/review-items/2/decision", `{"version": 1, "decision": "same_person", "note": "BSN navraag."}`, testUserHeader, "tara")
	if res.status != http.StatusOK || res.json(t)["status"] != "accepted" || res.json(t)["decided_by"] != "Tara Bos" {
		t.Fatalf("decision: %d %s", res.status, res.body)
	}
	// The person page explains the reviewed link.
	res = e.get("/api/v1/persons/1")
	var pd PersonDetail
	if err := json.Unmarshal(res.body, &pd); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range pd.Mentions {
		if m.Link.Method == intake.LinkReviewer && m.Link.LinkedBy == "Tara Bos" && len(m.Link.Evidence) > 0 {
			found = true
		}
	}
	if !found || pd.MergedInto != nil {
		t.Errorf("person 1 = %s", res.body)
	}
}

func TestMergeThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	seedReview(t, e)
	res := e.post("/api/v1/persons/1/merge", `{"person_id": 3, "reason": "Zelfde vrouw."}`, testUserHeader, "tara")
	if res.status != http.StatusOK {
		t.Fatalf("merge: %d %s", res.status, res.body)
	}
	var pd PersonDetail
	_ = json.Unmarshal(e.get("/api/v1/persons/3").body, &pd)
	if pd.MergedInto == nil || *pd.MergedInto != 1 || len(pd.Mentions) != 0 {
		t.Errorf("absorbed person: %+v", pd)
	}
	_ = json.Unmarshal(e.get("/api/v1/persons/1").body, &pd)
	moved := 0
	for _, m := range pd.Mentions {
		if m.Link.Merge != nil && m.Link.Merge.FromPersonID == 3 {
			moved++
		}
	}
	if moved != 1 {
		t.Errorf("%d mentions of person 1 say they came by the merge, want 1", moved)
	}
	if res := e.post("/api/v1/persons/3/unmerge", `{"reason": "Toch niet."}`, testUserHeader, "tara"); res.status != http.StatusOK || res.json(t)["unmerged_by"] != "Tara Bos" {
		t.Errorf("unmerge: %d %s", res.status, res.body)
	}
	if res := e.post("/api/v1/persons/3/merge", `{"person_id": 3, "reason": "x"}`, testUserHeader, "tara"); res.status != 422 || !res.problem(t).hasError("person_id", "different") {
		t.Errorf("self merge: %d %s", res.status, res.body)
	}
}
