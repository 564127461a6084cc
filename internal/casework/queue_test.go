package casework_test

import (
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// TestQueues: a worker's and a team's queue list what is due, overdue
// first and then by deadline, with decisions waiting for approval for
// those who may approve them and never for their proposer.
func TestQueues(t *testing.T) {
	e := newEnv(t, start)
	// Case A: in the assessment, the deadline soon (5 working days).
	a := e.move(e.iris, e.open(e.report("Els Buur", false, false)), cases.StartSafetyAssessment)
	// Case B: received a week earlier, so its assessment is overdue.
	e.at(start.AddDate(0, 0, -9))
	b := e.open(e.report("Bob Buur", false, false))
	e.at(start)
	// Case C: in Voorwaarden & Vervolg with the duo Cas and Cor, feedback
	// due, one agreement due.
	c := e.inConditions()
	if _, err := e.svc.AddAgreement(e.ctx, e.cas, c.Case.ID, casework.AgreementInput{Who: "Moeder", What: "Meldt zich bij de huisarts.",
		Due: toren.DateOf(start.In(toren.Amsterdam)).AddDays(2)}); err != nil {
		t.Fatal(err)
	}
	// Case A's safety assessment waits for Gert's approval; Tara proposed it.
	d := e.propose(e.tara, a.Case.ID, triage(casework.RuleVeiligThuis))

	team, err := e.svc.Queue(e.ctx, e.iris, casework.QueueRequest{Team: "Frontoffice"})
	if err != nil {
		t.Fatal(err)
	}
	if len(team) < 3 || team[0].CaseID != b.Case.ID || !team[0].Overdue || team[0].Deadline != cases.DeadlineSafetyAssessment {
		t.Fatalf("Frontoffice queue: %+v", team)
	}
	for i := 1; i < len(team); i++ {
		prev, cur := team[i-1], team[i]
		if prev.Overdue == cur.Overdue && prev.Due.After(cur.Due) || !prev.Overdue && cur.Overdue {
			t.Errorf("queue out of order at %d: %+v before %+v", i, prev, cur)
		}
	}
	var approval bool
	for _, it := range team {
		if it.CaseID == c.Case.ID {
			t.Errorf("a Backoffice case in the Frontoffice queue: %+v", it)
		}
		if it.Kind == casework.QueueApproval && it.DecisionID == d.ID {
			approval = true
		}
	}
	if !approval {
		t.Error("the team queue does not show the decision waiting for approval")
	}

	hasApproval := func(q []casework.QueueItem) bool {
		for _, it := range q {
			if it.Kind == casework.QueueApproval && it.DecisionID == d.ID {
				return true
			}
		}
		return false
	}
	gert, err := e.svc.Queue(e.ctx, e.gert, casework.QueueRequest{})
	if err != nil || !hasApproval(gert) {
		t.Errorf("Gert's queue lacks the approval: %+v %v", gert, err)
	}
	tara, err := e.svc.Queue(e.ctx, e.tara, casework.QueueRequest{})
	if err != nil || hasApproval(tara) {
		t.Errorf("Tara's queue shows her own proposal for approval: %+v %v", tara, err)
	}
	cas, err := e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{})
	if err != nil || hasApproval(cas) {
		t.Errorf("a case manager is asked to approve: %+v %v", cas, err)
	}
	var feedback, agreement bool
	for _, it := range cas {
		if it.CaseID != c.Case.ID {
			t.Errorf("Cas's queue shows a case not assigned to him: %+v", it)
		}
		feedback = feedback || it.Deadline == cases.DeadlineFeedbackAfterAssessment
		agreement = agreement || it.Kind == casework.QueueAgreement
	}
	if !feedback || !agreement {
		t.Errorf("Cas's queue: feedback %v, agreement %v: %+v", feedback, agreement, cas)
	}
	// A week on, the feedback to the reporter is overdue and heads the queue.
	e.at(start.Add(8 * 24 * time.Hour))
	cas, _ = e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{})
	if len(cas) == 0 || !cas[0].Overdue || cas[0].SecondsLeft >= 0 {
		t.Errorf("overdue first: %+v", cas)
	}
	// Asked for both a team and a worker is refused.
	_, err = e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{Team: "Backoffice", WorkerID: e.cas.UserID})
	wantRule(t, "team and worker", err, toren.CodeInvalid, "one_scope")
	_, err = e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{WorkerID: 99999})
	wantRule(t, "unknown worker", err, toren.CodeNotFound, "")
}

// The list of case files is the service's: the open cases of the actor's
// teams and those assigned to them, only those they may read in full.
func TestCasesListsWhatTheActorMayRead(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 10, 0, 0, 0, toren.Amsterdam))
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{e.report("Els Buur", false, false).ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(a authz.Actor, req casework.CaseListRequest) []int64 {
		t.Helper()
		fs, err := e.svc.Cases(e.ctx, a, req)
		if err != nil {
			t.Fatalf("cases of %s: %v", a.Name, err)
		}
		var out []int64
		for _, f := range fs {
			out = append(out, f.Case.ID)
		}
		return out
	}
	if got := ids(e.cas, casework.CaseListRequest{}); len(got) != 1 || got[0] != f.Case.ID {
		t.Errorf("a case manager of the team: %v", got)
	}
	if got := ids(e.zoe, casework.CaseListRequest{}); len(got) != 0 {
		t.Errorf("a case manager of another team: %v", got)
	}
	if got := ids(e.cas, casework.CaseListRequest{Mine: true}); len(got) != 0 {
		t.Errorf("the case manager's own cases before assignment: %v", got)
	}
	if _, err := e.svc.Assign(e.ctx, e.tara, f.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}, Version: f.Case.Version}); err != nil {
		t.Fatal(err)
	}
	if got := ids(e.cas, casework.CaseListRequest{Mine: true}); len(got) != 1 {
		t.Errorf("the case manager's own cases after assignment: %v", got)
	}
	analyst := e.user("ada", "Ada Analist", authz.RoleAnalyst)
	if _, err := e.svc.Cases(e.ctx, analyst, casework.CaseListRequest{}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the analyst lists case files: %v", err)
	}
}
