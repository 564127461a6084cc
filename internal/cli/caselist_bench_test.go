package cli

import (
	"context"
	"fmt"
	"slices"
	"syscall"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// BenchmarkCaseList measures the case list (/dossiers) through the real
// handler chain (access gate with session and audit entry, need-to-know,
// storage, template) for a case manager of the Backoffice and Team
// Monitoring whose teams have 250 open cases, played through the casework
// service over the weeks before (caseListCases). The list shows them all
// with their next deadline. It reports p50 and p95 in milliseconds (target: p95
// under 50 ms) and needs no large database:
//
//	go test -run x -bench CaseList -benchtime 200x ./internal/cli/
func BenchmarkCaseList(b *testing.B) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, toren.Amsterdam)
	clock := toren.NewFixedClock(now)
	a := apptest.New(b, apptest.Quiet(), apptest.Clock(clock))
	apptest.Demo(b, a, 200, 2)
	apptest.User(b, a, "bench-cases", "Bo Bench", []authz.Role{authz.RoleCaseManager}, "Backoffice", "Team Monitoring")
	n := caseListCases(b, a, clock, now, 250)
	clock.Set(now)
	h := a.Handler()
	cookie := benchSignIn(b, h, "bench-cases")
	page := benchPage{name: "cases", want: 200}
	for range b.N {
		page.paths = append(page.paths, "/dossiers")
	}
	b.ResetTimer()
	cpu := processCPU(b)
	r := timePage(b, h, cookie, page)
	cpu = processCPU(b) - cpu
	b.StopTimer()
	b.ReportMetric(r.p50, "p50-ms")
	b.ReportMetric(r.p95, "p95-ms")
	// On a shared machine the wall-clock figures follow the load; the
	// process's CPU time per request (user and system) does not.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(n), "cases")
}

// caseListCases opens want cases on the demo's synthetic reports and
// plays each through the process as the demo accounts would, on dates
// spread over the 60 days before now: a quarter only started their safety
// assessment, the others have their decisions, feedback, two contacts and
// three safety agreements (some late by now); half of those also an
// informant, two conditions and a phase, and of those half were handed
// over to an external partner and are in monitoring (Team Monitoring's,
// with their monitoring moments). The rest stay with the Backoffice. It
// returns how many cases the list shows the benchmark's user.
func caseListCases(b *testing.B, a *app.App, clock *toren.FixedClock, now time.Time, want int) int {
	b.Helper()
	ctx := context.Background()
	svc, st := a.Casework(), a.Store()
	intake, cm := apptest.Actor(b, a, "intake"), apptest.Actor(b, a, "casemanager")
	gw, tl := apptest.Actor(b, a, "gedragswetenschapper"), apptest.Actor(b, a, "teamleider")
	must := func(what string, err error) {
		b.Helper()
		if err != nil {
			b.Fatalf("%s: %v", what, err)
		}
	}
	opened := 0
	for id := int64(1); opened < want; id++ {
		r, err := st.GetReport(ctx, id)
		if toren.ErrorCode(err) == toren.CodeNotFound {
			b.Fatalf("only %d reports to open cases on", opened)
		}
		must("report", err)
		if r.Kind != "report" || r.Acute {
			continue
		}
		teams, err := st.ReportCaseTeams(ctx, id)
		must("report cases", err)
		if len(teams) > 0 {
			continue
		}
		i := opened
		opened++
		at := now.AddDate(0, 0, -(3 + i%60)).Add(-time.Duration(i%7) * time.Hour)
		step := func() { at = at.Add(20 * time.Minute); clock.Set(at) }
		step()
		f, err := svc.OpenCase(ctx, intake, casework.OpenRequest{ReportIDs: []int64{id}, Team: "Frontoffice", Summary: fmt.Sprintf("Zorgen in gezin %d.", i)})
		must("open", err)
		cid := f.Case.ID
		step()
		f, err = svc.Transition(ctx, intake, cid, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version})
		must("start assessment", err)
		decide := func(by authz.Actor, in casework.DecisionInput) {
			step()
			d, err := svc.Propose(ctx, by, cid, in)
			must("propose "+string(in.Kind), err)
			step()
			_, err = svc.Approve(ctx, gw, d.ID, casework.ApproveRequest{Version: d.Version})
			must("approve "+string(in.Kind), err)
		}
		if i%4 != 0 {
			decide(intake, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, StructuralUnsafety: true,
				TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow, Reasoning: "Structurele onveiligheid; ouders bereikbaar."})
			decide(intake, casework.DecisionInput{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideConditions),
				Reasoning: "Ouders werken mee; bevestigen of weerleggen is niet nodig."})
		}
		step()
		f, err = svc.File(ctx, tl, cid)
		must("file", err)
		_, err = svc.Assign(ctx, tl, cid, casework.AssignRequest{Team: "Backoffice", Workers: []int64{cm.UserID}, Version: f.Case.Version})
		must("assign", err)
		if i%4 == 0 {
			continue
		}
		step()
		_, err = svc.AddFeedback(ctx, cm, cid, casework.FeedbackInput{ReportID: id, Moment: casework.FeedbackAfterAssessment, GivenAt: at,
			Channel: casework.ChannelPhone, FollowUpStarted: true, Summary: "Melder geïnformeerd."})
		must("feedback", err)
		for _, with := range []casework.ContactRole{casework.WithParent, casework.WithChild} {
			step()
			_, err = svc.AddContact(ctx, cm, cid, casework.ContactInput{At: at, With: "Gezin", Role: with, Channel: casework.ChannelHomeVisit, Summary: "Gesprek gevoerd."})
			must("contact", err)
		}
		for _, days := range []int{2, 14, 90} {
			step()
			_, err = svc.AddAgreement(ctx, cm, cid, casework.AgreementInput{Who: "Ouders", What: fmt.Sprintf("Afspraak binnen %d dagen.", days),
				Due: toren.DateOf(at.AddDate(0, 0, days))})
			must("agreement", err)
		}
		if i%2 == 0 {
			continue
		}
		step()
		_, err = svc.AddInformant(ctx, cm, cid, casework.InformantInput{Name: "Leerkracht", Organisation: "Basisschool", SignalFunction: true})
		must("informant", err)
		for _, text := range []string{"Geen geweld in het bijzijn van de kinderen.", "Vader houdt zich aan de omgangsregeling."} {
			step()
			_, err = svc.AddCondition(ctx, cm, cid, casework.ConditionInput{Text: text, CheckedBy: "Ambulant begeleider"})
			must("condition", err)
		}
		step()
		_, err = svc.SetPhase(ctx, cm, cid, casework.PhaseInput{Phase: casework.PhaseStabilisation})
		must("phase", err)
		if i%4 != 3 {
			continue
		}
		f, err = svc.File(ctx, cm, cid)
		must("file", err)
		in := casework.HandoverInput{Partner: "Ambulante begeleiding", PartnerKind: casework.PartnerCareProvider, CaseDirector: "Ambulant begeleider",
			ReportsBack: "Meldt een schending van de voorwaarden", ReportBackWhen: "Direct"}
		for _, c := range f.Conditions {
			in.ConditionIDs = append(in.ConditionIDs, c.ID)
		}
		step()
		_, err = svc.ProposeHandover(ctx, cm, cid, in)
		must("handover", err)
		step()
		_, err = svc.RecordLetter(ctx, cm, cid, casework.LetterInput{Kind: casework.LetterClosing, Recipient: "Ouders", SentAt: at})
		must("letter", err)
		decide(cm, casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.HandOverConditions), Reasoning: "Voorwaarden gesteld en belegd."})
		step()
		f, err = svc.File(ctx, cm, cid)
		must("file", err)
		h := f.Handovers[slices.IndexFunc(f.Handovers, func(h casework.Handover) bool { return h.Status == casework.HandoverProposed })]
		_, err = svc.RespondHandover(ctx, cm, cid, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version})
		must("accept handover", err)
		step()
		f, err = svc.File(ctx, cm, cid)
		must("file", err)
		_, err = svc.Transition(ctx, cm, cid, casework.TransitionRequest{Transition: cases.StartMonitoring, Version: f.Case.Version})
		must("start monitoring", err)
	}
	clock.Set(now)
	files, err := svc.Cases(ctx, apptest.Actor(b, a, "bench-cases"), casework.CaseListRequest{})
	must("case list", err)
	return len(files)
}

// processCPU is the CPU time (user and system) the test process used so far.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
