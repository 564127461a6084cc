package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/clients"
	"toren/internal/partners"
	"toren/internal/reports"
	"toren/internal/web"
)

// partnerEnv is the Lisanne case handed over to a wijkteam in the
// catalogue (partner A), with the API clients of partner A and B and of
// the police.
type partnerEnv struct {
	t                  *testing.T
	app                *app.App
	srv                *apptest.Server
	svc                *casework.Service
	cas, tara, gert    authz.Actor
	caseID, condition  int64
	handover           casework.Handover
	a, b               partners.Partner
	clientA            clients.Client
	tokA, tokB, police string
	reports            []*reports.Report
}

func newPartnerEnv(t *testing.T, opts ...apptest.Option) *partnerEnv {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, opts...)
	apptest.Demo(t, a, 0, 1)
	e := &partnerEnv{t: t, app: a, svc: a.Casework(), cas: demoActor(t, a, "casemanager"), tara: demoActor(t, a, "teamleider"),
		gert: demoActor(t, a, "gedragswetenschapper")}
	police, care := lisanneReports(t, a)
	e.reports = []*reports.Report{police, care}
	f := openLisanneCase(t, a, e.svc)
	e.caseID = f.Case.ID
	e.a, e.b = apptest.Partner(t, a, "Wijkteam Tilburg"), apptest.Partner(t, a, "Wijkteam Breda")
	both := []authz.Scope{authz.ScopeHandoversRespond, authz.ScopeMonitoringReport}
	e.clientA, e.tokA = apptest.PartnerClient(t, a, "Wijkteam Tilburg (Regas)", e.a.ID, both...)
	_, e.tokB = apptest.PartnerClient(t, a, "Wijkteam Breda (Regas)", e.b.ID, both...)
	_, e.police = apptest.APIClient(t, a, "Politie Eenheid Oost-Brabant", authz.ScopeReportsCreate)
	e.srv = apptest.Serve(t, a)

	step := func(tr cases.TransitionName) {
		t.Helper()
		if _, err := e.svc.Transition(ctx, e.cas, e.caseID, casework.TransitionRequest{Transition: tr, Version: e.file().Case.Version}); err != nil {
			t.Fatalf("%s: %v", tr, err)
		}
	}
	step(cases.StartSafetyAssessment)
	e.decide(casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, StructuralUnsafety: true,
		TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow, Reasoning: "Structurele onveiligheid; kinderen getuige."})
	e.decide(casework.DecisionInput{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideConditions), Reasoning: "Ouders werken mee."})
	c, err := e.svc.AddCondition(ctx, e.cas, e.caseID, casework.ConditionInput{Text: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Wijkteam Tilburg"})
	if err != nil {
		t.Fatal(err)
	}
	e.condition = c.ID
	// Named as it stands in the catalogue: the handover is partner A's.
	h, err := e.svc.ProposeHandover(ctx, e.cas, e.caseID, casework.HandoverInput{Partner: "wijkteam  Tilburg",
		PartnerKind: casework.PartnerLocalTeam, CaseDirector: "Wijkteam Tilburg", ReportsBack: "Schending van een voorwaarde; nieuwe zorgen",
		ReportBackWhen: "Direct bij een schending, en na 3 maanden", ConditionIDs: []int64{c.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if h.PartnerID != e.a.ID {
		t.Fatalf("the handover to %q is linked to partner %d, want %d", h.Partner, h.PartnerID, e.a.ID)
	}
	// Not sent before the decision to hand over takes effect.
	if items := e.inbox(e.tokA); len(items) != 0 {
		t.Errorf("a handover still being prepared is in the partner's inbox: %v", items)
	}
	if _, err := e.svc.RecordLetter(ctx, e.cas, e.caseID, casework.LetterInput{Kind: casework.LetterClosing, SentAt: a.Clock().Now(),
		Recipient: "Moeder"}); err != nil {
		t.Fatal(err)
	}
	e.decide(casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.HandOverConditions), Reasoning: "Voorwaarden gesteld."})
	if f := e.file(); f.Case.Status != cases.StatusHandover {
		t.Fatalf("after the closure decision: %s", f.Case.Status)
	}
	e.handover = *h
	return e
}

func (e *partnerEnv) decide(in casework.DecisionInput) {
	e.t.Helper()
	ctx := context.Background()
	d, err := e.svc.Propose(ctx, e.cas, e.caseID, in)
	if err != nil {
		e.t.Fatalf("propose %s: %v", in.Kind, err)
	}
	if _, err := e.svc.Approve(ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version}); err != nil {
		e.t.Fatalf("approve %s: %v", in.Kind, err)
	}
}

func (e *partnerEnv) file() *casework.File {
	e.t.Helper()
	f, err := e.svc.File(context.Background(), e.tara, e.caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// call sends a request with a client's token.
func (e *partnerEnv) call(tok, method, path string, body any) (int, []byte) {
	e.t.Helper()
	return e.srv.APIClient(e.t, tok).Do(method, path, body)
}

// inbox is GET /api/v1/handovers?for=me for a client that may read it.
func (e *partnerEnv) inbox(tok string) []casework.PartnerHandover {
	e.t.Helper()
	st, b := e.call(tok, http.MethodGet, "/api/v1/handovers?for=me", nil)
	if st != http.StatusOK {
		e.t.Fatalf("inbox: %d %s", st, b)
	}
	var out struct{ Items []casework.PartnerHandover }
	if err := json.Unmarshal(b, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Items
}

func (e *partnerEnv) answerPath() string {
	return fmt.Sprintf("/api/v1/handovers/%d/answer", e.handover.ID)
}

func (e *partnerEnv) reportPath() string {
	return fmt.Sprintf("/api/v1/handovers/%d/monitoring-reports", e.handover.ID)
}

// byClient returns the audit entries after seq written with the client as
// the actor.
func (e *partnerEnv) byClient(seq int64, c clients.Client) []audit.Entry {
	var out []audit.Entry
	for _, en := range apptest.AuditAfter(e.t, e.app, seq) {
		if en.ActorID == c.AuditID() {
			if en.Role != string(authz.RoleClient) || en.ActorName != c.Name {
				e.t.Errorf("client audit entry %+v", en)
			}
			out = append(out, en)
		}
	}
	return out
}

func auditActions(entries []audit.Entry) []string {
	var out []string
	for _, en := range entries {
		out = append(out, en.Action)
	}
	return out
}

// A handover to a partner is a message its own system reads under the
// partner's need-to-know; a client of another partner cannot see or
// answer it, nor can the police's client; a decline records the reason
// and hands the case back to its team's queue at once.
func TestPartnerHandoverNeedToKnowAndDecline(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newPartnerEnv(t, db)

		items := e.inbox(e.tokA)
		if len(items) != 1 || items[0].ID != e.handover.ID || items[0].Status != casework.HandoverProposed {
			t.Fatalf("partner A's inbox: %+v", items)
		}
		m := items[0]
		if len(m.Conditions) != 1 || m.Conditions[0].ID != e.condition || m.CaseDirector != "Wijkteam Tilburg" ||
			m.ReportBackWhen == "" || m.ReportsBack == "" {
			t.Errorf("the message lacks conditions or case direction: %+v", m)
		}
		if !slices.ContainsFunc(m.Persons, func(p casework.PartnerPerson) bool { return strings.Contains(p.Name, "Wijnan") }) {
			t.Errorf("the family is not in the message: %+v", m.Persons)
		}
		for _, p := range m.Persons {
			if len(p.Roles) == 0 || slices.ContainsFunc(p.Roles, func(r reports.Role) bool { return r == reports.RoleWitness || r == reports.RoleInformant }) {
				t.Errorf("person %q with roles %v in the message", p.Name, p.Roles)
			}
		}
		// Need-to-know: no report texts, no reporter, no BSN. The read is
		// in the audit log with the client as the actor and the persons shown.
		read := apptest.AuditHead(t, e.app)
		_, raw := e.call(e.tokA, http.MethodGet, "/api/v1/handovers?for=me", nil)
		if en := e.byClient(read, e.clientA); len(en) != 1 || en[0].Action != string(authz.ActionHandoverInbox) || len(en[0].PersonIDs) == 0 {
			t.Errorf("the read's audit entries: %+v", en)
		}
		for _, r := range e.reports {
			for _, secret := range []string{r.Description, r.Reporter.Name, r.Reporter.Phone, r.Reporter.Email} {
				if len(secret) > 3 && bytes.Contains(raw, []byte(secret)) {
					t.Errorf("the partner's message holds %q of report %s", secret, r.Number)
				}
			}
			for _, p := range r.Persons {
				if p.BSN != "" && bytes.Contains(raw, []byte(p.BSN)) {
					t.Errorf("the partner's message holds a BSN")
				}
			}
		}
		for _, field := range []string{`"description"`, `"reporter`, `"bsn"`, `"contacts"`, `"decisions"`} {
			if bytes.Contains(raw, []byte(field)) {
				t.Errorf("the partner's message has a field %s", field)
			}
		}

		// Partner B sees nothing and cannot answer: the handover is not found.
		if items := e.inbox(e.tokB); len(items) != 0 {
			t.Errorf("partner B's inbox holds partner A's handover: %+v", items)
		}
		decline := map[string]any{"accept": false, "reason": "Geen capaciteit.", "version": e.handover.Version}
		if st, b := e.call(e.tokB, http.MethodPost, e.answerPath(), decline); st != http.StatusNotFound {
			t.Errorf("partner B answers partner A's handover: %d %s", st, b)
		}
		if st, b := e.call(e.tokB, http.MethodPost, e.reportPath(), map[string]any{"moment_id": 1, "checks": []any{}, "version": 1}); st != http.StatusNotFound {
			t.Errorf("partner B reports on partner A's handover: %d %s", st, b)
		}
		// The police's client (reports:create) reads no handovers at all.
		if st, _ := e.call(e.police, http.MethodGet, "/api/v1/handovers?for=me", nil); st != http.StatusForbidden {
			t.Errorf("the police client reads handovers: %d", st)
		}
		if st, _ := e.call(e.police, http.MethodPost, e.answerPath(), decline); st != http.StatusForbidden {
			t.Errorf("the police client answers a handover: %d", st)
		}
		if f := e.file(); f.Handovers[len(f.Handovers)-1].Status != casework.HandoverProposed {
			t.Fatalf("a refused client changed the handover: %+v", f.Handovers)
		}

		// A decline needs its reason; nothing changes without it.
		if st, b := e.call(e.tokA, http.MethodPost, e.answerPath(), map[string]any{"accept": false, "version": e.handover.Version}); st != http.StatusUnprocessableEntity ||
			!bytes.Contains(b, []byte(`"field":"reason"`)) {
			t.Errorf("decline without a reason: %d %s", st, b)
		}
		head := apptest.AuditHead(t, e.app)
		st, b := e.call(e.tokA, http.MethodPost, e.answerPath(), decline)
		if st != http.StatusOK {
			t.Fatalf("decline: %d %s", st, b)
		}
		f := e.file()
		h := f.Handovers[len(f.Handovers)-1]
		if h.Status != casework.HandoverDeclined || h.ResponseNote != "Geen capaciteit." || h.RespondedClient != e.clientA.ID {
			t.Errorf("after the decline: %+v", h)
		}
		// Back with Veilig Thuis: the handover withdrawn, the case in the
		// owning team's safety assessment and queue.
		if f.Case.Status != cases.StatusSafetyAssessment || f.Case.Team != "Backoffice" {
			t.Errorf("after the decline the case is %s with %s, want safety_assessment with Backoffice", f.Case.Status, f.Case.Team)
		}
		last := f.Transitions[len(f.Transitions)-1]
		if last.Transition != cases.WithdrawHandover || !strings.Contains(last.Reason, "Geen capaciteit.") {
			t.Errorf("last step %+v, want the withdrawal with the reason", last)
		}
		for _, scope := range []casework.QueueRequest{{Team: "Backoffice"}, {WorkerID: e.cas.UserID}} {
			q, err := e.svc.Queue(context.Background(), e.tara, scope)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(q, func(it casework.QueueItem) bool {
				return it.Kind == casework.QueueDeclined && it.CaseID == e.caseID && it.HandoverID == h.ID && it.Partner == "Wijkteam Tilburg" && web.QueueLabel(it) == "Overdracht afgewezen door Wijkteam Tilburg: kies een vervolg"
			}) {
				t.Errorf("queue %+v has no declined handover: %+v", scope, q)
			}
		}
		// The case file says the same as the queue: what is due is one answer.
		if !slices.ContainsFunc(f.Due, func(it casework.QueueItem) bool {
			return it.Kind == casework.QueueDeclined && it.HandoverID == h.ID
		}) {
			t.Errorf("the case file's due items %+v lack the declined handover the queue shows", f.Due)
		}
		got := auditActions(e.byClient(head, e.clientA))
		for _, want := range []string{casework.ActionHandoverRespond, casework.ActionCaseTransition} {
			if !slices.Contains(got, want) {
				t.Errorf("audit by the client %v lacks %s", got, want)
			}
		}
		// Declined: the message is gone from the inbox, and a second answer is refused.
		if items := e.inbox(e.tokA); len(items) != 0 {
			t.Errorf("a declined handover stays in the inbox: %+v", items)
		}
		if st, _ := e.call(e.tokA, http.MethodPost, e.answerPath(), decline); st != http.StatusNotFound {
			t.Errorf("a second answer: %d", st)
		}
	})
}

// A partner that accepted a handover reports per condition at each
// monitoring moment; a "does not hold" takes the breach path Team
// Monitoring's record takes: the condition breached, a new signal, the
// case in monitoring reopened.
func TestPartnerHandoverAcceptAndBreach(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newPartnerEnv(t, db)
		// A client with handovers:respond only reads and answers; it does
		// not report on the monitoring.
		_, answerOnly := apptest.PartnerClient(t, e.app, "Wijkteam Tilburg (portaal)", e.a.ID, authz.ScopeHandoversRespond)
		st, b := e.call(e.tokA, http.MethodPost, e.answerPath(), map[string]any{"accept": true, "version": e.handover.Version})
		if st != http.StatusOK {
			t.Fatalf("accept: %d %s", st, b)
		}
		var m casework.PartnerHandover
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Status != casework.HandoverAccepted || len(m.Moments) != 2 || m.Moments[0].Months != 3 {
			t.Fatalf("after accepting: %+v", m)
		}
		// A report to the police is a follow-up step VT may take alongside
		// (stored and audited as a disclosure on both databases).
		prHead := apptest.AuditHead(t, e.app)
		if _, err := e.svc.RecordPoliceReport(context.Background(), e.cas, e.caseID, casework.PoliceReportInput{
			ReportedAt: e.app.Clock().Now().Add(-time.Hour), PoliceUnit: "Politie Oost-Brabant", Shared: "Namen en adres van het gezin.",
			LegalGround: casework.GroundMeldrecht, Weighing: "Herhaald geweld ondanks de hulp."}); err != nil {
			t.Fatal(err)
		}
		if prs := e.file().PoliceReports; len(prs) != 1 || prs[0].LegalGround != casework.GroundMeldrecht || prs[0].Recorded.ByName == "" {
			t.Errorf("stored reports to the police %+v", prs)
		}
		if got := auditActionsAfter(t, e, prHead); !slices.Contains(got, casework.ActionPoliceReport) || !slices.Contains(got, audit.ActionExport) {
			t.Errorf("a report to the police audited as %v", got)
		}
		// A condition that did not travel with the handover is not the
		// partner's to know, nor to report on.
		if _, err := e.svc.AddCondition(context.Background(), e.cas, e.caseID, casework.ConditionInput{Text: "Vader meldt zich bij de reclassering.",
			CheckedBy: "Reclassering"}); err != nil {
			t.Fatal(err)
		}
		if items := e.inbox(e.tokA); len(items) != 1 || len(items[0].Conditions) != 1 || items[0].Conditions[0].ID != e.condition {
			t.Errorf("the partner's conditions: %+v", items)
		}
		// Veilig Thuis starts monitoring as a step of its process.
		if _, err := e.svc.Transition(context.Background(), e.cas, e.caseID, casework.TransitionRequest{Transition: cases.StartMonitoring,
			Version: e.file().Case.Version}); err != nil {
			t.Fatal(err)
		}
		moment := m.Moments[0]
		breach := map[string]any{"moment_id": moment.ID, "version": moment.Version, "note": "Huisbezoek na 3 maanden.",
			"checks": []map[string]any{{"condition_id": e.condition, "result": "does_not_hold", "note": "Politie kwam twee keer ter plaatse."}}}
		if st, _ := e.call(answerOnly, http.MethodPost, e.reportPath(), breach); st != http.StatusForbidden {
			t.Errorf("a client without monitoring:report reports: %d", st)
		}
		if st, _ := e.call(e.police, http.MethodPost, e.reportPath(), breach); st != http.StatusForbidden {
			t.Errorf("the police client reports on a handover: %d", st)
		}
		noNote := map[string]any{"moment_id": moment.ID, "version": moment.Version,
			"checks": []map[string]any{{"condition_id": e.condition, "result": "does_not_hold"}}}
		if st, b := e.call(e.tokA, http.MethodPost, e.reportPath(), noNote); st != http.StatusUnprocessableEntity ||
			!bytes.Contains(b, []byte(`"field":"checks[0].note"`)) {
			t.Errorf("a breach without a note: %d %s", st, b)
		}
		if f := e.file(); f.Case.Status != cases.StatusMonitoring {
			t.Fatalf("refused reports changed the case: %s", f.Case.Status)
		}

		head := apptest.AuditHead(t, e.app)
		if st, b := e.call(e.tokA, http.MethodPost, e.reportPath(), breach); st != http.StatusOK {
			t.Fatalf("report a breach: %d %s", st, b)
		}
		f := e.file()
		if f.Case.Status != cases.StatusReopened {
			t.Errorf("after the partner's breach the case is %s, want reopened", f.Case.Status)
		}
		ci := slices.IndexFunc(f.Conditions, func(c casework.Condition) bool { return c.ID == e.condition })
		if f.Conditions[ci].Status != casework.ConditionBreached {
			t.Errorf("the condition is %s, want breached", f.Conditions[ci].Status)
		}
		if !slices.ContainsFunc(f.Signals, func(s casework.Signal) bool {
			return s.Source == casework.SignalMonitoringBreach && strings.Contains(s.Note, "Er vindt geen huiselijk geweld plaats.")
		}) {
			t.Errorf("no breach signal: %+v", f.Signals)
		}
		mi := slices.IndexFunc(f.Monitoring, func(x casework.MonitoringMoment) bool { return x.ID == moment.ID })
		if done := f.Monitoring[mi]; done.Status != casework.MomentDone || done.DoneClient != e.clientA.ID || done.Done == nil ||
			done.Done.ByName != e.clientA.Name {
			t.Errorf("the moment after the partner's report: %+v", done)
		}
		got := auditActions(e.byClient(head, e.clientA))
		for _, want := range []string{casework.ActionMonitoringRecord, casework.ActionCaseTransition} {
			if !slices.Contains(got, want) {
				t.Errorf("audit by the client %v lacks %s", got, want)
			}
		}
		// The case reopened: a new episode, no longer the partner's to read.
		if items := e.inbox(e.tokA); len(items) != 0 {
			t.Errorf("the reopened case stays in the partner's inbox: %+v", items)
		}
		if st, _ := e.call(e.tokA, http.MethodPost, e.reportPath(), breach); st != http.StatusNotFound {
			t.Errorf("a report after the reopening: %d", st)
		}
	})
}

func auditActionsAfter(t *testing.T, e *partnerEnv, seq int64) []string {
	t.Helper()
	return auditActions(apptest.AuditAfter(t, e.app, seq))
}
