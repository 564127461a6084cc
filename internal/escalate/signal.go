// Package escalate holds the escalation rules of the radar ("verkeerstoren"
// rules): when a new signal about persons comes together with what Toren
// already knows about them and their household, someone must be told at
// once. The rules are data (Rule values: a code, a Dutch name and
// explanation, an audience, a severity and a predicate), evaluated over a
// Signal and its History. The package has no I/O: the store gathers the
// History inside the transaction that stores the signal.
package escalate

import (
	"strings"
	"time"

	"toren/internal/cases"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Signal is the new report or advice request the rules look at.
type Signal struct {
	ReportID   int64
	Number     string
	Kind       reports.Kind
	Acute      bool
	ReceivedAt time.Time
	Reporter   Reporter
	// Persons are the registry persons the signal names.
	Persons []Person
	// Candidates are the registry persons the radar proposed for a
	// mention without linking it: a review item waits for a person to
	// decide.
	Candidates []Candidate
}

// Candidate is a registry person a mention of the signal may be.
type Candidate struct {
	PersonID int64
	// Probability is the radar's posterior probability that they are one.
	Probability float64
}

// Person is one registry person named in the signal.
type Person struct {
	ID   int64
	Role reports.Role
	// BirthDate as named, else as the registry knows it; zero when unknown.
	BirthDate toren.Date
	// Age in years as the reporter stated it, when no date of birth is known.
	Age *int
}

// AgeOn returns the person's age in whole years on day on, and whether it
// is known at all.
func (p Person) AgeOn(on toren.Date) (int, bool) {
	switch {
	case !p.BirthDate.IsZero():
		return p.BirthDate.AgeOn(on), true
	case p.Age != nil:
		return *p.Age, true
	}
	return 0, false
}

// Reporter is who gave a signal, as far as the rules tell reporters apart.
type Reporter struct {
	Kind         reports.ReporterKind
	Organisation string
	// Name tells citizens apart, who have no organisation. It is compared,
	// never shown in an explanation (the reporter may have asked to stay
	// unknown to the family).
	Name string
}

// Same reports whether r and o are the same reporter: for a professional
// the same kind and organisation, for a citizen the same name. Spelling
// differences in case, accents and spacing do not count. A reporter with
// neither organisation nor name cannot be recognised and is never the
// same as another, which errs on the side of escalating.
func (r Reporter) Same(o Reporter) bool {
	a, b := r.key(), o.key()
	return a != "" && a == b
}

func (r Reporter) key() string {
	who := r.Organisation
	if r.Kind == reports.ReporterCitizen || who == "" {
		who = r.Name
	}
	who = strings.Join(strings.Fields(persons.Fold(who)), " ")
	if who == "" {
		return ""
	}
	return string(r.Kind) + "|" + who
}

// Label is the reporter's kind in Dutch, for explanations.
func (r Reporter) Label() string { return reports.LabelOf(reports.ReporterKinds, r.Kind) }

// History is what Toren knew before the signal about its persons and their
// households.
type History struct {
	// Reports are the earlier reports and advice requests naming a person
	// of the signal or a member of their household, the signal itself left
	// out, newest first.
	Reports []EarlierReport
	// Cases are the cases whose reports name a person of the signal.
	Cases []Case
	// CandidateCases are the cases whose reports name a candidate of the
	// signal (PersonIDs: the candidates).
	CandidateCases []Case
}

// EarlierReport is one earlier signal about the persons or their household.
type EarlierReport struct {
	ReportID   int64
	Number     string
	Kind       reports.Kind
	ReceivedAt time.Time
	Reporter   Reporter
	// PersonIDs are the persons of the signal it names; HouseholdIDs the
	// members of their households (not in the signal) it names.
	PersonIDs    []int64
	HouseholdIDs []int64
}

// Case is a case file one of the signal's persons is in.
type Case struct {
	ID       int64
	Number   string
	Status   cases.Status
	Team     string
	OpenedAt time.Time
	// ClosedAt is when the case was closed or ended; zero while it runs.
	ClosedAt time.Time
	// PersonIDs are the persons of the signal named in the case's reports.
	PersonIDs []int64
}

// Closed reports whether the involvement ended (closed or ended).
func (c Case) Closed() bool {
	return c.Status == cases.StatusClosed || c.Status == cases.StatusEnded
}

// day is the calendar day of t in Amsterdam: windows count whole days as
// the workers see them.
func day(t time.Time) toren.Date { return toren.DateOf(t.In(toren.Amsterdam)) }

// daysBetween returns the number of calendar days from a to b (negative
// when b lies before a).
func daysBetween(a, b toren.Date) int {
	return int(b.Time().Sub(a.Time()) / (24 * time.Hour)) // both at midnight UTC: exact
}
