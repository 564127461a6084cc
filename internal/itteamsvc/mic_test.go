package itteamsvc_test

import (
	"slices"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// TestMICReachesTheTeamLeader: a worker of the duo reports an incident;
// it goes to the IT team leader, whose work queue shows the follow-up
// questions at six weeks and at three months; the rest of the team sees
// neither the report nor its follow-ups; every change is audited.
func TestMICReachesTheTeamLeader(t *testing.T) {
	e := newEnv(t)
	c, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie Verbeek", Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3),
		Answers: answers(), Admitted: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	incident := itteam.MIC{On: toren.NewDate(2014, 3, 1), What: "Vader sloeg met de vuist op tafel en gooide een kopje naar de IT-medewerker.",
		Harm: []itteam.Harm{itteam.HarmMental, itteam.HarmMaterial}, Involved: "Vader; IT-medewerker Ilse Smit"}

	// Another team's worker sees the family only as a signal: no report.
	seq := e.seq(t)
	if _, err := e.svc.ReportMIC(e.ctx, e.mo, c.ID, incident); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("another team reports an incident in the case: %v", err)
	}
	// Bad input names the field and the rule, and stores nothing.
	bad := incident
	bad.What, bad.Harm, bad.On = " ", []itteam.Harm{"emotional"}, toren.NewDate(2014, 3, 4)
	if _, err := e.svc.ReportMIC(e.ctx, e.ilse, c.ID, bad); !slices.Equal(rules(err), []string{"what required", "on not_future", "harm enum"}) {
		t.Errorf("bad report: %v", err)
	}
	if e.seq(t) != seq {
		t.Error("a refused report wrote to the audit log")
	}

	m, err := e.svc.ReportMIC(e.ctx, e.ilse, c.ID, incident)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 || m.Reporter.Name != "Ilse Smit" || !m.ReportedOn.Equal(toren.NewDate(2014, 3, 3)) || len(m.FollowUps) != 2 ||
		!m.FollowUps[0].Due.Equal(toren.NewDate(2014, 4, 14)) || !m.FollowUps[1].Due.Equal(toren.NewDate(2014, 6, 3)) {
		t.Fatalf("report: %+v", m)
	}
	if got := lastEntry(t, e); got.Action != itteamsvc.ActionMICReport || got.ObjectType != "it_mic" || got.ActorName != "Ilse Smit" {
		t.Errorf("audit entry %+v", got)
	}

	// The reporter and the team leader read it; the other of the duo not.
	for _, a := range []authz.Actor{e.ilse, e.tim} {
		if got, err := e.svc.MIC(e.ctx, a, m.ID); err != nil || got.What != incident.What {
			t.Errorf("%s reads the report: %v", a.Name, err)
		}
		if ms, err := e.svc.MICsOfCase(e.ctx, a, c.ID); err != nil || len(ms) != 1 {
			t.Errorf("%s's reports of the case: %d, %v", a.Name, len(ms), err)
		}
	}
	if _, err := e.svc.MIC(e.ctx, e.ahmed, m.ID); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the other of the duo reads the report: %v", err)
	}
	if ms, _ := e.svc.MICsOfCase(e.ctx, e.ahmed, c.ID); len(ms) != 0 {
		t.Errorf("the other of the duo lists %d reports", len(ms))
	}

	// The team leader's work queue: nothing until a week before six weeks.
	queue := func() []string {
		t.Helper()
		due, err := e.svc.FollowUpsDue(e.ctx, e.tim)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range due {
			s := string(d.FollowUp.Moment)
			if d.Overdue {
				s += " overdue"
			}
			out = append(out, s)
		}
		return out
	}
	if q := queue(); len(q) != 0 {
		t.Errorf("queue on the day of the report: %v", q)
	}
	if _, err := e.svc.FollowUpsDue(e.ctx, e.ilse); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a worker reads the team leader's follow-ups: %v", err)
	}
	e.clock.Set(time.Date(2014, 4, 8, 9, 0, 0, 0, time.UTC))
	if q := queue(); !slices.Equal(q, []string{"six_weeks"}) {
		t.Errorf("queue a week before six weeks: %v", q)
	}
	e.clock.Set(time.Date(2014, 4, 15, 9, 0, 0, 0, time.UTC))
	if q := queue(); !slices.Equal(q, []string{"six_weeks overdue"}) {
		t.Errorf("queue after six weeks: %v", q)
	}
	ask := itteam.FollowUp{AskedOn: toren.NewDate(2014, 4, 15), Note: "Gaat goed; gesprek met vertrouwenspersoon gehad."}
	if _, err := e.svc.AskFollowUp(e.ctx, e.ilse, m.ID, itteam.FollowUpSixWeeks, ask); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the worker records the team leader's follow-up: %v", err)
	}
	if _, err := e.svc.AskFollowUp(e.ctx, e.tim, m.ID, itteam.FollowUpSixWeeks, itteam.FollowUp{AskedOn: toren.NewDate(2014, 3, 2)}); !slices.Equal(rules(err), []string{"asked_on after_report"}) {
		t.Errorf("asked before the report: %v", err)
	}
	if m, err = e.svc.AskFollowUp(e.ctx, e.tim, m.ID, itteam.FollowUpSixWeeks, ask); err != nil || m.FollowUps[0].By.Name != "Tim Leider" {
		t.Fatalf("six weeks: %+v %v", m.FollowUps, err)
	}
	if got := lastEntry(t, e); got.Action != itteamsvc.ActionMICFollowUp || got.Reason != "six_weeks: no further help needed" {
		t.Errorf("audit entry %+v", got)
	}
	if _, err := e.svc.AskFollowUp(e.ctx, e.tim, m.ID, itteam.FollowUpSixWeeks, ask); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("six weeks twice: %v", err)
	}
	if q := queue(); len(q) != 0 {
		t.Errorf("queue after six weeks asked: %v", q)
	}
	e.clock.Set(time.Date(2014, 6, 4, 9, 0, 0, 0, time.UTC))
	if q := queue(); !slices.Equal(q, []string{"three_months overdue"}) {
		t.Errorf("queue after three months: %v", q)
	}
	if _, err := e.svc.AskFollowUp(e.ctx, e.tim, m.ID, itteam.FollowUpThreeMonths, itteam.FollowUp{AskedOn: toren.NewDate(2014, 6, 4), NeedsHelp: true}); err != nil {
		t.Fatal(err)
	}
	if q := queue(); len(q) != 0 {
		t.Errorf("queue after both asked: %v", q)
	}
	st, err := e.svc.Statistics(e.ctx, e.tim, 2014, toren.NewDate(2014, 12, 31))
	if err != nil || st.MIC != 1 || st.MICBefore != 0 {
		t.Errorf("the year counts %d reports (%d the year before), %v", st.MIC, st.MICBefore, err)
	}
}

func lastEntry(t *testing.T, e *env) audit.Entry {
	t.Helper()
	var last audit.Entry
	for en, err := range e.db.AuditEntries(e.ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		last = en
	}
	return last
}
