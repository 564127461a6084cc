package casework_test

import (
	"slices"
	"testing"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// File.Due is the one answer to what is due when: the process's deadlines
// and the open agreements, earliest first; the worker's queue lists
// exactly those items for the case. An agreement dated before today is
// refused unless the date is confirmed, and is late from the start.
func TestDueIsTheOneAnswer(t *testing.T) {
	e := newEnv(t, start)
	c := e.inConditions()
	today := toren.DateOf(start.In(toren.Amsterdam))

	in := casework.AgreementInput{Who: "Moeder", What: "Meldt zich bij de huisarts.", Due: today.AddDays(-2)}
	seq := e.head()
	_, err := e.svc.AddAgreement(e.ctx, e.cas, c.Case.ID, in)
	wantRule(t, "an agreement dated in the past", err, toren.CodeInvalid, "past")
	e.unchanged("an agreement dated in the past", c, seq)
	in.PastDue = true
	late, err := e.svc.AddAgreement(e.ctx, e.cas, c.Case.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddAgreement(e.ctx, e.cas, c.Case.ID, casework.AgreementInput{Who: "Vader", What: "Belt vooraf.", Due: today}); err != nil {
		t.Fatalf("an agreement due today: %v", err)
	}

	f := e.file(e.cas, c.Case.ID)
	if d := f.DueAgreement(late.ID); d == nil || !d.Overdue || d.Kind != casework.QueueAgreement {
		t.Fatalf("the confirmed agreement in the past: %+v", d)
	}
	if !f.Late(casework.QueueAgreement, false) {
		t.Error("File.Late does not see the late agreement")
	}
	if !slices.IsSortedFunc(f.Due, func(a, b casework.QueueItem) int { return a.Due.Compare(b.Due) }) {
		t.Error("File.Due is not earliest first")
	}
	if n := f.Next(); n == nil || *n != f.Due[0] {
		t.Errorf("File.Next %+v is not the first of File.Due", n)
	}
	var agreements, deadlines int
	for _, d := range f.Due {
		switch d.Kind {
		case casework.QueueAgreement:
			agreements++
		case casework.QueueDeadline:
			deadlines++
		}
	}
	if agreements != 2 || deadlines == 0 {
		t.Errorf("File.Due holds %d agreements and %d deadlines: %+v", agreements, deadlines, f.Due)
	}

	q, err := e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var inQueue []casework.QueueItem
	for _, it := range q {
		if it.CaseID == c.Case.ID && (it.Kind == casework.QueueAgreement || it.Kind == casework.QueueDeadline) {
			inQueue = append(inQueue, it)
		}
	}
	slices.SortStableFunc(inQueue, func(a, b casework.QueueItem) int { return a.Due.Compare(b.Due) })
	if len(inQueue) != len(f.Due) {
		t.Fatalf("the queue lists %d items of the case, File.Due %d", len(inQueue), len(f.Due))
	}
	for i := range inQueue {
		a, b := inQueue[i], f.Due[i]
		if a.Kind != b.Kind || a.Deadline != b.Deadline || a.Months != b.Months || !a.Due.Equal(b.Due) || a.Overdue != b.Overdue {
			t.Errorf("queue %s/%s %v late=%v, file %s/%s %v late=%v", a.Kind, a.Deadline, a.Due, a.Overdue, b.Kind, b.Deadline, b.Due, b.Overdue)
		}
	}
}

// The case list shows each case's next deadline as the case file does
// (File.Next): the list reads only the parts of the files that decide
// what is due (PartsDue), so a rule that came to read another part would
// show here. Checked for cases with nothing due, an open and a late
// agreement, a process deadline, a declined handover and monitoring
// moments, now and six weeks on.
func TestCaseListAgreesWithTheCaseFile(t *testing.T) {
	e := newEnv(t, start)
	today := toren.DateOf(start.In(toren.Amsterdam))
	feedback := func(f *casework.File) {
		t.Helper()
		if _, err := e.svc.AddFeedback(e.ctx, e.cas, f.Case.ID, casework.FeedbackInput{ReportID: f.Case.ReportIDs[0],
			Moment: casework.FeedbackAfterAssessment, GivenAt: e.clock.Now(), Channel: casework.ChannelPhone, Summary: "Melder geïnformeerd."}); err != nil {
			t.Fatal(err)
		}
	}
	agreement := func(f *casework.File, due toren.Date) {
		t.Helper()
		if _, err := e.svc.AddAgreement(e.ctx, e.cas, f.Case.ID, casework.AgreementInput{Who: "Moeder", What: "Belt de huisarts.",
			Due: due, PastDue: due.Before(today)}); err != nil {
			t.Fatal(err)
		}
	}
	nothing := e.inConditions()
	feedback(nothing)
	open := e.inConditions()
	feedback(open)
	agreement(open, today.AddDays(10))
	late := e.inConditions()
	agreement(late, today.AddDays(-2))
	assessing := e.move(e.iris, e.open(e.report("Dirk Buur", false, false)), cases.StartSafetyAssessment)
	if _, err := e.svc.Assign(e.ctx, e.tara, assessing.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID},
		Version: assessing.Case.Version}); err != nil {
		t.Fatal(err)
	}
	handedOver := func(accept bool) *casework.File {
		t.Helper()
		f := e.inConditions()
		feedback(f)
		h := e.handover(e.cas, f.Case.ID, e.condition(e.cas, f.Case.ID, "Er vindt geen huiselijk geweld plaats.").ID)
		if _, err := e.svc.RecordLetter(e.ctx, e.cas, f.Case.ID, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.clock.Now(), Recipient: "Moeder"}); err != nil {
			t.Fatal(err)
		}
		e.approve(e.gert, e.propose(e.cas, f.Case.ID, closure(cases.HandOverConditions)))
		if _, err := e.svc.RespondHandover(e.ctx, e.cas, f.Case.ID, h.ID, casework.HandoverResponse{Accept: accept, Note: "Geen capaciteit.", Version: h.Version}); err != nil {
			t.Fatal(err)
		}
		if accept {
			return e.move(e.cas, e.file(e.cas, f.Case.ID), cases.StartMonitoring)
		}
		return f
	}
	handedOver(false)
	handedOver(true)

	seen := map[string]bool{}
	check := func(when string) {
		t.Helper()
		for _, a := range []authz.Actor{e.cas, e.tara, e.mo} {
			list, err := e.svc.Cases(e.ctx, a, casework.CaseListRequest{})
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range list {
				f := e.file(a, cs.Case.ID)
				want, got := f.Next(), cs.Next
				switch {
				case want == nil && got == nil:
					seen["nothing due"] = true
					continue
				case want == nil || got == nil:
					t.Errorf("%s, %s lists case %s with next %+v, the case file %+v", when, a.Name, cs.Case.Number, got, want)
					continue
				case *got != *want:
					t.Errorf("%s, %s lists case %s with next\n%+v\nthe case file\n%+v", when, a.Name, cs.Case.Number, *got, *want)
				}
				seen[string(want.Kind)+map[bool]string{true: " late", false: " open"}[want.Overdue]] = true
				if want.MomentID != 0 {
					seen["monitoring moment"] = true
				}
				c := cs.Case
				if n := len(f.Phases); c.ID != f.Case.ID || c.Number != f.Case.Number || c.Status != f.Case.Status || c.Team != f.Case.Team ||
					c.Version != f.Case.Version || !slices.Equal(cs.Workers, f.Assignment.Workers) || !slices.Equal(cs.PersonIDs, f.PersonIDs) ||
					n > 0 && cs.Phase != f.Phases[n-1].Phase {
					t.Errorf("%s, %s lists case %s as %+v, the case file has %+v", when, a.Name, cs.Case.Number, cs, f.Case)
				}
			}
		}
	}
	check("today")
	e.at(start.AddDate(0, 0, 42))
	check("six weeks on")
	for _, want := range []string{"nothing due", "agreement open", "agreement late", "deadline late", "handover_declined open", "deadline open", "monitoring moment"} {
		if !seen[want] {
			t.Errorf("no case had %s: %v", want, seen)
		}
	}
}
