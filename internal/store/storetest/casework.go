package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// The case file: every write is one transaction with its audit
// entry, updates that race are version-checked, and the file reads back
// what was written.

func actorCtx(id, name string) context.Context {
	return audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: id, ActorName: name, Role: "case_manager", Origin: "test"}})
}

// openedCase stores two reports and opens a case from them.
func openedCase(t *testing.T, db *store.DB) (*cases.Case, []*reports.Report) {
	t.Helper()
	r1, r2 := sample(reports.KindReport), sample(reports.KindReport)
	create(t, db, r1, "")
	create(t, db, r2, "")
	c := &cases.Case{Status: cases.StatusReceived, Team: "Backoffice", ReportIDs: []int64{r1.ID, r2.ID}, OpenedAt: t0}
	first := casework.TransitionRecord{Episode: 1, To: cases.StatusReceived, Transition: casework.TransitionOpen,
		Recorded: casework.Stamp{ByID: 1, ByName: "Iris", At: t0}}
	if err := db.OpenCase(actorCtx("1", "Iris"), c, first); err != nil {
		t.Fatal(err)
	}
	return c, []*reports.Report{r1, r2}
}

func auditAfter(t *testing.T, db *store.DB, seq int64) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range db.AuditEntries(context.Background(), seq) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func headSeq(t *testing.T, db *store.DB) int64 {
	t.Helper()
	h, err := db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

func caseFile(t *testing.T, db *store.DB, id int64) *casework.File {
	t.Helper()
	f, err := db.CaseFile(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func testCaseworkOpen(t *testing.T, db *store.DB) {
	ctx := context.Background()
	c, rs := openedCase(t, db)
	if c.Number != "D-2026-000001" || c.ID == 0 {
		t.Fatalf("opened case %+v", c)
	}
	// After the two reports' report.create entries, the case's.
	entries := auditAfter(t, db, 0)
	if len(entries) != 3 || entries[0].Action != audit.ActionReportCreate || entries[1].Action != audit.ActionReportCreate ||
		entries[2].Action != casework.ActionCaseOpen || entries[2].ObjectID != "1" || len(entries[2].PersonIDs) == 0 {
		t.Fatalf("audit of opening: %+v", entries)
	}
	f := caseFile(t, db, c.ID)
	if len(f.Reports) != 2 || f.Reports[0].Number != rs[0].Number || !f.Reports[0].ReporterProtected || !f.Reports[0].ChildrenInvolved ||
		!f.Reports[0].ReporterReachable || f.Reports[0].ReporterName != "J. Bakker" || !f.Reports[0].Acute {
		t.Errorf("report refs: %+v", f.Reports)
	}
	if len(f.Transitions) != 1 || f.Transitions[0].Transition != casework.TransitionOpen || f.Transitions[0].Recorded.ByName != "Iris" {
		t.Errorf("history: %+v", f.Transitions)
	}
	if len(f.PersonIDs) == 0 {
		t.Error("no persons in the file")
	}
	// A report in a case that is not closed opens no second case.
	again := &cases.Case{Status: cases.StatusReceived, Team: "Backoffice", ReportIDs: []int64{rs[1].ID}, OpenedAt: t0}
	err := db.OpenCase(actorCtx("1", "Iris"), again, casework.TransitionRecord{Episode: 1, To: cases.StatusReceived,
		Transition: casework.TransitionOpen, Recorded: casework.Stamp{ByID: 1, At: t0}})
	wantCode(t, "second case for a report", err, toren.CodeConflict)
	// A write that cannot say who did it is refused and stores nothing.
	err = db.OpenCase(ctx, &cases.Case{Status: cases.StatusReceived, Team: "X", OpenedAt: t0}, casework.TransitionRecord{})
	if err == nil {
		t.Error("case opened without an audit recorder")
	}
	if err := db.AddContact(ctx, c.ID, &casework.Contact{Episode: 1, At: t0, With: "x", Role: "parent", Channel: "phone", Summary: "x",
		Recorded: casework.Stamp{ByID: 1, At: t0}}); err == nil {
		t.Error("contact added without an audit recorder")
	}
	if n := headSeq(t, db); n != 3 {
		t.Errorf("refused writes left audit entries: head %d, want 3 (two reports, one case)", n)
	}
	if _, err := db.CaseFile(ctx, 999); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("missing case file: %v", err)
	}
}

func testCaseworkRecords(t *testing.T, db *store.DB) {
	c, rs := openedCase(t, db)
	ctx := actorCtx("2", "Cas")
	by := casework.Stamp{ByID: 2, ByName: "Cas", At: t0.Add(time.Hour)}
	before := caseFile(t, db, c.ID)
	seq := headSeq(t, db)

	contact := &casework.Contact{Episode: 1, At: t0.Add(30 * time.Minute), With: "Fleur (11)", Role: casework.WithChild,
		Channel: casework.ChannelSchoolWithoutParents, PersonID: before.PersonIDs[0], Summary: "Gesproken op school.", Recorded: by}
	informant := &casework.Informant{Name: "Juf Anna", Organisation: "Basisschool De Linde", Function: "leerkracht",
		SignalFunction: true, Recorded: by}
	agreement := &casework.Agreement{Episode: 1, Who: "Moeder", What: "Wacht binnen tot vader weg is.", Due: toren.MustDate("2026-04-01"),
		Status: casework.AgreementOpen, Recorded: by}
	condition := &casework.Condition{Episode: 1, Text: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Team Monitoring",
		Until: toren.MustDate("2027-03-01"), Status: casework.ConditionActive, Recorded: by}
	phase := &casework.PhaseRecord{Phase: casework.PhaseDirectSafety, Note: "eerst veiligheid", Recorded: by}
	feedback := &casework.Feedback{Episode: 1, ReportID: rs[0].ID, Moment: casework.FeedbackOther, GivenAt: t0.Add(time.Hour),
		Channel: casework.ChannelPhone, FollowUpStarted: true, Summary: "Melder gebeld.", Recorded: by}
	letter := &casework.LetterSent{Episode: 1, Kind: casework.LetterClosing, SentAt: t0.Add(time.Hour), Recipient: "Moeder", Reference: "B-1", Recorded: by}
	for what, err := range map[string]error{
		"contact":   db.AddContact(ctx, c.ID, contact),
		"informant": db.AddInformant(ctx, c.ID, informant),
		"agreement": db.AddAgreement(ctx, c.ID, agreement),
		"condition": db.AddCondition(ctx, c.ID, condition),
		"phase":     db.SetPhase(ctx, c.ID, phase),
		"feedback":  db.AddFeedback(ctx, c.ID, feedback),
		"letter":    db.RecordLetter(ctx, c.ID, letter),
	} {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	entries := auditAfter(t, db, seq)
	if len(entries) != 7 {
		t.Fatalf("%d audit entries for 7 writes", len(entries))
	}
	for _, e := range entries {
		if e.ObjectType != "case" || e.ActorName != "Cas" || len(e.PersonIDs) == 0 {
			t.Errorf("audit entry %+v", e)
		}
	}
	f := caseFile(t, db, c.ID)
	if f.Case.Version != before.Case.Version+7 {
		t.Errorf("case version %d after 7 writes from %d", f.Case.Version, before.Case.Version)
	}
	feedback.ReportNumber = rs[0].Number
	checks := []struct {
		what      string
		got, want any
	}{
		{"contacts", f.Contacts, []casework.Contact{*contact}},
		{"informants", f.Informants, []casework.Informant{*informant}},
		{"agreements", f.Agreements, []casework.Agreement{*agreement}},
		{"conditions", f.Conditions, []casework.Condition{*condition}},
		{"phases", f.Phases, []casework.PhaseRecord{*phase}},
		{"feedback", f.Feedback, []casework.Feedback{*feedback}},
		{"letters", f.Letters, []casework.LetterSent{*letter}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-written +read):\n%s", c.what, diff)
		}
	}
	// Feedback is about a report of the case, never another.
	other := sample(reports.KindReport)
	create(t, db, other, "")
	err := db.AddFeedback(ctx, c.ID, &casework.Feedback{Episode: 1, ReportID: other.ID, Moment: casework.FeedbackOther,
		GivenAt: t0, Channel: casework.ChannelPhone, Summary: "x", Recorded: by})
	wantCode(t, "feedback on another report", err, toren.CodeInvalid)
}

func testCaseworkVersions(t *testing.T, db *store.DB) {
	c, _ := openedCase(t, db)
	lead := newUser(t, db, "tara", accounts.Team{ID: team(t, db, "Backoffice")})
	cas := newUser(t, db, "cas")
	ctx := actorCtx("3", "Tara")
	by := casework.Stamp{ByID: lead.ID, ByName: "Tara", At: t0.Add(time.Hour)}
	f := caseFile(t, db, c.ID)
	workers := []casework.AssignedWorker{{UserID: lead.ID, Name: "Tara"}, {UserID: cas.ID, Name: "Cas"}}
	if err := db.AssignCase(ctx, c.ID, f.Case.Version, "Backoffice", workers, by); err != nil {
		t.Fatal(err)
	}
	seq := headSeq(t, db)
	err := db.AssignCase(ctx, c.ID, f.Case.Version, "Frontoffice", workers[:1], by)
	wantCode(t, "stale assignment", err, toren.CodeConflict)
	if headSeq(t, db) != seq {
		t.Error("a refused write left an audit entry")
	}
	g := caseFile(t, db, c.ID)
	if g.Case.Team != "Backoffice" || len(g.Assignment.Workers) != 2 || g.Assignment.Workers[1].Name != "Cas" {
		t.Errorf("assignment after a stale write: %+v", g.Assignment)
	}
	err = db.AssignCase(ctx, 999, 1, "X", nil, by)
	wantCode(t, "assign missing case", err, toren.CodeNotFound)

	// A stale transition is refused; the right version moves the case.
	tr := &casework.TransitionRecord{Episode: 1, From: cases.StatusReceived, To: cases.StatusSafetyAssessment,
		Transition: cases.StartSafetyAssessment, Recorded: by}
	wantCode(t, "stale transition", db.ApplyTransition(ctx, c.ID, f.Case.Version, tr, nil), toren.CodeConflict)
	if err := db.ApplyTransition(ctx, c.ID, g.Case.Version, tr, nil); err != nil {
		t.Fatal(err)
	}

	// Decisions: one decides once; the proposer never (database CHECK too).
	d := &casework.Decision{CaseID: c.ID, Episode: 1, Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService,
		Reasoning: "Structurele onveiligheid.", StructuralUnsafety: true, TriageRule: casework.RuleVeiligThuis,
		RiskColour: cases.ColourOrange, Proposed: casework.Stamp{ByID: cas.ID, ByName: "Cas", At: t0}}
	if err := db.ProposeDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	dup := *d
	wantCode(t, "second proposal of a kind", db.ProposeDecision(ctx, &dup), toren.CodeConflict)
	own := *d
	own.Status, own.Decided = casework.DecisionApproved, &casework.Stamp{ByID: cas.ID, ByName: "Cas", At: t0.Add(time.Hour)}
	if err := db.DecideDecision(ctx, &own, 0, nil); err == nil {
		t.Error("the database let the proposer approve their own decision")
	}
	ok := *d
	ok.Status, ok.Decided = casework.DecisionApproved, &casework.Stamp{ByID: lead.ID, ByName: "Tara", At: t0.Add(time.Hour)}
	if err := db.DecideDecision(ctx, &ok, 0, nil); err != nil {
		t.Fatal(err)
	}
	again := *d
	again.Status, again.Decided, again.RefusalReason = casework.DecisionRefused, &casework.Stamp{ByID: lead.ID, At: t0.Add(2 * time.Hour)}, "toch niet"
	wantCode(t, "second decision on one proposal", db.DecideDecision(ctx, &again, 0, nil), toren.CodeConflict)
	h := caseFile(t, db, c.ID)
	if got := h.Decisions; len(got) != 1 || got[0].Status != casework.DecisionApproved || got[0].Decided.ByName != "Tara" ||
		got[0].RiskColour != cases.ColourOrange || got[0].TriageRule != casework.RuleVeiligThuis || got[0].Version != 2 {
		t.Errorf("decisions: %+v", got)
	}
	if id, err := db.DecisionCase(context.Background(), d.ID); err != nil || id != c.ID {
		t.Errorf("DecisionCase = %d, %v", id, err)
	}
	if _, err := db.DecisionCase(context.Background(), 999); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("DecisionCase of a missing decision: %v", err)
	}

	// Agreements and conditions are version-checked.
	ag := &casework.Agreement{Episode: 1, Who: "Vader", What: "Haalt de kinderen op bij het kantoor.", Due: toren.MustDate("2026-04-01"),
		Status: casework.AgreementOpen, Recorded: by}
	if err := db.AddAgreement(ctx, c.ID, ag); err != nil {
		t.Fatal(err)
	}
	upd := *ag
	upd.Status = casework.AgreementDone
	if err := db.UpdateAgreement(ctx, c.ID, &upd, by); err != nil {
		t.Fatal(err)
	}
	stale := *ag
	stale.Status = casework.AgreementNotKept
	wantCode(t, "stale agreement", db.UpdateAgreement(ctx, c.ID, &stale, by), toren.CodeConflict)
	wantCode(t, "agreement of another case", db.UpdateAgreement(ctx, 999, &upd, by), toren.CodeNotFound)

	// Queues and the approval list.
	ids, err := db.QueueCases(context.Background(), casework.QueueScope{Team: "Backoffice"})
	if err != nil || !slices.Equal(ids, []int64{c.ID}) {
		t.Errorf("team queue %v, %v", ids, err)
	}
	ids, err = db.QueueCases(context.Background(), casework.QueueScope{WorkerID: cas.ID})
	if err != nil || !slices.Equal(ids, []int64{c.ID}) {
		t.Errorf("worker queue %v, %v", ids, err)
	}
	if ids, _ := db.QueueCases(context.Background(), casework.QueueScope{Team: "Frontoffice"}); len(ids) != 0 {
		t.Errorf("other team's queue: %v", ids)
	}
	if ids, err := db.CasesAwaitingApproval(context.Background()); err != nil || len(ids) != 0 {
		t.Errorf("awaiting approval after the approval: %v, %v", ids, err)
	}
	w, err := db.Worker(context.Background(), lead.ID)
	if err != nil || w.Name != "Naam tara" || !slices.Equal(w.Teams, []string{"Backoffice"}) || len(w.Roles) != 1 {
		t.Errorf("worker %+v, %v", w, err)
	}
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Error(err)
	}
}

func team(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	tm := &accounts.Team{Name: name}
	if err := db.CreateTeam(context.Background(), tm); err != nil {
		t.Fatal(err)
	}
	return tm.ID
}

func testCaseworkMonitoring(t *testing.T, db *store.DB) {
	c, _ := openedCase(t, db)
	ctx := actorCtx("4", "Mo")
	by := casework.Stamp{ByID: 4, ByName: "Mo", At: t0.Add(time.Hour)}
	conds := make([]*casework.Condition, 2)
	for i, text := range []string{"Er vindt geen huiselijk geweld plaats.", "Moeder gebruikt geen alcohol meer."} {
		conds[i] = &casework.Condition{Episode: 1, Text: text, CheckedBy: "casusregisseur", Status: casework.ConditionActive, Recorded: by}
		if err := db.AddCondition(ctx, c.ID, conds[i]); err != nil {
			t.Fatal(err)
		}
	}
	h := &casework.Handover{Episode: 1, Partner: "Wijkteam Zuid", PartnerKind: casework.PartnerLocalTeam, CaseDirector: "Wijkteam Zuid",
		ReportsBack: "Schending van de voorwaarden", ReportBackWhen: "direct", ConditionIDs: []int64{conds[0].ID, conds[1].ID}, Proposed: by}
	if err := db.ProposeHandover(ctx, c.ID, h); err != nil {
		t.Fatal(err)
	}
	second := *h
	wantCode(t, "second open handover", db.ProposeHandover(ctx, c.ID, &second), toren.CodeConflict)
	accepted := *h
	accepted.Status, accepted.Responded = casework.HandoverAccepted, &casework.Stamp{ByID: 4, ByName: "Mo", At: t0.Add(2 * time.Hour)}
	moments := []casework.MonitoringMoment{
		{Episode: 1, Months: 3, Due: t0.AddDate(0, 3, 0), Status: casework.MomentPlanned},
		{Episode: 1, Months: 12, Due: t0.AddDate(1, 0, 0), Status: casework.MomentPlanned},
	}
	if err := db.RespondHandover(ctx, c.ID, &accepted, moments); err != nil {
		t.Fatal(err)
	}
	stale := *h
	stale.Status, stale.Responded = casework.HandoverDeclined, accepted.Responded
	wantCode(t, "second answer", db.RespondHandover(ctx, c.ID, &stale, nil), toren.CodeConflict)
	f := caseFile(t, db, c.ID)
	if len(f.Handovers) != 1 || f.Handovers[0].Status != casework.HandoverAccepted || !slices.Equal(f.Handovers[0].ConditionIDs, h.ConditionIDs) ||
		f.Handovers[0].Responded == nil || len(f.Monitoring) != 2 || f.Monitoring[0].Months != 3 || !f.Monitoring[1].Due.Equal(moments[1].Due) {
		t.Fatalf("after acceptance: handovers %+v, monitoring %+v", f.Handovers, f.Monitoring)
	}
	toMonitoring := &casework.TransitionRecord{Episode: 1, From: cases.StatusReceived, To: cases.StatusMonitoring,
		Transition: cases.StartMonitoring, Recorded: by}
	if err := db.ApplyTransition(ctx, c.ID, f.Case.Version, toMonitoring, nil); err != nil {
		t.Fatal(err)
	}
	f = caseFile(t, db, c.ID)
	seq := headSeq(t, db)
	m := f.Monitoring[0]
	m.Status, m.Done, m.Note = casework.MomentDone, &casework.Stamp{ByID: 4, ByName: "Mo", At: t0.AddDate(0, 3, 0)}, "Gesproken met moeder en wijkteam."
	m.Checks = []casework.ConditionCheck{
		{ConditionID: conds[0].ID, Result: casework.CheckHolds},
		{ConditionID: conds[1].ID, Result: casework.CheckDoesNotHold, Note: "Terugval in alcoholgebruik."},
	}
	sig := &casework.Signal{Source: casework.SignalMonitoringBreach, Note: "Voorwaarde geschonden.", Recorded: *m.Done}
	reopen := &casework.TransitionRecord{Episode: 1, From: cases.StatusMonitoring, To: cases.StatusReopened, Transition: cases.ReopenCase, Recorded: *m.Done}
	staleCase := f.Case.Version - 1
	wantCode(t, "breach on a stale case", db.RecordMonitoring(ctx, c.ID, &m, []int64{conds[1].ID}, sig, staleCase, reopen), toren.CodeConflict)
	m.Version = f.Monitoring[0].Version
	if err := db.RecordMonitoring(ctx, c.ID, &m, []int64{conds[1].ID}, sig, f.Case.Version, reopen); err != nil {
		t.Fatal(err)
	}
	if en := auditAfter(t, db, seq); len(en) != 2 || en[0].Action != casework.ActionMonitoringRecord || en[1].Action != casework.ActionCaseTransition {
		t.Errorf("audit of a breach: %+v", en)
	}
	g := caseFile(t, db, c.ID)
	if g.Case.Status != cases.StatusReopened {
		t.Errorf("status after breach %s", g.Case.Status)
	}
	if g.Monitoring[0].Status != casework.MomentDone || len(g.Monitoring[0].Checks) != 2 || g.Monitoring[0].Checks[1].Note != "Terugval in alcoholgebruik." {
		t.Errorf("recorded moment %+v", g.Monitoring[0])
	}
	if g.Monitoring[1].Status != casework.MomentCancelled {
		t.Errorf("the 12-month moment after reopening: %s", g.Monitoring[1].Status)
	}
	if g.Conditions[1].Status != casework.ConditionBreached || g.Conditions[0].Status != casework.ConditionActive {
		t.Errorf("conditions after breach: %+v", g.Conditions)
	}
	if len(g.Signals) != 1 || g.Signals[0].ConsumedEpisode != 2 {
		t.Errorf("signals after reopening: %+v", g.Signals)
	}
	again := g.Monitoring[0]
	again.Done = m.Done
	wantCode(t, "record a done moment", db.RecordMonitoring(ctx, c.ID, &again, nil, nil, 0, nil), toren.CodeConflict)
}

// Workers racing to open a case from the same report: exactly one case is
// opened, the others are told it exists.
func testCaseworkOpenRace(t *testing.T, db *store.DB) {
	r := sample(reports.KindReport)
	create(t, db, r, "")
	const workers = 6
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &cases.Case{Status: cases.StatusReceived, Team: "Backoffice", ReportIDs: []int64{r.ID}, OpenedAt: t0}
			first := casework.TransitionRecord{Episode: 1, To: cases.StatusReceived, Transition: casework.TransitionOpen,
				Recorded: casework.Stamp{ByID: 1, ByName: "Iris", At: t0}}
			errs[i] = db.OpenCase(actorCtx("1", "Iris"), c, first)
		}()
	}
	wg.Wait()
	opened := 0
	for _, err := range errs {
		switch {
		case err == nil:
			opened++
		case toren.ErrorCode(err) != toren.CodeConflict:
			t.Errorf("a racing open failed otherwise: %v", err)
		}
	}
	if opened != 1 {
		t.Errorf("%d cases opened from one report, want 1 (%v)", opened, errs)
	}
}
