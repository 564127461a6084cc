// Package retention destroys files whose legal retention term has passed:
// the organisation's rule (years after the last involvement ended, never
// before the youngest child involved is of age), legal holds that stop it,
// the plan a privacy officer reads before anything happens, and the run that
// destroys in batches and leaves tombstones without personal data.
//
// The unit of destruction is a file: the registry persons, reports and
// case files that are connected to each other (a person named in a report,
// a report in a case, a contact person of a case, two persons merged). A
// file is kept or destroyed as a whole, so that what remains never points
// at a half-destroyed family history.
package retention

import (
	"fmt"
	"time"

	"toren/internal/toren"
)

// Rule is an organisation's retention term.
type Rule struct {
	// Name is how tombstones and the audit log name the rule, so that a
	// later change of the rule does not change what an old tombstone says.
	Name string
	// YearsAfterLast: a file is kept this many years after the last
	// involvement with it ended (the last report received, the last change
	// to a case that has ended).
	YearsAfterLast int
	// ChildAge: and never before the youngest child named in the file
	// reaches this age.
	ChildAge int
}

// DefaultRule is the term of the Jeugdwet and Wmo 2015 as applied to Veilig
// Thuis files: 20 years after the last involvement, and at least until the
// youngest child is 18 (see docs/operations.md, "Retention").
func DefaultRule() Rule {
	return Rule{Name: "vt-20y-child18", YearsAfterLast: 20, ChildAge: 18}
}

// Validate checks the rule; errors name the setting and the rule.
func (r Rule) Validate() error {
	var p toren.Problems
	if r.Name == "" || len(r.Name) > 64 {
		p.Add("retention_rule", "required", "the rule needs a name of 1 to 64 characters")
	}
	if r.YearsAfterLast < 1 || r.YearsAfterLast > 200 {
		p.Add("retention_years", "range", "must be from 1 to 200 years")
	}
	if r.ChildAge < 0 || r.ChildAge > 30 {
		p.Add("retention_child_age", "range", "must be from 0 to 30 years")
	}
	return p.Err()
}

// String says the rule in a sentence, for the plan and the documentation.
func (r Rule) String() string {
	return fmt.Sprintf("%s: %d years after the last involvement ended, never before the youngest child is %d",
		r.Name, r.YearsAfterLast, r.ChildAge)
}

// Due returns the first day the file may be destroyed: YearsAfterLast after
// last, or later when a child is younger (youngestChild is the latest date
// of birth of a child in the file; zero when there is none).
func (r Rule) Due(last time.Time, youngestChild toren.Date) toren.Date {
	due := toren.DateOf(last.UTC()).AddDate(r.YearsAfterLast, 0, 0).AddDays(1)
	if !youngestChild.IsZero() {
		if adult := youngestChild.AddDate(r.ChildAge, 0, 0); adult.After(due) {
			due = adult
		}
	}
	return due
}
