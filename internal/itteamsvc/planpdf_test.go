package itteamsvc_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/letters"
	"toren/internal/toren"
)

// TestPlanPDF: the safety plan is printed for the family by the service,
// on the letterhead it is given, for the duo and the IT team only; every
// copy leaves an export entry in the audit log, and so does a refusal, as
// denied; a version that does not exist is CodeNotFound.
func TestPlanPDF(t *testing.T) {
	e := newEnv(t)
	rd, err := letters.NewRenderer(letters.Letterhead{Organisation: "GGD Testregio", Phone: "0800-2000"}, e.clock)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := itteamsvc.New(itteamsvc.Config{Store: e.db, Clock: e.clock, Team: "Interventieteam",
		Letters: func(context.Context) (*letters.Renderer, error) { return rd, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PlanPDF(e.ctx, e.ilse, 1, 0); err == nil {
		t.Error("printed without a renderer")
	}
	c, err := svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie Verbeek", Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3),
		Answers: answers(), Admitted: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SavePlan(e.ctx, e.ilse, c.ID, itteam.Plan{Dangers: "Ex-vriend", Agreements: []itteam.Agreement{{Owner: "Moeder", What: "Samen eten"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SavePlan(e.ctx, e.ilse, c.ID, itteam.Plan{Dangers: "Ex-vriend dreigt", Agreements: []itteam.Agreement{{Owner: "Moeder", What: "Samen eten"}}}); err != nil {
		t.Fatal(err)
	}
	seq := e.seq(t)
	for _, a := range []struct {
		name string
		err  error
	}{{"case manager of another team", func() error { _, err := svc.PlanPDF(e.ctx, e.cas, c.ID, 1); return err }()},
		{"analyst", func() error { _, err := svc.PlanPDF(e.ctx, e.ana, c.ID, 1); return err }()}} {
		if toren.ErrorCode(a.err) != toren.CodeForbidden {
			t.Errorf("%s prints the plan: %v", a.name, a.err)
		}
	}
	// Each refusal is a read refused: one denied export entry on the case,
	// with the policy's reason, as every refused read is audited.
	var denied []audit.Entry
	for en, err := range e.db.AuditEntries(e.ctx, seq) {
		if err != nil {
			t.Fatal(err)
		}
		denied = append(denied, en)
	}
	if len(denied) != 2 {
		t.Fatalf("%d audit entries of two refused prints, want 2: %+v", len(denied), denied)
	}
	for i, en := range denied {
		if en.Action != audit.ActionExport || en.Outcome != audit.OutcomeDenied || en.ObjectType != "it_case" ||
			en.ObjectID != strconv.FormatInt(c.ID, 10) || en.ActorName != []string{"Cas Jansen", "Ana List"}[i] || !strings.Contains(en.Reason, "safety plan") {
			t.Errorf("refusal %d: %+v", i, en)
		}
	}
	seq = e.seq(t)
	if _, err := svc.PlanPDF(e.ctx, e.ilse, c.ID, 9); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("version 9: %v", err)
	}
	if e.seq(t) != seq {
		t.Error("a version that does not exist left an audit entry")
	}
	p, err := svc.PlanPDF(e.ctx, e.ahmed, c.ID, 1)
	if err != nil || p.Version != 1 || p.CaseID != c.ID || !strings.HasPrefix(string(p.PDF), "%PDF-") {
		t.Fatalf("version 1: %+v %v", p.Version, err)
	}
	if p.Filename() != "veiligheidsplan-it-"+strconv.FormatInt(c.ID, 10)+"-versie-1.pdf" {
		t.Errorf("filename %s", p.Filename())
	}
	if cur, err := svc.PlanPDF(e.ctx, e.ilse, c.ID, 0); err != nil || cur.Version != 2 {
		t.Errorf("current version: %d %v", cur.Version, err)
	}
	var exports int
	for en, err := range e.db.AuditEntries(e.ctx, seq) {
		if err != nil {
			t.Fatal(err)
		}
		if en.Action == audit.ActionExport && strings.Contains(en.Reason, "safety plan version") {
			exports++
		}
	}
	if exports != 2 {
		t.Errorf("%d export entries, want 2", exports)
	}
}
