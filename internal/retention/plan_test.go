package retention

import (
	"testing"
	"time"

	"toren/internal/toren"
)

func day(s string) time.Time { return toren.MustDate(s).Time() }

func TestDueTakesTheLaterOfTermAndChildOfAge(t *testing.T) {
	r := DefaultRule()
	cases := []struct {
		name  string
		last  string
		child string
		want  string
	}{
		{"no child: twenty years and a day", "2001-05-10", "", "2021-05-11"},
		{"child of age before the term ends", "2001-05-10", "1990-01-01", "2021-05-11"},
		{"young child decides", "2001-05-10", "2005-07-01", "2023-07-01"},
		{"leap day birth", "2000-01-01", "2012-02-29", "2030-03-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var child toren.Date
			if c.child != "" {
				child = toren.MustDate(c.child)
			}
			if got := r.Due(day(c.last), child); got.String() != c.want {
				t.Fatalf("Due(%s, %s) = %s, want %s", c.last, c.child, got, c.want)
			}
		})
	}
}

func TestRuleValidateNamesTheSetting(t *testing.T) {
	for _, r := range []Rule{{Name: "x", YearsAfterLast: 0, ChildAge: 18}, {Name: "x", YearsAfterLast: 20, ChildAge: -1}, {YearsAfterLast: 20, ChildAge: 18}} {
		err := r.Validate()
		if err == nil {
			t.Fatalf("%+v: accepted", r)
		}
	}
	if err := DefaultRule().Validate(); err != nil {
		t.Fatal(err)
	}
}

// facts builds a registry of four families over the years:
//
//	A: report 1 (1999) naming persons 1 and 2, case 10 closed in 2001.
//	B: report 2 (2000) naming person 3, a child born 2004 (age given).
//	C: report 3 (2001) naming person 4; report 4 (2024) naming person 5,
//	   and person 5 merged into person 4: one file, recent.
//	D: report 5 (2000) naming person 6, case 11 still open.
//	E: report 6 (1998) naming person 7, held.
func facts() Facts {
	return Facts{
		Reports: []ReportFact{
			{1, "M-1999-1", day("1999-03-01")}, {2, "M-2000-1", day("2000-06-01")}, {3, "M-2001-1", day("2001-01-01")},
			{4, "M-2024-1", day("2024-02-01")}, {5, "M-2000-2", day("2000-02-01")}, {6, "M-1998-1", day("1998-02-01")},
		},
		Cases: []CaseFact{{10, "D-1999-1", true, day("2001-09-01")}, {11, "D-2000-1", false, day("2000-03-01")}},
		Mentions: []MentionFact{
			{ReportID: 1, PersonID: 1, Age: -1, ReceivedAt: day("1999-03-01")},
			{ReportID: 1, PersonID: 2, Child: true, Birth: toren.MustDate("1995-01-01"), Age: -1, ReceivedAt: day("1999-03-01")},
			{ReportID: 2, PersonID: 3, Child: true, Age: 0, ReceivedAt: day("2004-06-01")},
			{ReportID: 3, PersonID: 4, Age: -1, ReceivedAt: day("2001-01-01")},
			{ReportID: 4, PersonID: 5, Age: -1, ReceivedAt: day("2024-02-01")},
			{ReportID: 5, PersonID: 6, Age: -1, ReceivedAt: day("2000-02-01")},
			{ReportID: 6, PersonID: 7, Age: -1, ReceivedAt: day("1998-02-01")},
		},
		CaseReports: []Link{{10, 1}, {11, 5}},
		Merges:      []Link{{4, 5}},
		Holds:       []Hold{{ID: 1, Kind: HoldPerson, ObjectID: 7, Reason: "rechtszaak"}},
	}
}

func TestBuildGroupsFilesAndDecidesEach(t *testing.T) {
	p := Build(facts(), DefaultRule(), toren.MustDate("2022-01-01"))
	// A is due on 2021-09-02 (case closed 2001-09-01): destroyed. B's child
	// (born 2004-06-01 by its age) is 18 in 2022-06-01: kept. C is recent
	// through the merge: kept. D has an open case; E is held.
	if len(p.Destroy) != 1 || p.Destroy[0].Due.String() != "2021-09-02" {
		t.Fatalf("destroy = %+v, want file A due 2021-09-02", p.Destroy)
	}
	a := p.Destroy[0]
	if len(a.Persons) != 2 || len(a.Reports) != 1 || len(a.Cases) != 1 || a.CaseNumbers[0] != "D-1999-1" {
		t.Fatalf("file A = %+v", a)
	}
	if len(p.Open) != 1 || p.Open[0].CaseNumbers[0] != "D-2000-1" {
		t.Fatalf("open = %+v", p.Open)
	}
	if len(p.Held) != 1 || p.Held[0].Persons[0] != 7 || p.Held[0].Holds[0].ID != 1 {
		t.Fatalf("held = %+v", p.Held)
	}
	if p.Kept != 2 {
		t.Fatalf("kept = %d, want 2 (the child's file and the merged recent file)", p.Kept)
	}
	// Later the child is of age: B goes too; C stays for twenty years
	// after 2024.
	p = Build(facts(), DefaultRule(), toren.MustDate("2022-06-01"))
	if len(p.Destroy) != 2 || p.Destroy[1].Why == "" || p.Destroy[1].ReportNumbers[0] != "M-2000-1" {
		t.Fatalf("destroy on 2022-06-01 = %+v", p.Destroy)
	}
	if got := p.Destroy[1].Why; got != "the youngest child (born 2004-06-01) is 18 on 2022-06-01" {
		t.Fatalf("why = %q", got)
	}
	p = Build(facts(), DefaultRule(), toren.MustDate("2044-02-02"))
	if n, _, _ := Counts(p.Destroy); n != 5 {
		t.Fatalf("2044: %d persons to destroy, want 5 (A, B, C)", n)
	}
}
