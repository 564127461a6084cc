package registry_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/config"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// Persons an older Toren registered twice (it linked nothing) are proposed
// for merging when a new report names them, once per pair; a reviewer
// sees the proposal in the queue (API and page), confirms one through the
// merge path and rejects the other on the page.
func TestMergeProposalsEndToEnd(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { mergeProposals(t, "sqlite:"+filepath.Join(t.TempDir(), "toren.db")) })
	t.Run("postgres", func(t *testing.T) { mergeProposals(t, storetest.PostgresSchema(t)) })
}

func mergeProposals(t *testing.T, dsn string) {
	ctx := context.Background()
	received := time.Now().Add(-72 * time.Hour)
	family := func(ref string, at time.Time) *reports.Report {
		addr := func(m reports.Mention) reports.Mention {
			m.Street, m.HouseNumber, m.Postcode, m.City, m.Municipality = "Lasondersingel", "12", "7514 BP", "Enschede", "GM0153"
			return m
		}
		return &reports.Report{Kind: reports.KindReport, ReceivedAt: at, ExternalRef: ref,
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Melding na huiselijk geweld.",
			Persons: []reports.Mention{
				addr(reports.Mention{Role: reports.RoleVictim, FirstNames: "Johanna", Surname: "Bakker", BirthDate: toren.MustDate("1984-03-02"), Sex: reports.SexFemale}),
				addr(reports.Mention{Role: reports.RolePerpetrator, FirstNames: "Pieter", Particle: "de", Surname: "Wit", BirthDate: toren.MustDate("1980-05-05"), Sex: reports.SexMale}),
			}}
	}

	// The older Toren: no resolver, every mention a new person.
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	clock := toren.SystemClock{}
	old := intake.NewService(db, reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}, nil, clock,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	var before [2]*reports.Report
	for i := range before {
		res, err := old.Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: family(fmt.Sprint("old ", i), received.Add(time.Duration(i)*time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		before[i] = res.Report
	}
	db.Close()

	s := apptest.Start(t, apptest.Configure(func(c *config.Config) { c.DB = dsn }))
	apptest.User(t, s.App, "iris", "Iris Intake", []authz.Role{authz.RoleIntake}, s.Config().IntakeTeam)
	// A new report names the family again: each fits both of its persons.
	if _, err := s.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: family("new", received.Add(48*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	// A proposal without an audit recorder is refused and nothing is
	// stored (the mother of one pair with the father of the other: a pair
	// no one proposes). The app's own proposer runs meanwhile: a conflict
	// with it is tried again.
	odd := registry.MergeProposal{SurvivorID: before[0].Persons[0].PersonID, AbsorbedID: before[1].Persons[1].PersonID, Evidence: json.RawMessage("{}")}
	for try := 0; ; try++ {
		after, ms, err := s.Store().MergeProposalMentions(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 {
			ms = []registry.ProposalMention{{Mention: reports.Mention{ID: after}}} // the proposer stays
		}
		odd.MentionID = ms[0].Mention.ID
		n, err := s.Store().AddMergeProposals(ctx, after, ms[len(ms)-1].Mention.ID, []registry.MergeProposal{odd}, time.Now())
		if toren.ErrorCode(err) == toren.CodeConflict && try < 10 {
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "audit recorder") {
			t.Fatalf("a merge proposal without an audit recorder: %d stored, %v", n, err)
		}
		break
	}
	for {
		looked, _, err := s.Registry().ProposeMerges(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if looked == 0 {
			break
		}
	}
	proposals := map[int64]registry.ReviewItem{} // by the absorbed person
	items, err := s.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == registry.KindMerge {
			proposals[it.NewPersonID] = it
		}
	}
	if it, ok := proposals[odd.AbsorbedID]; ok && it.PersonID == odd.SurvivorID {
		t.Errorf("the unaudited proposal was stored: %+v", it)
	}
	if len(proposals) != 2 {
		t.Fatalf("%d merge proposals, want 2 (mother and father, each once): %+v", len(proposals), items)
	}
	for i, who := range []string{"mother", "father"} {
		it, ok := proposals[before[1].Persons[i].PersonID]
		if !ok || it.PersonID != before[0].Persons[i].PersonID {
			t.Fatalf("%s: no proposal to merge %d into %d: %+v", who, before[1].Persons[i].PersonID, before[0].Persons[i].PersonID, proposals)
		}
	}
	mother, father := proposals[before[1].Persons[0].PersonID], proposals[before[1].Persons[1].PersonID]
	// Each proposal is audited as the radar's: a system actor, not a user.
	proposed := 0
	for e, err := range s.Store().AuditEntries(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action != audit.ActionMergePropose {
			continue
		}
		proposed++
		if e.ActorID != "system" || e.ActorName != "radar" || e.Role != "system" || e.Origin != "radar" || e.ObjectType != "review" {
			t.Errorf("a proposal audited as %s %q, role %q, origin %q, object %q; want the radar as the system", e.ActorID, e.ActorName, e.Role, e.Origin, e.ObjectType)
		}
	}
	if proposed != len(proposals) {
		t.Errorf("%d proposals audited, want %d", proposed, len(proposals))
	}

	// The reviewer sees them in the queue.
	c := s.SignIn(t, "iris")
	status, body := c.Do("GET", "/api/v1/review-items", nil)
	var list struct {
		Items []registry.ReviewView `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil || status != 200 {
		t.Fatalf("GET review-items: %d %s", status, body)
	}
	kinds := map[int64]string{}
	for _, v := range list.Items {
		kinds[v.Item.ID] = v.Item.Kind
	}
	if kinds[mother.ID] != registry.KindMerge || kinds[father.ID] != registry.KindMerge {
		t.Errorf("the API lists the proposals as %q and %q, want merge", kinds[mother.ID], kinds[father.ID])
	}
	if status, page := c.Get(fmt.Sprint("/radar/beoordelen/", mother.ID)); status != 200 || !strings.Contains(page, "Samenvoegen beoordelen") ||
		!strings.Contains(page, "Zelfde persoon: samenvoegen") {
		t.Errorf("the proposal's page: %d, without the merge question", status)
	}

	// Confirmed through the API: the merge path merges the mother.
	status, body = c.Do("POST", fmt.Sprint("/api/v1/review-items/", mother.ID, "/decision"),
		registry.Decision{Version: mother.Version, Decision: registry.SamePerson, Note: "Zelfde geboortedatum en adres; dubbel ingeschreven."})
	if status != 200 {
		t.Fatalf("confirm the mother's proposal: %d %s", status, body)
	}
	m, merged, err := s.Store().MergeAbsorbing(ctx, mother.NewPersonID)
	if err != nil || !merged || m.SurvivorID != mother.PersonID {
		t.Errorf("after confirming: merge of %d %+v (%v), want into %d", mother.NewPersonID, m, err, mother.PersonID)
	}
	if it, err := s.Store().GetReviewItem(ctx, mother.ID); err != nil || it.Status != registry.ReviewAccepted {
		t.Errorf("the mother's proposal after the merge: %+v (%v), want accepted", it, err)
	}
	// Confirming again is refused: it was decided.
	if status, _ := c.Do("POST", fmt.Sprint("/api/v1/review-items/", mother.ID, "/decision"),
		registry.Decision{Version: mother.Version, Decision: registry.SamePerson, Note: "nog eens"}); status != 409 {
		t.Errorf("confirming a decided proposal: %d, want 409", status)
	}

	// Rejected on the page: the father stays two persons.
	status, _, _ = c.Post(fmt.Sprint("/radar/beoordelen/", father.ID), url.Values{"versie": {fmt.Sprint(father.Version)},
		"besluit": {"verschillend"}, "notitie": {"Andere BSN volgens de gemeente."}})
	if status >= 400 {
		t.Fatalf("reject the father's proposal on the page: %d", status)
	}
	if _, merged, err := s.Store().MergeAbsorbing(ctx, father.NewPersonID); err != nil || merged {
		t.Errorf("the rejected father was merged (%v)", err)
	}
	if it, err := s.Store().GetReviewItem(ctx, father.ID); err != nil || it.Status != registry.ReviewRejected {
		t.Errorf("the father's proposal: %+v (%v), want rejected", it, err)
	}
	// Another report naming him proposes the pair no more.
	if _, err := s.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: family("newer", received.Add(50*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	for {
		looked, _, err := s.Registry().ProposeMerges(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if looked == 0 {
			break
		}
	}
	open, err := s.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range open {
		if it.Kind == registry.KindMerge {
			t.Errorf("a rejected or merged pair proposed again: %+v", it)
		}
	}
}
