package casework_test

import (
	"slices"
	"testing"

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
		if a.Label != b.Label || !a.Due.Equal(b.Due) || a.Overdue != b.Overdue {
			t.Errorf("queue %q %v late=%v, file %q %v late=%v", a.Label, a.Due, a.Overdue, b.Label, b.Due, b.Overdue)
		}
	}
}
