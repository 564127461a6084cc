package escalate

import (
	"fmt"
	"slices"
	"strings"

	"toren/internal/cases"
	"toren/internal/reports"
)

// Code identifies a rule; it is stored with every alert the rule raises.
type Code string

const (
	CodeSeveralReporters Code = "several_reporters" // meerdere melders binnen de termijn
	CodeOpenCase         Code = "open_case"         // signaal tijdens lopend dossier
	CodeMonitoring       Code = "monitoring"        // signaal tijdens monitoring
	CodeRecidive         Code = "recidive"          // hermelding na afsluiting
	CodeUrgent           Code = "urgent_triage"     // acuut of jong kind
	CodeReviewOpenCase   Code = "review_open_case"  // mogelijk signaal tijdens lopend dossier (koppeling te beoordelen)
	CodeReviewMonitoring Code = "review_monitoring" // mogelijk signaal tijdens monitoring (koppeling te beoordelen)
)

// Audience is whom an alert is for. The alerts service turns it into a
// team or a worker.
type Audience string

const (
	AudienceTriage      Audience = "triage"       // the triage team (frontoffice)
	AudienceCaseManager Audience = "case_manager" // the case manager of the case
	AudienceMonitoring  Audience = "monitoring"   // the monitoring worker of the case
)

// Label returns the Dutch name of the audience.
func (a Audience) Label() string {
	switch a {
	case AudienceTriage:
		return "Triageteam"
	case AudienceCaseManager:
		return "Casemanager"
	case AudienceMonitoring:
		return "Medewerker monitoring"
	}
	return string(a)
}

// Severity says how soon the audience must act.
type Severity string

const (
	SeverityNotice Severity = "notice" // bij de triage meewegen
	SeverityHigh   Severity = "high"   // vandaag oppakken
	SeverityUrgent Severity = "urgent" // direct oppakken
)

// Label returns the Dutch name of the severity.
func (s Severity) Label() string {
	switch s {
	case SeverityNotice:
		return "Aandacht"
	case SeverityHigh:
		return "Hoog"
	case SeverityUrgent:
		return "Urgent"
	}
	return string(s)
}

// Rank orders severities, most severe highest.
func (s Severity) Rank() int {
	switch s {
	case SeverityNotice:
		return 1
	case SeverityHigh:
		return 2
	case SeverityUrgent:
		return 3
	}
	return 0
}

// Rule is one escalation rule.
type Rule struct {
	// Code names the rule; the pages and the API word it from the web's
	// catalogue (alert.rule.*), which also says what the rule looks for.
	Code     Code
	Audience Audience
	Severity Severity
	// Match returns one Finding per alert the rule raises for the signal,
	// none when it does not fire.
	Match func(c Config, s Signal, h History) []Finding
}

// Finding is one reason a rule fires, with its explanation filled in.
type Finding struct {
	// PersonID is the person of the signal the alert is about (0: the
	// signal as a whole).
	PersonID int64
	// Case is the case concerned, if any.
	Case *Case
	// ReportIDs are the earlier reports that made the rule fire.
	ReportIDs []int64
	// Explanation says in Dutch which reports and which case, so the
	// reader need not search.
	Explanation string
}

// Config holds the rules' settings. The defaults follow the brief of the
// Veilig Thuis organisation; domain.md §5 R3 proposes 30 days and leaves
// the window to each organisation (open question 9).
type Config struct {
	// WindowDays: reports from different reporters at most this many
	// calendar days apart escalate together (rule several_reporters).
	WindowDays int
	// RecidiveMonths: a signal at most this many months after a case was
	// closed is a repeat report, hermelding (rule recidive).
	RecidiveMonths int
	// YoungChildAge: a report about a child younger than this many years
	// is urgent (rule urgent_triage).
	YoungChildAge int
}

// DefaultConfig returns 90 days, 12 months and age 4.
func DefaultConfig() Config {
	return Config{WindowDays: 90, RecidiveMonths: 12, YoungChildAge: 4}
}

// Validate checks that every setting lies in a sensible range.
func (c Config) Validate() error {
	var errs []string
	if c.WindowDays < 1 || c.WindowDays > 3650 {
		errs = append(errs, fmt.Sprintf("window_days %d: must be from 1 to 3650", c.WindowDays))
	}
	if c.RecidiveMonths < 1 || c.RecidiveMonths > 120 {
		errs = append(errs, fmt.Sprintf("recidive_months %d: must be from 1 to 120", c.RecidiveMonths))
	}
	if c.YoungChildAge < 1 || c.YoungChildAge > 18 {
		errs = append(errs, fmt.Sprintf("young_child_age %d: must be from 1 to 18", c.YoungChildAge))
	}
	if len(errs) > 0 {
		return fmt.Errorf("escalate: config: %s", strings.Join(errs, "; "))
	}
	return nil
}

// DefaultRules returns the rules of the radar, in the order their alerts
// are listed. Each call returns fresh values.
func DefaultRules() []Rule {
	return []Rule{
		{
			// An acute report, or one about a child younger than the configured age,
			// goes to triage at once: young children are the most vulnerable and
			// cannot fetch help themselves.
			Code:     CodeUrgent,
			Audience: AudienceTriage, Severity: SeverityUrgent, Match: matchUrgent,
		},
		{
			// A new signal about a person in an open case goes to that case's case
			// manager at once: the situation may not be safe yet.
			Code:     CodeOpenCase,
			Audience: AudienceCaseManager, Severity: SeverityHigh, Match: matchCaseStatus(func(s cases.Status) bool { return s.Open() }, "lopend dossier"),
		},
		{
			// A new signal about a person whose case is in monitoring goes to the
			// monitoring worker: the safety conditions may not be kept.
			Code:     CodeMonitoring,
			Audience: AudienceMonitoring, Severity: SeverityHigh, Match: matchCaseStatus(func(s cases.Status) bool { return s == cases.StatusMonitoring }, "dossier in monitoring"),
		},
		{
			// Two or more reports from different reporters about the same person or
			// household within the configured window mean the situation stays
			// unsafe: escalate at triage.
			Code:     CodeSeveralReporters,
			Audience: AudienceTriage, Severity: SeverityHigh, Match: matchSeveralReporters,
		},
		{
			// A signal within the configured term after a case of this person was
			// closed is a repeat report (recidive): weigh the earlier case at
			// triage.
			Code:     CodeRecidive,
			Audience: AudienceTriage, Severity: SeverityNotice, Match: matchRecidive,
		},
		{
			// The radar doubts whether someone in a new report is a person of an
			// open case. The case manager hears at once, and the link tops the
			// review list: waiting for someone to go through the list can be too
			// late.
			Code:     CodeReviewOpenCase,
			Audience: AudienceCaseManager, Severity: SeverityHigh,
			Match: matchCandidateCase(func(s cases.Status) bool { return s.Open() }, "lopend dossier"),
		},
		{
			// The radar doubts whether someone in a new report is a person whose
			// case is in monitoring. The monitoring worker hears at once; the link
			// tops the review list.
			Code:     CodeReviewMonitoring,
			Audience: AudienceMonitoring, Severity: SeverityHigh,
			Match: matchCandidateCase(func(s cases.Status) bool { return s == cases.StatusMonitoring }, "dossier in monitoring"),
		},
	}
}

// The explanations the rules write (Finding.Explanation) are stored with
// the alert they raise and shown as they were written: an alert says what
// was known when it was raised, so its text is data and is not worded
// again when it is read. That is why they are Dutch sentences here and
// not codes the pages word. Their words for a case's status
// (cases.StatusLabels), a report's kind (kindWord) and a reporter's kind
// (reports) are the pages' words: the web's TestEscalationRecordedWords
// holds the sentences to the catalogue, so an alert and the case page
// name a status alike. A new alert takes a changed word; a stored one
// keeps its own.

// matchCandidateCase fires once per case of the signal's review
// candidates whose status passes in, unless a person the signal names is
// in that case already (the case-status rules tell the team then).
func matchCandidateCase(in func(cases.Status) bool, what string) func(Config, Signal, History) []Finding {
	return func(_ Config, s Signal, h History) []Finding {
		var out []Finding
		for i := range h.CandidateCases {
			cs := h.CandidateCases[i]
			if !in(cs.Status) || len(cs.PersonIDs) == 0 ||
				slices.ContainsFunc(h.Cases, func(c Case) bool { return c.ID == cs.ID && len(c.PersonIDs) > 0 }) {
				continue
			}
			p := 0.0
			for _, c := range s.Candidates {
				if c.PersonID == cs.PersonIDs[0] {
					p = c.Probability
				}
			}
			text := fmt.Sprintf("Nieuwe %s %s (%s, ontvangen %s) noemt iemand die mogelijk een persoon is in %s %s (status %s",
				kindWord(s.Kind), s.Number, s.Reporter.Label(), day(s.ReceivedAt).Dutch(), what, cs.Number, cases.StatusLabels[cs.Status])
			if cs.Team != "" {
				text += ", team " + cs.Team
			}
			text += fmt.Sprintf("); de radar schat de kans op %.0f%%. De koppeling staat bovenaan de lijst om te beoordelen.", 100*p)
			out = append(out, Finding{PersonID: cs.PersonIDs[0], Case: &cs, Explanation: text})
		}
		return out
	}
}

// RuleByCode returns the default rule with that code.
func RuleByCode(code Code) (Rule, bool) {
	i := slices.IndexFunc(DefaultRules(), func(r Rule) bool { return r.Code == code })
	if i < 0 {
		return Rule{}, false
	}
	return DefaultRules()[i], true
}

func kindWord(k reports.Kind) string {
	if k == reports.KindAdvice {
		return "adviesvraag"
	}
	return "melding"
}

// matchUrgent: a report that is acute or names a child younger than
// YoungChildAge on the day it was received.
func matchUrgent(c Config, s Signal, _ History) []Finding {
	if s.Kind != reports.KindReport {
		return nil
	}
	on := day(s.ReceivedAt)
	var reasons []string
	var person int64
	youngest := -1
	for _, p := range s.Persons {
		age, ok := p.AgeOn(on)
		if !ok || age < 0 || age >= c.YoungChildAge {
			continue
		}
		if youngest < 0 || age < youngest {
			youngest, person = age, p.ID
		}
		if age == 0 {
			reasons = append(reasons, "een baby jonger dan 1 jaar")
		} else {
			reasons = append(reasons, fmt.Sprintf("een kind van %d jaar", age))
		}
	}
	if s.Acute {
		reasons = append([]string{"de melding is acuut"}, reasons...)
		if person == 0 && len(s.Persons) > 0 {
			person = s.Persons[0].ID
		}
	}
	if len(reasons) == 0 {
		return nil
	}
	text := fmt.Sprintf("Melding %s (%s): %s.", s.Number, day(s.ReceivedAt).Dutch(), joinDutch(reasons))
	if youngest >= 0 {
		text += fmt.Sprintf(" Kinderen jonger dan %d jaar gaan direct naar de triage.", c.YoungChildAge)
	}
	return []Finding{{PersonID: person, Explanation: text}}
}

// matchCaseStatus fires once per case of the signal's persons whose status
// passes in: the case's team (its case manager or monitoring worker) must
// hear of the signal at once. what names the state in the explanation.
func matchCaseStatus(in func(cases.Status) bool, what string) func(Config, Signal, History) []Finding {
	return func(_ Config, s Signal, h History) []Finding {
		var out []Finding
		for i := range h.Cases {
			cs := h.Cases[i]
			if !in(cs.Status) || len(cs.PersonIDs) == 0 {
				continue
			}
			text := fmt.Sprintf("Nieuwe %s %s (%s, ontvangen %s) over een persoon in %s %s (status %s",
				kindWord(s.Kind), s.Number, s.Reporter.Label(), day(s.ReceivedAt).Dutch(), what, cs.Number, cases.StatusLabels[cs.Status])
			if cs.Team != "" {
				text += ", team " + cs.Team
			}
			text += ")."
			out = append(out, Finding{PersonID: cs.PersonIDs[0], Case: &cs, Explanation: text})
		}
		return out
	}
}

// matchSeveralReporters: the signal is a report, and within WindowDays of
// it (before or after: an import may bring older reports later) another
// report about one of its persons or their household came from a
// different reporter.
func matchSeveralReporters(c Config, s Signal, h History) []Finding {
	if s.Kind != reports.KindReport {
		return nil
	}
	on := day(s.ReceivedAt)
	var others []EarlierReport
	for _, r := range h.Reports {
		if r.Kind != reports.KindReport {
			continue
		}
		d := daysBetween(day(r.ReceivedAt), on)
		if d < 0 {
			d = -d
		}
		if d > c.WindowDays || r.Reporter.Same(s.Reporter) {
			continue
		}
		others = append(others, r)
	}
	if len(others) == 0 {
		return nil
	}
	var person int64
	var ids []int64
	list := []string{fmt.Sprintf("deze melding %s (%s, %s)", s.Number, s.Reporter.Label(), on.Dutch())}
	for _, r := range others {
		ids = append(ids, r.ReportID)
		item := fmt.Sprintf("%s (%s, %s", r.Number, r.Reporter.Label(), day(r.ReceivedAt).Dutch())
		if len(r.PersonIDs) == 0 {
			item += ", over het huishouden"
		} else if person == 0 {
			person = r.PersonIDs[0]
		}
		list = append(list, item+")")
	}
	if person == 0 && len(s.Persons) > 0 {
		person = s.Persons[0].ID
	}
	text := fmt.Sprintf("%d meldingen van verschillende melders binnen %d dagen over dezelfde persoon of hetzelfde huishouden: %s.",
		len(list), c.WindowDays, joinDutch(list))
	return []Finding{{PersonID: person, ReportIDs: ids, Explanation: text}}
}

// matchRecidive: no case of the signal's persons runs (a signal during an
// involvement is a follow-up, not a repeat: CBS R4), and one was closed or
// ended at most RecidiveMonths before the signal. One finding, for the
// most recently closed case, listing every such case.
func matchRecidive(c Config, s Signal, h History) []Finding {
	on := day(s.ReceivedAt)
	var hits []Case
	for _, cs := range h.Cases {
		if len(cs.PersonIDs) == 0 {
			continue
		}
		if !cs.Closed() {
			if cs.Status != cases.StatusConvertedToAdvice {
				return nil // current involvement: open_case or monitoring applies
			}
			continue
		}
		if cs.ClosedAt.IsZero() {
			continue
		}
		closed := day(cs.ClosedAt)
		if on.Before(closed) || on.After(closed.AddDate(0, c.RecidiveMonths, 0)) {
			continue
		}
		hits = append(hits, cs)
	}
	if len(hits) == 0 {
		return nil
	}
	slices.SortStableFunc(hits, func(a, b Case) int { return b.ClosedAt.Compare(a.ClosedAt) })
	var list []string
	for _, cs := range hits {
		list = append(list, fmt.Sprintf("%s (afgesloten %s)", cs.Number, day(cs.ClosedAt).Dutch()))
	}
	latest := hits[0]
	text := fmt.Sprintf("Hermelding: %s %s komt binnen %d maanden na afsluiting van dossier %s.",
		kindWord(s.Kind), s.Number, c.RecidiveMonths, joinDutch(list))
	return []Finding{{PersonID: latest.PersonIDs[0], Case: &latest, Explanation: text}}
}

// joinDutch joins "a", "b" and "c" as "a, b en c".
func joinDutch(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " en " + items[len(items)-1]
}
