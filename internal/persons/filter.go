package persons

// Filter selects registry persons.
type Filter struct {
	// Surname matches the folded surname without particle, as a prefix.
	Surname string
	Limit   int
	// BeforeID pages newest first.
	BeforeID int64
}

// Facts is what need-to-know asks of a person: the teams with a
// current involvement (as PersonCaseTeams) and whether a report naming
// them is in triage (as PersonInTriage).
type Facts struct {
	Teams    []string
	InTriage bool
	// InCase: a report naming the person is in a case, open or closed.
	// The intake team owns a person only while no case has touched them:
	// after that, their content belongs to the cases' teams (or, once
	// closed, to no one).
	InCase bool
}
