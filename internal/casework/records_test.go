package casework_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// recorded is the audit recorder a request of a carries.
func recorded(a authz.Actor) *audit.Recorder {
	return &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(a.UserID, 10), ActorName: a.Name, Origin: "test"}}
}

// letterCase is a case of team Backoffice, worked by Cas, from a report
// by a teacher (protected when protect) naming a mother and a father at
// their address and a child, with one safety condition.
func (e *env) letterCase(protect bool) (*casework.File, *reports.Report) {
	e.t.Helper()
	r := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.clock.Now().Add(-48 * time.Hour), Channel: reports.ChannelPhone,
		Reporter: reports.Reporter{Kind: reports.ReporterEducation, Name: "Meester Geheimzinnig", Function: "leerkracht",
			Organisation: "OBS Het Anker", Phone: "030-1234567", ProtectIdentity: protect},
		ViolenceTypes: []reports.ViolenceType{reports.TypeChildAbuse}, ChildrenPresent: reports.Yes, Description: "Blauwe plekken.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Sanne", Surname: "Anker", Sex: reports.SexFemale, Street: "Kade", HouseNumber: "1",
				Postcode: "3511 AA", City: "Utrecht", BirthDate: toren.MustDate("1990-01-02")},
			{Role: reports.RolePerpetrator, FirstNames: "Bram", Surname: "Anker", Sex: reports.SexMale, Street: "Kade", HouseNumber: "1",
				Postcode: "3511 AA", City: "Utrecht", BirthDate: toren.MustDate("1988-05-06")},
			{Role: reports.RoleChild, FirstNames: "Tim", Surname: "Anker", BirthDate: toren.MustDate("2018-03-04")},
		}}
	if _, err := e.intake.Submit(e.ctx, e.iris, intake.Submission{Report: r}); err != nil {
		e.t.Fatal(err)
	}
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{r.ID}, Team: "Backoffice"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.AddCondition(e.ctx, e.cas, f.Case.ID, casework.ConditionInput{Text: "Er vindt geen huiselijk geweld plaats.",
		CheckedBy: "Wijkteam Utrecht-Oost"}); err != nil {
		e.t.Fatal(err)
	}
	return e.file(e.cas, f.Case.ID), r
}

func closingRequest(e *env, recipients ...int64) casework.LetterRequest {
	today := toren.DateOf(e.clock.Now().In(toren.Amsterdam))
	return casework.LetterRequest{Kind: letters.KindClosing, Service: letters.ServiceConditions, ClosedOn: today,
		ConditionsUntil: today.AddDate(1, 0, 0), Recipients: recipients,
		CaseDirection: letters.CaseDirection{Organisation: "Wijkteam Utrecht-Oost"}, Note: "U mag trots zijn."}
}

func personOf(r *reports.Report, role reports.Role) int64 {
	i := slices.IndexFunc(r.Persons, func(m reports.Mention) bool { return m.Role == role })
	return r.Persons[i].PersonID
}

// fieldsOf are the fields an error names.
func fieldsOf(err error) []string {
	var out []string
	for _, fe := range toren.FieldErrors(err) {
		out = append(out, fe.Field+":"+fe.Rule)
	}
	return out
}

// The letters of one request are made by the service from the case file:
// the policy is asked there, every letter is made before any is filed,
// and all are filed with their audit entries in one transaction, or none.
func TestMakeLettersIsOneTransaction(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 10, 0, 0, 0, toren.Amsterdam))
	f, rep := e.letterCase(false)
	id := f.Case.ID
	mother, father, child := personOf(rep, reports.RoleVictim), personOf(rep, reports.RolePerpetrator), personOf(rep, reports.RoleChild)
	ctx := audit.WithRecorder(e.ctx, recorded(e.cas))
	count := func() int {
		recs, err := e.db.ListLetters(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(recs)
	}

	// Refusals change nothing.
	seq := e.head()
	if _, err := e.svc.MakeLetters(audit.WithRecorder(e.ctx, recorded(e.zoe)), e.zoe, id, closingRequest(e, mother)); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager of another team makes a letter: %v", err)
	}
	for _, c := range []struct {
		what string
		req  casework.LetterRequest
		want []string
	}{
		{"no kind", casework.LetterRequest{}, []string{"kind:enum"}},
		{"no addressee", closingRequest(e), []string{"recipients:required"}},
		{"a child (no address)", closingRequest(e, child), []string{"recipients:choice"}},
		{"a person of no case", closingRequest(e, 999999), []string{"recipients:choice"}},
		{"the mother twice", closingRequest(e, mother, mother), []string{"recipients:duplicate"}},
		{"no end of the conditions", func() casework.LetterRequest {
			r := closingRequest(e, mother)
			r.ConditionsUntil = toren.Date{}
			return r
		}(), []string{"conditions_until:required"}},
		{"a report of no case", casework.LetterRequest{Kind: letters.KindFeedback, ReportID: 999999, Moment: letters.AfterAssessment,
			DecidedOn: toren.DateOf(e.clock.Now()), FollowUp: letters.FollowUpConditions}, []string{"report_id:required"}},
		{"conditions to a reporter without a role", casework.LetterRequest{Kind: letters.KindFeedback, ReportID: rep.ID,
			Moment: letters.AfterAssessment, DecidedOn: toren.DateOf(e.clock.Now()), FollowUp: letters.FollowUpConditions,
			ShareConditions: true}, []string{"share_conditions:need_to_know", "share_conditions:need_to_know"}},
	} {
		_, err := e.svc.MakeLetters(ctx, e.cas, id, c.req)
		if toren.ErrorCode(err) != toren.CodeInvalid || !slices.Equal(fieldsOf(err), c.want) {
			t.Errorf("%s: %v, fields %v; want invalid naming %v", c.what, err, fieldsOf(err), c.want)
		}
	}
	if n := count(); n != 0 || e.head() != seq {
		t.Fatalf("refused requests filed %d letters and %d audit entries", n, e.head()-seq)
	}

	// Two addressees: a letter each, filed together with an audit entry each.
	recs, err := e.svc.MakeLetters(ctx, e.cas, id, closingRequest(e, mother, father))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || count() != 2 {
		t.Fatalf("two addressees: %d letters returned, %d filed", len(recs), count())
	}
	entries := e.auditSince(seq)
	if len(entries) != 2 {
		t.Fatalf("%d audit entries for two letters", len(entries))
	}
	for i, en := range entries {
		if en.Action != string(authz.ActionLetterGenerate) || en.ObjectID != strconv.FormatInt(recs[i].ID, 10) || en.ActorName != e.cas.Name ||
			!slices.Contains(en.PersonIDs, mother) {
			t.Errorf("audit entry %d: %+v", i, en)
		}
	}
	for i, to := range []string{"S. Anker", "B. Anker"} {
		if !strings.Contains(recs[i].Recipient, to) || !strings.Contains(recs[i].HTML, "Er vindt geen huiselijk geweld plaats.") ||
			!strings.Contains(recs[i].HTML, "Kade 1") || !strings.HasPrefix(string(recs[i].PDF), "%PDF-") || recs[i].CreatedBy != e.cas.UserID {
			t.Errorf("letter %d: to %q\n%s", i, recs[i].Recipient, recs[i].HTML)
		}
	}
	// Together, one letter to both.
	joint := closingRequest(e, mother, father)
	joint.Joint = true
	if recs, err = e.svc.MakeLetters(ctx, e.cas, id, joint); err != nil || len(recs) != 1 ||
		!strings.Contains(recs[0].Recipient, "S. Anker") || !strings.Contains(recs[0].Recipient, "B. Anker") {
		t.Errorf("a joint letter: %d letters, %v", len(recs), err)
	}

	// Without the request's audit recorder (the command line, a test) the
	// letters are audited as the actor's, never filed unaccounted for.
	seq = e.head()
	if recs, err = e.svc.MakeLetters(e.ctx, e.cas, id, closingRequest(e, father)); err != nil {
		t.Fatal(err)
	}
	if en := e.auditSince(seq); len(en) != 1 || en[0].ActorID != strconv.FormatInt(e.cas.UserID, 10) || en[0].ObjectID != strconv.FormatInt(recs[0].ID, 10) {
		t.Errorf("a letter made without the request's recorder is audited as %+v", en)
	}

	// On the letterhead the administrator set last.
	e.heads.head = &letters.Letterhead{Organisation: "Veilig Thuis Noord-Holland Noord", Phone: "0800-2000"}
	if recs, err = e.svc.MakeLetters(ctx, e.cas, id, closingRequest(e, mother)); err != nil || !strings.Contains(recs[0].HTML, "Noord-Holland Noord") {
		t.Errorf("the letter is not on the current letterhead: %v", err)
	}
}

// A feedback letter to a reporter who asked not to be known names them
// nowhere, whoever makes it.
func TestFeedbackLetterKeepsAProtectedReporterOut(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 10, 0, 0, 0, toren.Amsterdam))
	f, rep := e.letterCase(true)
	recs, err := e.svc.MakeLetters(audit.WithRecorder(e.ctx, recorded(e.cas)), e.cas, f.Case.ID, casework.LetterRequest{
		Kind: letters.KindFeedback, ReportID: rep.ID, Moment: letters.AfterAssessment, DecidedOn: toren.DateOf(e.clock.Now()),
		FollowUp: letters.FollowUpHandover, Partners: []string{" Wijkteam Oost ", ""}, Concerning: "het gezin Anker"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || !strings.Contains(recs[0].HTML, "Aan de melder van melding "+rep.Number) || !strings.Contains(recs[0].HTML, "Wijkteam Oost") {
		t.Fatalf("feedback letter: %d letters", len(recs))
	}
	for _, secret := range []string{"Geheimzinnig", "OBS Het Anker", "030-1234567"} {
		if strings.Contains(recs[0].HTML, secret) || strings.Contains(recs[0].Recipient, secret) {
			t.Errorf("the feedback letter names the protected reporter: %q", secret)
		}
	}
}

// Reading a letter needs the case; taking it out as a PDF needs export;
// the case's audit log is the privacy officer's.
func TestLettersAndAuditLogAreTheServices(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 10, 0, 0, 0, toren.Amsterdam))
	f, rep := e.letterCase(false)
	id := f.Case.ID
	recs, err := e.svc.MakeLetters(audit.WithRecorder(e.ctx, recorded(e.cas)), e.cas, id, closingRequest(e, personOf(rep, reports.RoleVictim)))
	if err != nil {
		t.Fatal(err)
	}
	rec := recs[0]
	if _, got, err := e.svc.Letter(e.ctx, e.cor, id, rec.ID); err != nil || got.HTML != rec.HTML {
		t.Errorf("a colleague of the team reads the letter: %v", err)
	}
	if _, _, err := e.svc.Letter(e.ctx, e.zoe, id, rec.ID); err == nil {
		t.Error("a case manager of another team reads the letter")
	}
	other, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{e.report("Piet Buur", false, false).ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Letter(e.ctx, e.cas, other.Case.ID, rec.ID); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("a letter asked for under another case: %v, want not found", err)
	}
	if _, _, err := e.svc.LetterPDF(e.ctx, e.cas, id, rec.ID); err != nil {
		t.Errorf("the case manager takes the PDF: %v", err)
	}
	if _, _, err := e.svc.LetterPDF(e.ctx, e.gert, id, rec.ID); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the behavioural scientist (no export) takes the PDF: %v", err)
	}

	po := e.user("pim", "Pim Prins", authz.RolePrivacyOfficer)
	log, err := e.svc.CaseAudit(e.ctx, po, id, 100)
	if err != nil || log.Number != f.Case.Number || len(log.Entries) == 0 {
		t.Errorf("the privacy officer reads the case's log: %+v, %v", log, err)
	}
	if _, err := e.svc.CaseAudit(e.ctx, e.tara, id, 100); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a team leader reads the case's log: %v", err)
	}
}
