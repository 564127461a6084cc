package casework_test

import (
	"slices"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// TestNeedToKnow: the content of a case is for its team and its assigned
// workers; others learn only that it exists and whom to ask, and may not
// write to it. A protected reporter's name is hidden from those who may
// not know it.
func TestNeedToKnow(t *testing.T) {
	e := newEnv(t, start)
	f := e.open(e.report("Geheime Buurvrouw", false, true))
	id := f.Case.ID
	if f.Reports[0].ReporterName != "Geheime Buurvrouw" {
		t.Errorf("intake does not see the protected reporter: %+v", f.Reports[0])
	}
	if g := e.file(e.gert, id); g.Reports[0].ReporterName != "" || !g.Reports[0].ReporterProtected {
		t.Errorf("the behavioural scientist sees the protected reporter: %+v", g.Reports[0])
	}
	_, err := e.svc.File(e.ctx, e.zoe, id)
	so, ok := casework.AsSignalOnly(err)
	if !ok || !slices.Equal(so.Teams, []string{"Frontoffice"}) || so.Number != f.Case.Number {
		t.Errorf("other team: %v (%+v)", err, so)
	}
	seq := e.head()
	_, err = e.svc.AddContact(e.ctx, e.zoe, id, casework.ContactInput{At: e.clock.Now(), With: "x", Role: casework.WithParent,
		Channel: casework.ChannelPhone, Summary: "x"})
	wantRule(t, "contact by another team", err, toren.CodeForbidden, "")
	_, err = e.svc.Transition(e.ctx, e.zoe, id, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version})
	wantRule(t, "step by another team", err, toren.CodeForbidden, "")
	e.unchanged("refused writes", f, seq)
	if q, err := e.svc.Queue(e.ctx, e.zoe, casework.QueueRequest{Team: "Frontoffice"}); err != nil || len(q) != 0 {
		t.Errorf("another team's queue shows %d items (%v)", len(q), err)
	}
	_, err = e.svc.OpenCase(e.ctx, e.zoe, casework.OpenRequest{ReportIDs: f.Case.ReportIDs, Team: "Team Zuid"})
	wantRule(t, "open a case from another team's report", err, toren.CodeForbidden, "")
	_, err = e.svc.OpenCase(e.ctx, e.mo, casework.OpenRequest{ReportIDs: f.Case.ReportIDs, Team: "Team Monitoring"})
	wantRule(t, "monitoring opens a case", err, toren.CodeForbidden, "")
	_, err = e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: f.Case.ReportIDs, Team: "Frontoffice"})
	wantRule(t, "second case for one report", err, toren.CodeConflict, "")
}

func TestAssignRules(t *testing.T) {
	e := newEnv(t, start)
	f := e.open(e.report("Els Buur", false, false))
	id := f.Case.ID
	admin := e.user("bart", "Bart Kok", authz.RoleAdmin, "Backoffice")
	tests := []struct {
		name string
		who  authz.Actor
		req  casework.AssignRequest
		code toren.Code
		rule string
	}{
		{"case manager assigns", e.cas, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}}, toren.CodeForbidden, ""},
		{"team leader of another team", e.monty, casework.AssignRequest{Team: "Team Monitoring", Workers: []int64{e.mo.UserID}}, toren.CodeForbidden, ""},
		{"no team", e.tara, casework.AssignRequest{Workers: []int64{e.cas.UserID}}, toren.CodeInvalid, "required"},
		{"three workers", e.tara, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID, e.cor.UserID, e.tara.UserID}}, toren.CodeInvalid, "max_items"},
		{"twice the same", e.tara, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID, e.cas.UserID}}, toren.CodeInvalid, "duplicate"},
		{"not in the team", e.tara, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.mo.UserID}}, toren.CodeInvalid, "not_in_team"},
		{"not a caseworker", e.tara, casework.AssignRequest{Team: "Backoffice", Workers: []int64{admin.UserID}}, toren.CodeInvalid, "not_a_caseworker"},
		{"no such worker", e.tara, casework.AssignRequest{Team: "Backoffice", Workers: []int64{9999}}, toren.CodeInvalid, "not_found"},
	}
	for _, tt := range tests {
		seq := e.head()
		tt.req.Version = f.Case.Version
		_, err := e.svc.Assign(e.ctx, tt.who, id, tt.req)
		wantRule(t, tt.name, err, tt.code, tt.rule)
		e.unchanged(tt.name, f, seq)
	}
	g, err := e.svc.Assign(e.ctx, e.tara, id, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID, e.cor.UserID}, Version: f.Case.Version})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Assign(e.ctx, e.tara, id, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}, Version: f.Case.Version})
	wantRule(t, "stale assignment", err, toren.CodeConflict, "")
	// A worker of the team edits without being assigned; the duo sees it in their queues.
	if _, err := e.svc.AddContact(e.ctx, e.cor, id, casework.ContactInput{At: e.clock.Now(), With: "Moeder", Role: casework.WithParent,
		Channel: casework.ChannelPhone, Summary: "Afspraak gemaakt."}); err != nil {
		t.Fatal(err)
	}
	if g.Assignment.Workers[0].Name != "Cas Jansen" || g.Assignment.Workers[1].UserID != e.cor.UserID {
		t.Errorf("assignment %+v", g.Assignment)
	}
}

func TestRecordRules(t *testing.T) {
	e := newEnv(t, start)
	witness := e.report("Wendy Getuige", false, true)
	caller := e.report("Carla Beller", false, false)
	f := e.open(witness, caller)
	id := f.Case.ID
	f = e.move(e.iris, f, cases.StartSafetyAssessment)
	later := e.clock.Now().Add(time.Hour)
	type call struct {
		name string
		do   func() error
		code toren.Code
		rule string
	}
	fb := func(in casework.FeedbackInput) func() error {
		return func() error {
			if in.GivenAt.IsZero() {
				in.GivenAt = e.clock.Now()
			}
			if in.Channel == "" {
				in.Channel = casework.ChannelPhone
			}
			_, err := e.svc.AddFeedback(e.ctx, e.iris, id, in)
			return err
		}
	}
	calls := []call{
		{"contact in the future", func() error {
			_, err := e.svc.AddContact(e.ctx, e.iris, id, casework.ContactInput{At: later, With: "x", Role: casework.WithParent, Channel: casework.ChannelPhone, Summary: "x"})
			return err
		}, toren.CodeInvalid, "not_future"},
		{"contact with an unknown channel", func() error {
			_, err := e.svc.AddContact(e.ctx, e.iris, id, casework.ContactInput{At: e.clock.Now(), With: "x", Role: casework.WithParent, Channel: "pigeon", Summary: "x"})
			return err
		}, toren.CodeInvalid, "enum"},
		{"parent at school without parents", func() error {
			_, err := e.svc.AddContact(e.ctx, e.iris, id, casework.ContactInput{At: e.clock.Now(), With: "Vader", Role: casework.WithParent,
				Channel: casework.ChannelSchoolWithoutParents, Summary: "x"})
			return err
		}, toren.CodeInvalid, "child_only"},
		{"contact with a person of another case", func() error {
			_, err := e.svc.AddContact(e.ctx, e.iris, id, casework.ContactInput{At: e.clock.Now(), With: "x", Role: casework.WithParent,
				Channel: casework.ChannelPhone, PersonID: 99999, Summary: "x"})
			return err
		}, toren.CodeInvalid, "not_in_case"},
		{"informant without name or organisation", func() error {
			_, err := e.svc.AddInformant(e.ctx, e.iris, id, casework.InformantInput{Function: "leerkracht"})
			return err
		}, toren.CodeInvalid, "required"},
		{"agreement without a date", func() error {
			_, err := e.svc.AddAgreement(e.ctx, e.iris, id, casework.AgreementInput{Who: "Vader", What: "x"})
			return err
		}, toren.CodeInvalid, "required"},
		{"condition ending in the past", func() error {
			_, err := e.svc.AddCondition(e.ctx, e.iris, id, casework.ConditionInput{Text: "x", CheckedBy: "x", Until: toren.MustDate("2020-01-01")})
			return err
		}, toren.CodeInvalid, "not_past"},
		{"unknown phase", func() error {
			_, err := e.svc.SetPhase(e.ctx, e.iris, id, casework.PhaseInput{Phase: "phase_9"})
			return err
		}, toren.CodeInvalid, "enum"},
		{"closing letter without conditions", func() error {
			_, err := e.svc.RecordLetter(e.ctx, e.iris, id, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.clock.Now(), Recipient: "Moeder"})
			return err
		}, toren.CodeInvalid, "no_conditions"},
		{"handover without conditions", func() error {
			_, err := e.svc.ProposeHandover(e.ctx, e.tara, id, casework.HandoverInput{Partner: "Wijkteam", PartnerKind: casework.PartnerLocalTeam,
				CaseDirector: "Wijkteam", ReportsBack: "x", ReportBackWhen: "x"})
			return err
		}, toren.CodeInvalid, "required"},
		{"handover by intake", func() error {
			_, err := e.svc.ProposeHandover(e.ctx, e.iris, id, casework.HandoverInput{})
			return err
		}, toren.CodeForbidden, ""},
		{"feedback on a report of another case", fb(casework.FeedbackInput{ReportID: 99999, Moment: casework.FeedbackOther, Summary: "x"}), toren.CodeInvalid, "not_in_case"},
		{"feedback after an assessment not made", fb(casework.FeedbackInput{ReportID: caller.ID, Moment: casework.FeedbackAfterAssessment, Summary: "x"}),
			toren.CodeInvalid, "assessment_not_decided"},
		{"conditions shared with a reporter without a role", fb(casework.FeedbackInput{ReportID: caller.ID, Moment: casework.FeedbackOther,
			ConditionsShared: true, Summary: "x"}), toren.CodeInvalid, "reporter_has_no_role"},
		{"feedback naming the protected reporter", fb(casework.FeedbackInput{ReportID: caller.ID, Moment: casework.FeedbackOther,
			Summary: "Ook wendy getuige heeft gemeld."}), toren.CodeInvalid, "reveals_protected_reporter"},
	}
	for _, c := range calls {
		f := e.file(e.iris, id)
		seq := e.head()
		wantRule(t, c.name, c.do(), c.code, c.rule)
		e.unchanged(c.name, f, seq)
	}
	// The protected reporter's own feedback may of course be about them.
	if err := fb(casework.FeedbackInput{ReportID: witness.ID, Moment: casework.FeedbackOther, Summary: "Wendy Getuige gebeld: de melding is in behandeling."})(); err != nil {
		t.Error(err)
	}
	// Agreements and conditions are updated against the version read.
	ag, err := e.svc.AddAgreement(e.ctx, e.iris, id, casework.AgreementInput{Who: "Vader", What: "Belt vooraf.", Due: toren.MustDate("2026-04-01")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UpdateAgreement(e.ctx, e.iris, id, ag.ID, casework.AgreementUpdate{Status: casework.AgreementNotKept, Version: ag.Version}); err == nil {
		t.Error("an agreement not kept without a note was stored")
	}
	if _, err := e.svc.UpdateAgreement(e.ctx, e.iris, id, ag.ID, casework.AgreementUpdate{Status: casework.AgreementDone, Version: ag.Version}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.UpdateAgreement(e.ctx, e.iris, id, ag.ID, casework.AgreementUpdate{Status: casework.AgreementCancelled, Version: ag.Version})
	wantRule(t, "stale agreement", err, toren.CodeConflict, "")
	_, err = e.svc.UpdateAgreement(e.ctx, e.iris, id, 99999, casework.AgreementUpdate{Status: casework.AgreementDone, Version: 1})
	wantRule(t, "missing agreement", err, toren.CodeNotFound, "")
}
